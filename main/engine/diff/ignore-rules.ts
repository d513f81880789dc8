import type { IgnoreRule } from './ignore'
import type { ResourceCustomizations } from '../model/customizations-schema'

// An aggregated ClusterRole's rules are filled in by the controller (Argo CD's ignoreAggregatedRoles).
const aggregatedRoleRules: IgnoreRule = { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', jqPathExpressions: ['select(.aggregationRule != null) | .rules'] }

/**
 * The ignore rules a diff of this app applies, as Argo CD merges them: the app's own
 * ignoreDifferences, then the settings' rules by kind (`*\/*` is Argo CD's `all`).
 */
export function ignoreRulesFor(app: { spec: { ignoreDifferences?: IgnoreRule[] | undefined } }, customizations: ResourceCustomizations): IgnoreRule[] {
  const fromSettings = Object.entries(customizations.ignoreDifferences).map(([key, spec]): IgnoreRule => {
    const slash = key.lastIndexOf('/')
    const group = key.slice(0, slash)
    return { ...(group ? { group } : {}), kind: key.slice(slash + 1), ...spec }
  })
  return [...(app.spec.ignoreDifferences ?? []), ...fromSettings, ...(customizations.ignoreAggregatedRoles ? [aggregatedRoleRules] : [])]
}
