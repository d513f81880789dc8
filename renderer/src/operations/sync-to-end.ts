import type { GitopsApi } from '../../../shared/api'
import type { Operation, SyncIntent } from '../../../shared/model'
import { isOperationRunning } from '../../../shared/model'

/** Starts a sync (or a dry run) and waits for its end, telling its progress on the way. */
export async function syncToEnd(api: GitopsApi, app: string, intent: SyncIntent, onProgress: (message: string) => void = () => undefined): Promise<Operation | null> {
  const started = await api.syncApp(app, intent)
  for (;;) {
    const operation = await api.getOperation(app)
    if (!operation || (operation.id === started.id && !isOperationRunning(operation))) return operation
    onProgress(operation.message)
    await new Promise((r) => setTimeout(r, 400))
  }
}
