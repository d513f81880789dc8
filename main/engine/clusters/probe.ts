import { request } from 'node:https'
import type { KubeConfig } from '@kubernetes/client-node'
import { explainConnectionError, type ConnectionStatus } from './connection'

/**
 * A cheap, cancellable reachability probe: GET /version, abandoned after timeoutMs (its socket
 * destroyed), so a server that hangs leaves no request piling up behind it.
 */
export async function probeVersion(config: KubeConfig, timeoutMs = 3000): Promise<ConnectionStatus> {
  const cluster = config.getCurrentCluster()
  if (!cluster) return { reachable: false, reason: 'no current cluster in the kubeconfig' }
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    const options: Parameters<KubeConfig['applyToHTTPSOptions']>[0] = { method: 'GET' }
    await config.applyToHTTPSOptions(options)
    const url = new URL(`${cluster.server.replace(/\/$/, '')}/version`)
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { ...(options as object), signal }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end()
    })
    if (status === 200) {
      const version = (JSON.parse(body) as { gitVersion?: string }).gitVersion
      return { reachable: true, ...(version ? { version } : {}) }
    }
    return { reachable: false, reason: explainConnectionError(Object.assign(new Error(`HTTP ${status} from ${url.href}`), { code: status })) }
  } catch (error) {
    if (signal.aborted) return { reachable: false, reason: `no answer within ${timeoutMs / 1000} s` }
    return { reachable: false, reason: explainConnectionError(error) }
  }
}
