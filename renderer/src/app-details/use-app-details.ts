import { useCallback, useEffect, useState } from 'react'
import type { AppEvent, AppStatus, AppSummary, DeletionState, GitopsApi, HistoryEntry, Operation, TreeNode } from '../../../shared/api'
import { errorText } from '../state/errors'
import { isOutageMessage, outageOver } from '../state/outage'
import { useDeletionReload } from './DeletionBanner'

/**
 * What the details page shows of one app: loaded once (and again after a user action or an
 * operation's end), then kept current by the status, tree and deletion events. Loading never
 * starts anything.
 */
export function useAppDetails(api: GitopsApi, name: string, liveStatus: AppStatus | undefined, liveTree: TreeNode[] | undefined) {
  const [summary, setSummary] = useState<AppSummary | null>(null)
  const [status, setStatus] = useState<AppStatus | null>(null)
  const [history, setHistory] = useState<HistoryEntry[]>([])
  const [events, setEvents] = useState<AppEvent[]>([])
  const [tree, setTree] = useState<TreeNode[]>([])
  const [error, setError] = useState<string | null>(null)
  /** The operation as last loaded or started here; events about it take over once they arrive. */
  const [loadedOperation, setLoadedOperation] = useState<Operation | null>(null)
  const [deletion, setDeletion] = useState<DeletionState | null>(null)

  const load = useCallback(async () => {
    try {
      const details = await api.getApp(name)
      setSummary(details.summary)
      setStatus(details.status)
      setHistory(details.history)
      setEvents(details.events)
      setLoadedOperation(details.operation)
      setDeletion(details.deletion)
      setError(null)
      setTree(await api.resourceTree(name))
    } catch (e) {
      setError(errorText(e))
    }
  }, [api, name])

  // Loads on mount; never starts anything. Later statuses and trees arrive as events.
  useEffect(() => void load(), [load])
  // A deletion started, stopped or ended (here, in the CLI, in another window) shows at once.
  useEffect(() => api.onEvents((batch) => batch.forEach((e) => e.type === 'app-deletion' && e.app === name && setDeletion(e.deletion))), [api, name])
  useEffect(() => {
    if (liveStatus) setStatus((s) => (!s || liveStatus.reconciledAt >= s.reconciledAt ? liveStatus : s))
    // An error the outage caused goes once the cluster answers again.
    if (outageOver(liveStatus, undefined)) setError((e) => (isOutageMessage(e) ? null : e))
  }, [liveStatus])
  useDeletionReload(liveStatus, deletion, load)
  useEffect(() => {
    if (liveTree) setTree(liveTree)
  }, [liveTree])

  return { summary, status, history, events, tree, loadedOperation, setLoadedOperation, deletion, error, setError, load }
}
