import { groupOf, type K8sObject } from '../base/objects'
import { normalizeRepoUrl } from '../repos/git-cache'
import { globMatch } from '../base/glob'
import { sourcesOf, type Application, type AppProject } from '../model/app-schema'

export interface ProjectDestination {
  server: string
  name: string
  namespace: string
}

export { globMatch }

/**
 * Argo CD glob lists: a match against any positive pattern, and none of the `!` patterns.
 * An empty list permits nothing.
 */
function permitted(patterns: string[] | undefined, value: string): boolean {
  const list = patterns ?? []
  const denied = list.filter((p) => p.startsWith('!')).some((p) => globMatch(value, p.slice(1)))
  return !denied && list.filter((p) => !p.startsWith('!')).some((p) => globMatch(value, p))
}

const matchesKind = (rules: { group: string; kind: string }[] | undefined, obj: K8sObject) =>
  (rules ?? []).some((r) => globMatch(groupOf(obj.apiVersion) || '_', r.group === '' ? '_' : r.group) && globMatch(obj.kind, r.kind))

/**
 * What the app's AppProject forbids, as messages that name the rule: its source repositories,
 * its destination, and each cluster- or namespace-scoped kind it would create.
 */
export function projectViolations(project: AppProject, app: Application, destination: ProjectDestination, targets: K8sObject[]): string[] {
  const name = project.metadata.name
  const spec = project.spec
  const violations: string[] = []
  for (const source of sourcesOf(app)) {
    if (!permitted(spec.sourceRepos?.map(normalizeRepoUrl), normalizeRepoUrl(source.repoURL))) {
      violations.push(`application repo ${source.repoURL} is not permitted in project '${name}' (sourceRepos)`)
    }
  }
  const destinationOk = (spec.destinations ?? []).some(
    (d) => ((d.server !== undefined && globMatch(destination.server, d.server)) || (d.name !== undefined && globMatch(destination.name, d.name))) && globMatch(destination.namespace, d.namespace ?? '*'),
  )
  if (!destinationOk) {
    violations.push(`application destination {${destination.server || destination.name} ${destination.namespace}} is not permitted in project '${name}' (destinations)`)
  }
  for (const obj of targets) {
    const kind = `${groupOf(obj.apiVersion)}:${obj.kind}`
    if (!obj.metadata.namespace) {
      if (!matchesKind(spec.clusterResourceWhitelist, obj)) violations.push(`resource ${kind} is not permitted in project '${name}' (not in clusterResourceWhitelist)`)
      else if (matchesKind(spec.clusterResourceBlacklist, obj)) violations.push(`resource ${kind} is not permitted in project '${name}' (clusterResourceBlacklist)`)
    } else {
      if (spec.namespaceResourceWhitelist && !matchesKind(spec.namespaceResourceWhitelist, obj)) violations.push(`resource ${kind} is not permitted in project '${name}' (not in namespaceResourceWhitelist)`)
      else if (matchesKind(spec.namespaceResourceBlacklist, obj)) violations.push(`resource ${kind} is not permitted in project '${name}' (namespaceResourceBlacklist)`)
    }
  }
  return [...new Set(violations)]
}

/** Whether the project lets its apps have a namespaced object of this kind (namespaceResourceWhitelist / Blacklist). */
export function namespacedKindPermitted(project: AppProject, obj: K8sObject): boolean {
  const spec = project.spec
  return (!spec.namespaceResourceWhitelist || matchesKind(spec.namespaceResourceWhitelist, obj)) && !matchesKind(spec.namespaceResourceBlacklist, obj)
}
