import type { DeskEvent, GitopsApi } from '../../../shared/api'
import type { Operation, SyncIntent } from '../../../shared/model'
import { isOperationRunning } from '../../../shared/model'

/**
 * Starts a sync (or a dry run) and resolves with its end, telling its progress on the way, all
 * from the operation events the engine sends as the operation moves (nothing is asked again).
 * The events are listened to before the sync starts, so an operation that ends before its start
 * call returns is not missed. `start` starts it (a sync from Git unless given: a working copy's).
 */
export async function syncToEnd(api: Pick<GitopsApi, 'syncApp' | 'onEvents'>, app: string, intent: SyncIntent, onProgress: (operation: Operation) => void = () => undefined, start: (intent: SyncIntent) => Promise<Operation> = (i) => api.syncApp(app, i)): Promise<Operation> {
  const seen = new Map<string, Operation>()
  let startedId: string | null = null
  let settle: ((operation: Operation) => void) | null = null
  const ended = new Promise<Operation>((resolve) => (settle = resolve))
  const take = (operation: Operation) => {
    if (startedId === null) return void seen.set(operation.id, operation)
    if (operation.id !== startedId) return
    if (isOperationRunning(operation)) onProgress(operation)
    else settle?.(operation)
  }
  const unsubscribe = api.onEvents((events: DeskEvent[]) => {
    for (const event of events) if (event.type === 'operation' && event.app === app) take(event.operation)
  })
  try {
    const started = await start(intent)
    startedId = started.id
    take(seen.get(started.id) ?? started)
    return await ended
  } finally {
    unsubscribe()
  }
}
