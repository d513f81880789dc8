import type { ClientRequestArgs, IncomingMessage } from 'node:http'
import type { KubeConfig } from '@kubernetes/client-node'
import WebSocket from 'ws'

/** A pod's streaming subresource (exec, portforward) in a namespace. */
export interface PodSocketTarget {
  namespace: string
  pod: string
  subresource: 'exec' | 'portforward'
  /** Query parameters; a list repeats the name (command=sh&command=-c…). */
  query: [string, string][]
}

/**
 * Opens a WebSocket to a pod's exec or portforward subresource with the kubeconfig's own
 * credentials and TLS (what kubectl does since 1.29): the API server speaks the channel
 * protocols named (v5/v4.channel.k8s.io). A refusal (403, 404, a pod that is not running) is
 * an Error with the server's own message.
 */
export async function openPodSocket(config: KubeConfig, target: PodSocketTarget, protocols: string[]): Promise<WebSocket> {
  const server = config.getCurrentCluster()?.server
  if (!server) throw new Error('the context has no API server')
  const url = new URL(`${server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/${target.subresource}`)
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:'
  for (const [name, value] of target.query) url.searchParams.append(name, value)
  const options: ClientRequestArgs = { headers: {} }
  await config.applyToHTTPSOptions(options)
  return new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(url, protocols, { ...options, handshakeTimeout: 30_000, perMessageDeflate: false })
    socket.binaryType = 'nodebuffer'
    const refused = (message: string) => {
      socket.removeAllListeners()
      socket.on('error', () => undefined)
      socket.terminate()
      reject(new Error(`${target.pod}: ${message}`))
    }
    socket.once('open', () => {
      socket.removeAllListeners('error')
      socket.removeAllListeners('unexpected-response')
      resolve(socket)
    })
    socket.once('error', (error) => refused(error.message))
    socket.once('unexpected-response', (_req, res) => void readStatus(res).then(refused))
  })
}

/** The message of a refusal: a Kubernetes Status's, else the body, else the HTTP status. */
async function readStatus(res: IncomingMessage): Promise<string> {
  let body = ''
  res.setEncoding('utf8')
  for await (const chunk of res) {
    body += String(chunk)
    if (body.length > 100_000) break
  }
  try {
    const status = JSON.parse(body) as { message?: string }
    if (status.message) return status.message
  } catch {
    /* not a Status body */
  }
  return body.trim().slice(0, 500) || `HTTP ${res.statusCode}`
}
