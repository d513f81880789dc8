import { request } from 'node:https'
import type { KubeConfig } from '@kubernetes/client-node'

const maxIndexChars = 16 * 1024 * 1024

/**
 * The hash of each group version's OpenAPI schema, as the API server publishes them
 * (`GET /openapi/v3`: `apis/apps/v1` → `/openapi/v3/apis/apps/v1?hash=…`). A hash changes when
 * the schema does (a CRD updated, the server upgraded), which is what a kept dry-run prediction
 * depends on besides the object and its target.
 */
export async function readSchemaHashes(config: KubeConfig, timeoutMs = 5000): Promise<Record<string, string>> {
  const cluster = config.getCurrentCluster()
  if (!cluster) throw new Error('no current cluster in the kubeconfig')
  const options: Parameters<KubeConfig['applyToHTTPSOptions']>[0] = { method: 'GET' }
  await config.applyToHTTPSOptions(options)
  const url = new URL(`${cluster.server.replace(/\/$/, '')}/openapi/v3`)
  const body = await new Promise<string>((resolve, reject) => {
    const req = request(url, { ...(options as object), signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
        // The index lists a path per group version: a few hundred kB at most on a large cluster.
        if (text.length > maxIndexChars) req.destroy(new Error(`${url.pathname} answered more than ${maxIndexChars} characters`))
      })
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode} from ${url.pathname}`))))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
  return schemaHashesOf(JSON.parse(body))
}

/** The hashes of a `/openapi/v3` document, by group version path (`api/v1`, `apis/apps/v1`). */
export function schemaHashesOf(document: unknown): Record<string, string> {
  const paths = (document as { paths?: Record<string, { serverRelativeURL?: unknown }> } | null)?.paths ?? {}
  const hashes: Record<string, string> = {}
  for (const [path, entry] of Object.entries(paths)) {
    const url = typeof entry?.serverRelativeURL === 'string' ? entry.serverRelativeURL : ''
    hashes[path] = /[?&]hash=([^&]+)/.exec(url)?.[1] ?? url
  }
  return hashes
}

/** The path an object's group version has in `/openapi/v3` (`v1` → `api/v1`, `apps/v1` → `apis/apps/v1`). */
export const schemaPathOf = (apiVersion: string) => (apiVersion.includes('/') ? `apis/${apiVersion}` : `api/${apiVersion}`)
