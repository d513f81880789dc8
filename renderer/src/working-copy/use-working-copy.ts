import { useCallback, useEffect, useState } from 'react'
import type { GitopsApi } from '../../../shared/api'
import type { Operation, SyncIntent, WorkingCopyState } from '../../../shared/model'
import { syncToEnd } from '../operations/sync-to-end'

/**
 * An app's working copy as the engine publishes it: fetched once, then each `working-copy` event
 * (a render after a save, an error, a release) replaces it; nothing is asked again.
 */
export function useWorkingCopy(api: GitopsApi, app: string) {
  const [state, setState] = useState<WorkingCopyState | null>(null)
  useEffect(() => {
    let live = true
    const unsubscribe = api.onEvents((events) => {
      for (const event of events) if (event.type === 'working-copy' && event.app === app) setState(event.state)
    })
    api.workingCopy(app).then((s) => live && setState((now) => now ?? s), () => undefined)
    return () => {
      live = false
      unsubscribe()
    }
  }, [api, app])
  const use = useCallback(async (dir: string) => setState(await api.useWorkingCopy(app, dir)), [api, app])
  const release = useCallback(async () => {
    await api.releaseWorkingCopy(app)
    setState(null)
  }, [api, app])
  /** Deploys the working copy and resolves with the operation's end (followed through its events). */
  const sync = useCallback((intent: SyncIntent, onProgress: (o: Operation) => void) => syncToEnd(api, app, intent, onProgress, (i) => api.syncWorkingCopy(app, i)), [api, app])
  /** The desktop's folder dialog (null when cancelled). */
  const pickFolder = useCallback(async () => (await api.pickFolder(`A checkout of ${app}'s repository`)).path, [api, app])
  return { state, use, release, sync, pickFolder }
}
