import type { TreeNode } from '../../../shared/model'
import { parseResourceKey, resourceKey, type K8sObject } from '../base/objects'
import type { LiveCache } from './live-cache'

/** An object's health (the engine's rules, customizations included), or null for kinds with no rule. */
export type HealthOf = (obj: K8sObject) => { status: NonNullable<TreeNode['health']>; message: string } | null

/**
 * An app's resources and what they own, from the watch cache: Deployment → ReplicaSet → Pod.
 * ReplicaSets and Pods are watched too, with their status (the tree shows their health).
 */
export async function resourceTree(cache: LiveCache, resources: { key: string; status?: TreeNode['status'] }[], healthOf: HealthOf): Promise<TreeNode[]> {
  await cache.ensureWatching([
    { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
    { apiVersion: 'v1', kind: 'Pod' },
  ])
  const nodes: TreeNode[] = []
  const seen = new Set<string>()
  const visit = (obj: K8sObject, parent: string | undefined, status?: TreeNode['status']) => {
    const key = resourceKey(obj)
    if (seen.has(key) || nodes.length > 20_000) return
    seen.add(key)
    const health = healthOf(obj)
    nodes.push({ key, kind: obj.kind, name: obj.metadata.name ?? '', namespace: obj.metadata.namespace ?? '', ...(parent ? { parent } : {}), ...(status ? { status } : {}), health: health?.status ?? null, ...(health?.message ? { healthMessage: health.message } : {}) })
    const uid = obj.metadata.uid as string | undefined
    if (uid) for (const child of cache.ownedBy(uid)) visit(child, key)
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
