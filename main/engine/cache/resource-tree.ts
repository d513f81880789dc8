import type { TreeNode } from '../../../shared/model'
import { healthOf } from '../health/health'
import { parseResourceKey, resourceKey, type K8sObject } from '../kube/objects'
import type { LiveCache } from './live-cache'

/**
 * An app's resources and what they own, from the watch cache: Deployment → ReplicaSet → Pod,
 * Service → EndpointSlice and Endpoints (as Argo CD's tree). ReplicaSets and Pods are watched
 * too, with their status (the tree shows their health), and the Services' endpoints.
 */
export async function resourceTree(cache: LiveCache, resources: { key: string; status?: TreeNode['status'] }[]): Promise<TreeNode[]> {
  await cache.ensureWatching([
    { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
    { apiVersion: 'v1', kind: 'Pod' },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
    { apiVersion: 'v1', kind: 'Endpoints' },
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
    // Endpoints name no owner; gitops-engine makes them the children of the Service of their name.
    if (obj.apiVersion === 'v1' && obj.kind === 'Service') {
      const endpoints = cache.get(`/Endpoints/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`)
      if (endpoints && !(endpoints.metadata.ownerReferences as unknown[] | undefined)?.length) visit(endpoints, key)
    }
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
