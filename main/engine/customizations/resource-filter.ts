import { globMatch } from '../base/glob'
import type { FilteredResource } from '../model/customizations-schema'

// Kinds Argo CD never watches, whatever the settings say (high churn, never managed).
const coreExclusions: FilteredResource[] = [{ apiGroups: ['events.k8s.io', 'metrics.k8s.io'] }, { apiGroups: [''], kinds: ['Event'] }, { apiGroups: ['coordination.k8s.io'], kinds: ['Lease'] }]

const matches = (r: FilteredResource, group: string, kind: string, cluster: string[]) =>
  (!r.apiGroups?.length || r.apiGroups.some((g) => globMatch(group, g))) &&
  (!r.kinds?.length || r.kinds.some((k) => k === '*' || k === kind)) &&
  matchesCluster(r, cluster)

// Argo CD names clusters by server URL; here a context's name or its server both match.
const matchesCluster = (r: FilteredResource, cluster: string[]) => !r.clusters?.length || r.clusters.some((c) => cluster.some((name) => globMatch(name, c)))

/**
 * Argo CD's resource filter: an excluded kind is never watched, synced or shown; with inclusions
 * for a cluster, only the included kinds are. `cluster` is the context's name and server URL.
 */
export function isExcludedResource(filter: { exclusions: FilteredResource[]; inclusions: FilteredResource[] }, group: string, kind: string, cluster: string[]): boolean {
  if ([...coreExclusions, ...filter.exclusions].some((r) => matches(r, group, kind, cluster))) return true
  if (filter.inclusions.some((r) => matches(r, group, kind, cluster))) return false
  return filter.inclusions.some((r) => matchesCluster(r, cluster))
}
