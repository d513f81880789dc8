import type { OrphanedResource } from '../../../shared/model'
import { globMatch } from '../base/glob'
import { owningApp } from '../cache/owning-app'
import type { TrackingMethod } from '../base/tracking'
import { groupOf, resourceKey, type K8sObject } from '../base/objects'

/** An AppProject's spec.orphanedResources (Argo CD's OrphanedResourcesMonitorSettings). */
export interface OrphanedResourcesSettings {
  warn?: boolean
  ignore?: { group?: string; kind?: string; name?: string }[]
}

export interface OrphanInput {
  namespace: string
  /** Every live object of the destination namespace that is watched (events and excluded kinds aside). */
  objects: K8sObject[]
  /** The keys of the app's own resources (targets and tracked extras): never orphans. */
  managed: Set<string>
  /** Whether an app of this name exists (an object tracked by a deleted app is an orphan). */
  appExists(name: string): boolean
  ownedBy(uid: string): K8sObject[]
  settings: OrphanedResourcesSettings
  trackingMethod?: TrackingMethod
  /** Kinds the project does not permit are never its apps' orphans (Argo CD's IsGroupKindPermitted). */
  permitted?(obj: K8sObject): boolean
}

/**
 * Argo CD's orphaned resources (controller getResourceTree): the namespace's top-level objects
 * (no owner) that this app does not manage and no other existing app tracks, minus the ones every
 * namespace has and the project's ignore list; each with what it owns. Sorted by key.
 */
export function orphanedResources(input: OrphanInput): OrphanedResource[] {
  if (!input.namespace) return []
  const found: OrphanedResource[] = []
  const seen = new Set<string>()
  const belongsElsewhere = (obj: K8sObject) => {
    const app = owningApp(obj, input.trackingMethod ?? 'annotation')
    return !!app && input.appExists(app)
  }
  const visit = (obj: K8sObject, parent?: string) => {
    const key = resourceKey(obj)
    if (seen.has(key) || input.managed.has(key) || belongsElsewhere(obj) || (input.permitted && !input.permitted(obj))) return
    seen.add(key)
    found.push({ key, kind: obj.kind, name: obj.metadata.name ?? '', namespace: obj.metadata.namespace ?? '', ...(parent ? { parent } : {}) })
    const uid = obj.metadata.uid as string | undefined
    if (uid) for (const child of input.ownedBy(uid)) visit(child, key)
  }
  const topLevel = input.objects
    .filter((o) => o.metadata.namespace === input.namespace && !(o.metadata.ownerReferences as unknown[] | undefined)?.length && !hasInferredOwner(o))
    .filter((o) => !knownExclusion(o, input.settings.ignore ?? []))
    .sort((a, b) => resourceKey(a).localeCompare(resourceKey(b)))
  for (const obj of topLevel) visit(obj)
  return found
}

/**
 * Objects gitops-engine gives an owner they do not name (resolveResourceReferences): an Endpoints
 * belongs to the Service of its name, a service account token Secret to its ServiceAccount.
 */
function hasInferredOwner(obj: K8sObject): boolean {
  if (obj.apiVersion !== 'v1') return false
  if (obj.kind === 'Endpoints') return true
  return obj.kind === 'Secret' && (obj as { type?: string }).type === 'kubernetes.io/service-account-token' && !!obj.metadata.annotations?.['kubernetes.io/service-account.name']
}

/** The message of Argo CD's OrphanedResourceWarning. */
export const orphanedMessage = (count: number) => `Application has ${count} orphaned resources`

/** Objects every namespace has (Argo CD's isKnownOrphanedResourceExclusion), and the project's ignore list. */
function knownExclusion(obj: K8sObject, ignore: NonNullable<OrphanedResourcesSettings['ignore']>): boolean {
  const group = groupOf(obj.apiVersion)
  const name = obj.metadata.name ?? ''
  if (group === '' && obj.kind === 'Service' && name === 'kubernetes' && obj.metadata.namespace === 'default') return true
  if (group === '' && obj.kind === 'ServiceAccount' && name === 'default') return true
  if (group === '' && obj.kind === 'ConfigMap' && name === 'kube-root-ca.crt') return true
  return ignore.some((item) => (!item.kind || globMatch(obj.kind, item.kind)) && globMatch(group, item.group ?? '') && (!item.name || globMatch(name, item.name)))
}
