import type { Socket } from 'node:net'
import type { KubeConfig } from '@kubernetes/client-node'
import { openPodSocket } from './pod-socket'

/** A port of a pod. */
export interface PodPort {
  namespace: string
  pod: string
  port: number
}

/** The portforward subresource's WebSocket protocol: per port a data channel (0) and an error channel (1). */
const protocols = ['v4.channel.k8s.io']
const dataChannel = 0
const errorChannel = 1

/**
 * Carries one local TCP connection to a pod's port through the API server's portforward
 * subresource (one WebSocket per connection, as client-go's WebSocket dialer does): what the
 * local socket sends goes on the data channel, what comes back is written to it. Each channel's
 * first frame is the port number (2 bytes), which is dropped. Resolves when the tunnel is open;
 * onClose is called once when either side ends, with the pod's error if it gave one.
 */
export async function forwardConnection(config: KubeConfig, target: PodPort, local: Socket, onClose: (error?: string) => void): Promise<void> {
  local.pause()
  const socket = await openPodSocket(config, { namespace: target.namespace, pod: target.pod, subresource: 'portforward', query: [['ports', String(target.port)]] }, protocols)
  const prefixSeen = [false, false]
  let errorText = ''
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    local.destroy()
    socket.close()
    setTimeout(() => socket.terminate(), 2000).unref()
    onClose(errorText.trim() || undefined)
  }
  socket.on('message', (data: Buffer) => {
    const ch = data[0]
    if (ch !== dataChannel && ch !== errorChannel) return
    let body = data.subarray(1)
    if (!prefixSeen[ch]) {
      prefixSeen[ch] = true
      body = body.subarray(2)
    }
    if (body.length === 0) return
    if (ch === dataChannel) {
      if (!local.write(body)) {
        socket.pause()
        local.once('drain', () => socket.resume())
      }
    } else errorText += body.toString('utf8')
  })
  socket.on('close', close)
  socket.on('error', close)
  local.on('data', (chunk: Buffer) => {
    if (socket.readyState !== socket.OPEN) return
    socket.send(Buffer.concat([Buffer.from([dataChannel]), chunk]))
  })
  local.on('end', close)
  local.on('close', close)
  local.on('error', close)
  local.resume()
}
