import { VersionApi, type KubeConfig } from '@kubernetes/client-node'

export interface ConnectionStatus {
  reachable: boolean
  /** The server's version when reachable. */
  version?: string
  /** Why not, in words a user can act on. */
  reason?: string
}

/** Asks the cluster for its version and explains a failure: unreachable, TLS, 401, 403, exec plugin. */
export async function checkConnection(config: KubeConfig, timeoutMs = 5000): Promise<ConnectionStatus> {
  const attempt = config.makeApiClient(VersionApi).getCode().then(
    (info): ConnectionStatus => ({ reachable: true, version: info.gitVersion }),
    (error: unknown): ConnectionStatus => ({ reachable: false, reason: explainConnectionError(error) }),
  )
  const timeout = new Promise<ConnectionStatus>((resolve) => setTimeout(() => resolve({ reachable: false, reason: `no answer within ${timeoutMs / 1000} s` }), timeoutMs).unref())
  return Promise.race([attempt, timeout])
}

export function explainConnectionError(error: unknown): string {
  const code = (error as { code?: number | string }).code
  const text = error instanceof Error ? error.message : String(error)
  if (code === 401) return 'the cluster rejected the credentials (401): log in again or refresh the token'
  if (code === 403) return 'the user may not read the server version (403)'
  if (/ECONNREFUSED/.test(text)) return 'connection refused (is the cluster running?)'
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return 'the server name does not resolve'
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(text)) return 'no route to the server or no answer'
  if (/certificate|self[- ]signed|CERT_|SSL|TLS/i.test(text)) return `TLS: ${text.split('\n')[0]}`
  if (/spawn .* ENOENT|ENOENT/.test(text) && /exec|spawn/i.test(text)) return `the credential plugin could not be started (${text.split('\n')[0]}): install it, or check that it is on the PATH GitOps Desk sees`
  return text.split('\n')[0]!
}
