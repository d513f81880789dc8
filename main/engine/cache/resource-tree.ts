import type { TreeNode } from '../../../shared/model'
import { parseResourceKey, resourceKey, type K8sObject } from '../base/objects'
import { inferredChildren } from './inferred-children'
import { nodeInfo } from './node-info'
import type { KindRef, LiveCache } from './live-cache'

/** The kinds shown under an app's resources, watched (with their status) for the tree. */
export const treeChildKinds: KindRef[] = [
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
  { apiVersion: 'v1', kind: 'Endpoints' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
]

/** An object's health (the engine's rules, customizations included), or null for kinds with no rule. */
export type HealthOf = (obj: K8sObject) => { status: NonNullable<TreeNode['health']>; message: string } | null

/**
 * An app's resources and what they own, from the watch cache, as Argo CD's tree shows them:
 * Deployment → ReplicaSet → Pod, Service → EndpointSlice (owner references) and Endpoints (the
 * Service of their name), StatefulSet → Pod, ControllerRevision and its PersistentVolumeClaims
 * (the claim templates' names). Kinds the settings exclude are neither watched nor shown.
 */
export async function resourceTree(cache: Pick<LiveCache, 'ensureWatching' | 'get' | 'ownedBy' | 'inNamespace'>, resources: { key: string; status?: TreeNode['status'] }[], healthOf: HealthOf, excluded: (obj: K8sObject) => boolean = () => false): Promise<TreeNode[]> {
  await cache.ensureWatching(treeChildKinds.filter((kind) => !excluded({ ...kind, metadata: {} })))
  const managed = new Set(resources.map((r) => r.key))
  const nodes: TreeNode[] = []
  const seen = new Set<string>()
  const visit = (obj: K8sObject, parent: string | undefined, status?: TreeNode['status']) => {
    const key = resourceKey(obj)
    if (seen.has(key) || nodes.length > 20_000) return
    seen.add(key)
    const health = healthOf(obj)
    nodes.push({ key, kind: obj.kind, name: obj.metadata.name ?? '', namespace: obj.metadata.namespace ?? '', ...(parent ? { parent } : {}), ...(status ? { status } : {}), health: health?.status ?? null, ...(health?.message ? { healthMessage: health.message } : {}), ...nodeInfo(obj) })
    const uid = obj.metadata.uid as string | undefined
    // An inferred child the app manages itself (a selector-less Service's own Endpoints) stays top-level.
    // Children in one order every time (kind, then name), whatever order the watches delivered them in.
    const children = [...(uid ? cache.ownedBy(uid) : []), ...inferredChildren(cache, obj).filter((child) => !managed.has(resourceKey(child)))].sort(byKindAndName)
    for (const child of children) if (!excluded(child)) visit(child, key)
  }
  for (const r of resources) {
    const live = cache.get(r.key)
    if (live) visit(live, undefined, r.status)
    else {
      const { kind, namespace, name } = parseResourceKey(r.key)
      seen.add(r.key)
      nodes.push({ key: r.key, kind, name, namespace, ...(r.status ? { status: r.status } : {}), health: 'Missing' })
    }
  }
  return nodes
}

const byKindAndName = (a: K8sObject, b: K8sObject): number => a.kind.localeCompare(b.kind) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '', undefined, { numeric: true })
