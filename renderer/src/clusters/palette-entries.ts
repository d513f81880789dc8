import type { AppSummary, ClusterInfo } from '../../../shared/api'

/** What the palette says of a context's connection. */
export type Reachability = 'reachable' | 'unreachable' | 'unknown'

/**
 * The engine answers every check with reachable, or unreachable and why; a context reported
 * unreachable without a reason was not asked yet (shown as unknown, not as down).
 */
export function reachabilityOf(cluster: ClusterInfo): Reachability {
  return cluster.reachable ? 'reachable' : cluster.reason ? 'unreachable' : 'unknown'
}

/** Argo CD's in-cluster address: the cluster Argo CD runs in, which on the desk is the active context. */
const inClusterServer = 'https://kubernetes.default.svc'

/**
 * Whether an app's destination means "the active context" (name in-cluster, or the in-cluster
 * server), as the engine's auto-syncer decides it: a context switch changes where such an app
 * would deploy. The summary's destination is the name when there is one, else the server.
 */
export function isInClusterDestination(destination: string): boolean {
  return destination === 'in-cluster' || destination.replace(/\/+$/, '') === inClusterServer
}

/** How many apps a context switch re-targets (on their next sync). */
export function inClusterCount(apps: readonly AppSummary[]): number {
  return apps.filter((a) => isInClusterDestination(a.destination)).length
}

/** The one line the palette shows for the highlighted context: what choosing it does and does not do. */
export function switchConsequence(target: ClusterInfo, inCluster: number): string {
  if (target.active) return `${target.name} is the active context.`
  const apps = inCluster === 1 ? '1 in-cluster app would sync' : `${inCluster} in-cluster apps would sync`
  const retarget = inCluster === 0 ? 'No in-cluster app re-targets.' : `${apps} to ${target.name} on their next sync; nothing is synced now.`
  const notes = [
    `Switching to ${target.name} changes what you look at. ${retarget}`,
    target.protected ? `${target.name} is protected: its syncs ask for its name.` : '',
    reachabilityOf(target) === 'unreachable' ? `${target.name} is unreachable now (${target.reason}).` : '',
  ]
  return notes.filter(Boolean).join(' ')
}

/** The apps whose name contains the search (case-insensitive), at most `limit`: the palette's "Go to app" entries. */
export function appsMatching(apps: readonly AppSummary[], search: string, limit: number): AppSummary[] {
  const text = search.trim().toLowerCase()
  if (!text) return []
  return apps.filter((a) => a.name.toLowerCase().includes(text)).slice(0, limit)
}
