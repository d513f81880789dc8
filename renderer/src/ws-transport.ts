import type { Invoke } from '../../shared/contract'
import type { DeskEvent } from '../../shared/api'
import type { Envelope } from '../../shared/errors'

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
      ws.onclose = () => {
        socket = null
        for (const [, settle] of pending) {
          settle({ ok: false, error: { code: 'Unavailable', message: 'Connection to the GitOps Desk engine closed' } })
        }
        pending.clear()
      }
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as (Envelope<unknown> & { id: number }) | { events: DeskEvent[] }
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
    return new Promise((resolve) => {
      pending.set(id, resolve)
      ws.send(JSON.stringify({ id, method, args }))
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
