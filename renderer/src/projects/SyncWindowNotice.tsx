import { useEffect, useState } from 'react'
import type { AppSyncWindows, GitopsApi } from '../../../shared/api'
import { hashOf } from '../shell/route'

/**
 * On an app's page: what its project's sync windows say about a sync now (blocked and why, or
 * that only automated syncs wait), read again each minute and when the app's status changes,
 * with a link to the project's timeline. Nothing when no window applies.
 */
export function SyncWindowNotice({ api, app, changed }: { api: GitopsApi; app: string; changed: string | undefined }) {
  const [state, setState] = useState<AppSyncWindows | null>(null)
  useEffect(() => {
    let live = true
    const read = () => api.appSyncWindows(app).then((s) => live && setState(s), () => live && setState(null))
    void read()
    const timer = setInterval(() => void read(), 60_000)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [api, app, changed])
  if (!state || state.matching === 0) return null
  const timeline = (
    <a href={hashOf({ page: 'projects', name: state.project })} className="small">
      project {state.project}’s windows
    </a>
  )
  if (state.manual)
    return (
      <p className="warning sync-window-notice" role="status">
        Sync windows: a sync now is {state.manual} ({timeline}).
      </p>
    )
  return (
    <p className="muted sync-window-notice" role="status">
      Sync windows: {state.automated ? `a manual sync is allowed; automated syncs are ${state.automated}` : 'a sync is allowed now'} ({timeline}).
    </p>
  )
}
