import { useCallback, useState } from 'react'
import type { GitopsApi } from '../../../shared/api'
import type { Operation, SyncIntent } from '../../../shared/model'
import { syncToEnd } from './sync-to-end'

/**
 * A sync a view starts and follows to its end through the operation events (see syncToEnd), then
 * `afterwards` with the ended operation (compare again, reload). `progress` says what is going on
 * from the click until `afterwards` is done: "Syncing…", then the operation's own message.
 */
export function useOperation(api: GitopsApi, app: string): { progress: string | null; sync(intent: SyncIntent, afterwards: (operation: Operation) => Promise<void>): Promise<void> } {
  const [progress, setProgress] = useState<string | null>(null)
  const sync = useCallback(
    async (intent: SyncIntent, afterwards: (operation: Operation) => Promise<void>) => {
      setProgress('Syncing…')
      try {
        const operation = await syncToEnd(api, app, intent, (o) => setProgress(o.message || 'Syncing…'))
        await afterwards(operation)
      } finally {
        setProgress(null)
      }
    },
    [api, app],
  )
  return { progress, sync }
}
