import { useCallback, useEffect, useRef, useState } from 'react'
import type { ArgoApp, AppStatus, AppSummary, ClusterInfo, TreeNode, DeskEvent, GitopsApi, MenuAction, Operation, Settings } from '../../../shared/api'
import { isOperationRunning } from '../../../shared/model'
import { errorText } from './errors'

export interface DeskState {
  apps: AppSummary[]
  clusters: ClusterInfo[]
  settings: Settings | null
  /** Running or last operation per app, from the event stream. */
  operations: Record<string, Operation>
  loaded: boolean
  error: string | null
  /** Each app's latest full status from the event stream (the details view shows it as is). */
  statuses: Record<string, AppStatus>
  /** Each app's latest resource tree from the event stream. */
  trees: Record<string, TreeNode[]>
  /** The Argo CD instances' apps, as list rows (named argocd@…), kept current by argocd-app events. */
  argoApps: AppSummary[]
  /** Each Argo CD app's latest state from the event stream (its page shows it as is). */
  argo: Record<string, ArgoApp>
  /** Apps known to have gone since they were listed (removed here, in the CLI or another window): a page open on one says so. */
  removed: ReadonlySet<string>
}

/**
 * The UI's copy of the desk: apps, clusters and settings loaded once, then kept current by the
 * event stream (status and tree events patch the list and the details view in place, no
 * re-fetch per event).
 */
export function useDesk(api: GitopsApi, onMenu: (action: MenuAction, app?: string) => void) {
  const [state, setState] = useState<DeskState>({ apps: [], clusters: [], settings: null, operations: {}, loaded: false, error: null, statuses: {}, trees: {}, removed: new Set(), argoApps: [], argo: {} })
  const menu = useRef(onMenu)
  menu.current = onMenu
  const known = useRef(new Set<string>())
  known.current = new Set(state.apps.map((a) => a.name))

  const reloadApps = useCallback(async () => {
    try {
      const apps = await api.listApps()
      setState((s) => {
        // An app listed before and not now has gone; one listed now has not (it may have come back).
        const names = new Set(apps.map((a) => a.name))
        const removed = new Set([...s.removed, ...s.apps.filter((a) => !names.has(a.name)).map((a) => a.name)].filter((n) => !names.has(n)))
        return { ...s, apps, loaded: true, error: null, removed }
      })
    } catch (error) {
      setState((s) => ({ ...s, loaded: true, error: errorText(error) }))
    }
    // Argo CD's apps come on their own: an instance that does not answer leaves the local list alone.
    const argoApps = await api.listArgoApps().catch(() => null)
    if (argoApps) setState((s) => ({ ...s, argoApps }))
  }, [api])
  const reloadClusters = useCallback(async () => {
    const clusters = await api.listClusters().catch(() => [] as ClusterInfo[])
    setState((s) => ({ ...s, clusters }))
  }, [api])
  const reloadSettings = useCallback(async () => {
    const settings = await api.getSettings().catch(() => null)
    setState((s) => ({ ...s, settings }))
  }, [api])

  useEffect(() => {
    void reloadApps()
    void reloadClusters()
    void reloadSettings()
    let refetch: ReturnType<typeof setTimeout> | null = null
    const unsubscribe = api.onEvents((events: DeskEvent[]) => {
      // Decided here, not in the state updater (React may run that later): a status of an app
      // we do not list yet, or a cluster change, means the list is fetched again.
      const needsList = events.some((e) => (e.type === 'app-status' && !known.current.has(e.app)) || e.type === 'cluster' || e.type === 'clusters-changed' || e.type === 'apps-changed')
      if (events.some((e) => e.type === 'settings-changed')) void reloadSettings()
      for (const event of events) if (event.type === 'menu') menu.current(event.action, event.app)
      setState((s) => {
        let apps = s.apps
        const operations = { ...s.operations }
        let statuses = s.statuses
        let trees = s.trees
        let clusters = s.clusters
        let removed = s.removed
        let argoApps = s.argoApps
        let argo = s.argo
        for (const event of events) {
          if (event.type === 'argocd-app') {
            const { [event.id]: _gone, ...others } = argo
            argo = event.app ? { ...others, [event.id]: event.app } : others
            argoApps = [...argoApps.filter((a) => a.name !== event.id), ...(event.summary ? [event.summary] : [])]
          }
          if (event.type === 'app-status') {
            const index = apps.findIndex((a) => a.name === event.app)
            const { resources: _r, ...brief } = event.status
            if (index >= 0) {
              apps = apps.slice()
              apps[index] = { ...apps[index]!, status: brief }
            }
            statuses = { ...statuses, [event.app]: event.status }
            if (removed.has(event.app)) removed = new Set([...removed].filter((n) => n !== event.app))
          } else if (event.type === 'cluster') {
            // Shown at once everywhere (switcher, Clusters page); the list fetched after fills in the rest.
            clusters = clusters.map((c) => (c.name === event.context ? { ...c, reachable: event.reachable, ...(event.reachable ? { reason: undefined } : { reason: event.message }) } : c))
          } else if (event.type === 'app-tree') {
            trees = { ...trees, [event.app]: event.nodes }
          } else if (event.type === 'app-removed') {
            apps = apps.filter((a) => a.name !== event.app)
            removed = new Set([...removed, event.app])
            const { [event.app]: _status, ...otherStatuses } = statuses
            const { [event.app]: _tree, ...otherTrees } = trees
            statuses = otherStatuses
            trees = otherTrees
          } else if (event.type === 'operation') {
            operations[event.app] = event.operation
            const index = apps.findIndex((a) => a.name === event.app)
            if (index >= 0) {
              apps = apps.slice()
              apps[index] = { ...apps[index]!, operationRunning: isOperationRunning(event.operation) }
            }
          }
        }
        return { ...s, apps, operations, statuses, trees, clusters, removed, argoApps, argo }
      })
      if (needsList && !refetch) {
        refetch = setTimeout(() => {
          refetch = null
          void reloadApps()
          void reloadClusters()
        }, 300)
      }
    })
    return () => {
      unsubscribe()
      if (refetch) clearTimeout(refetch)
    }
  }, [api, reloadApps, reloadClusters, reloadSettings])

  return { state, reloadApps, reloadClusters, reloadSettings, setState }
}
