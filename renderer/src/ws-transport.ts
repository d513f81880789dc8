import type { Invoke } from '../../shared/contract'
import type { Envelope } from '../../shared/errors'

/** The browser harness's transport: API calls as JSON messages over one loopback WebSocket. */
export function webSocketInvoke(url: string): Invoke {
  let nextId = 1
  const pending = new Map<number, (reply: Envelope<unknown>) => void>()
  let socket: Promise<WebSocket> | null = null

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.onopen = () => resolve(ws)
      ws.onerror = () => reject(new Error('Cannot reach the GitOps Desk engine (is `npm run web` still running?)'))
      ws.onclose = () => {
        socket = null
        for (const [, settle] of pending) {
          settle({ ok: false, error: { code: 'Unavailable', message: 'Connection to the GitOps Desk engine closed' } })
        }
        pending.clear()
      }
      ws.onmessage = (message) => {
        const reply = JSON.parse(String(message.data)) as Envelope<unknown> & { id: number }
        pending.get(reply.id)?.(reply)
        pending.delete(reply.id)
      }
    })

  return async (method, args) => {
    socket ??= connect()
    let ws: WebSocket
    try {
      ws = await socket
    } catch (error) {
      socket = null
      return { ok: false, error: { code: 'Unavailable', message: (error as Error).message } }
    }
    const id = nextId++
    return new Promise((resolve) => {
      pending.set(id, resolve)
      ws.send(JSON.stringify({ id, method, args }))
    })
  }
}
