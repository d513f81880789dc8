import type { Invoke } from '../../shared/contract'
import type { DeskEvent } from '../../shared/api'
import type { ApiErrorData, Envelope } from '../../shared/errors'
import { maxApiMessageBytes, tooLargeMessage, utf8Bytes } from '../../shared/limits'

type EventListener = (events: DeskEvent[]) => void

/**
 * The browser harness's transport: API calls as JSON messages over one loopback WebSocket; event
 * batches arrive on the same socket as {events}.
 */
export function webSocketTransport(url: string): { invoke: Invoke; onEvents(listener: EventListener): () => void } {
  const listeners = new Set<EventListener>()
  let nextId = 1
  const pending = new Map<number, (reply: Envelope<unknown>) => void>()
  let socket: Promise<WebSocket> | null = null

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.onopen = () => resolve(ws)
      ws.onerror = () => reject(new Error('Cannot reach the GitOps Desk engine (is `npm run web` still running?)'))
      ws.onclose = (event) => {
        socket = null
        const error = closeError(event.code)
        for (const [, settle] of pending) settle({ ok: false, error })
        pending.clear()
      }
      ws.onmessage = (message) => {
        let data: (Envelope<unknown> & { id: number }) | { events: DeskEvent[] }
        try {
          data = JSON.parse(String(message.data)) as typeof data
        } catch {
          return // not ours to answer: a reply we cannot read leaves its call to the close that follows
        }
        if ('events' in data) {
          for (const listener of listeners) listener(data.events)
          return
        }
        pending.get(data.id)?.(data)
        pending.delete(data.id)
      }
    })

  const invoke: Invoke = async (method, args) => {
    socket ??= connect()
    let ws: WebSocket
    try {
      ws = await socket
    } catch (error) {
      socket = null
      return { ok: false, error: { code: 'Unavailable', message: (error as Error).message } }
    }
    const id = nextId++
    const message = JSON.stringify({ id, method, args })
    // The server would close the socket (1009) and fail every call on it: refuse this one alone.
    const bytes = utf8Bytes(message)
    if (bytes > maxApiMessageBytes) return { ok: false, error: { code: 'Invalid', message: tooLargeMessage('The request', bytes, maxApiMessageBytes) } }
    return new Promise((resolve) => {
      pending.set(id, resolve)
      ws.send(message)
    })
  }
  return {
    invoke,
    onEvents(listener) {
      listeners.add(listener)
      // Events only flow on an open socket: open it now.
      socket ??= connect()
      socket.catch(() => (socket = null))
      return () => listeners.delete(listener)
    },
  }
}

/** Why the engine closed the socket, for the calls that were waiting on it (RFC 6455 close codes). */
function closeError(code: number): ApiErrorData {
  if (code === 1009) return { code: 'Invalid', message: tooLargeMessage('The request', null, maxApiMessageBytes) }
  if (code === 1007 || code === 1002) return { code: 'BadRequest', message: 'The GitOps Desk engine closed the connection: a message was not valid (bad frame or text that is not UTF-8)' }
  return { code: 'Unavailable', message: 'Connection to the GitOps Desk engine closed' }
}
