import type { DeskEvent } from './types'

type Listener = (events: DeskEvent[]) => void

/** The event stream's window (ms): at most one update per app goes out in it. */
export const eventWindowMs = 500

/**
 * The engine's event stream. Listeners get batches: app-status, operation and argocd-app events are
 * coalesced per app within one window (a burst of watch events becomes one update per app),
 * everything else passes through in order. A window opens at the first event after a quiet one:
 * a lone change (a hand edit's OutOfSync) goes out on the next turn of the event loop, and under
 * a stream of changes listeners still get one batch per window.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>()
  /** In order; a coalesced event's key holds its latest (delete then set moves it last), the others a key of their own. */
  private pending = new Map<string | number, DeskEvent>()
  private nextUncoalesced = 0
  private timer: NodeJS.Timeout | null = null
  /** When the last batch went out (Date.now()). */
  private flushedAt = -Infinity

  constructor(private readonly batchMs = eventWindowMs) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: DeskEvent): void {
    const key = coalesceKey(event) ?? this.nextUncoalesced++
    this.pending.delete(key)
    this.pending.set(key, event)
    // A menu command acts on what is on screen when it is given, and a shell's output answers
    // keys being typed: neither waits for a batch (shells batch their own output, see exec-sessions).
    // A working copy's finished render is what the user waits for after a save (one per save, debounced).
    if (this.batchMs === 0 || event.type === 'menu' || event.type === 'shell-output' || event.type === 'shell-end' || (event.type === 'working-copy' && !event.state?.rendering)) return this.flush()
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.flushedAt + this.batchMs - Date.now()))
  }

  /** Delivers what is pending now (also at shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const batch = [...this.pending.values()]
    this.pending.clear()
    if (batch.length === 0) return
    this.flushedAt = Date.now()
    for (const listener of this.listeners) {
      try {
        listener(batch)
      } catch {
        // One broken listener (a closed window) must not stop the others.
      }
    }
  }
}

function coalesceKey(event: DeskEvent): string | null {
  if (event.type === 'app-status' || event.type === 'operation' || event.type === 'app-tree') return `${event.type}:${event.app}`
  if (event.type === 'kube-events') return `kube-events:${event.context}/${event.namespace}`
  if (event.type === 'cluster') return `cluster:${event.context}`
  if (event.type === 'port-forwards') return event.type
  if (event.type === 'clusters-changed' || event.type === 'apps-changed' || event.type === 'settings-changed' || event.type === 'notification-deliveries') return event.type
  if (event.type === 'app-deletion') return `app-deletion:${event.app}`
  if (event.type === 'working-copy') return `working-copy:${event.app}`
  if (event.type === 'resource-changed') return `resource-changed:${event.app}/${event.key}`
  // Each carries the Argo CD app's whole state: the latest of a burst (its controller writes often) is enough.
  if (event.type === 'argocd-app') return `argocd-app:${event.id}`
  return null
}
