import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { resourceKey } from '../base/objects'
import type { KindRef } from './live-cache'
import { resourceTree as treeWithHealth } from './resource-tree'
import { healthOf } from '../health/health'

const resourceTree = (cache: Parameters<typeof treeWithHealth>[0], resources: Parameters<typeof treeWithHealth>[1], excluded?: (obj: K8sObject) => boolean) => treeWithHealth(cache, resources, healthOf, excluded)

const obj = (apiVersion: string, kind: string, name: string, more: Partial<K8sObject> & { owner?: string } = {}): K8sObject => {
  const { owner, ...rest } = more
  return { apiVersion, kind, ...rest, metadata: { name, namespace: 'ns', uid: `uid-${kind}-${name}`, ...(owner ? { ownerReferences: [{ uid: owner }] } : {}), ...(rest.metadata ?? {}) } } as K8sObject
}

/** The watch cache as the tree reads it, over a fixed list of objects. */
function cacheOf(objects: K8sObject[]) {
  const watched: string[] = []
  return {
    watched,
    ensureWatching: async (kinds: KindRef[]) => void watched.push(...kinds.map((k) => k.kind)),
    get: (key: string) => objects.find((o) => resourceKey(o) === key),
    ownedBy: (uid: string) => objects.filter((o) => (o.metadata.ownerReferences as { uid: string }[] | undefined)?.some((r) => r.uid === uid)),
    inNamespace: (namespace: string, kind?: { apiVersion: string; kind: string }) => objects.filter((o) => o.metadata.namespace === namespace && (!kind || (o.kind === kind.kind && o.apiVersion === kind.apiVersion))),
  }
}

const shape = (nodes: { kind: string; name: string; parent?: string; status?: string }[]) => nodes.map((n) => `${n.kind}/${n.name}${n.parent ? ` < ${n.parent.split('/')[1]}/${n.parent.split('/')[3]}` : ''}${n.status ? ` (${n.status})` : ''}`)

describe('resource tree', () => {
  const service = obj('v1', 'Service', 'web', { spec: { selector: { app: 'web' } } })
  const slice = obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-x7k2p', { owner: 'uid-Service-web', metadata: { labels: { 'kubernetes.io/service-name': 'web' } } })
  const endpoints = obj('v1', 'Endpoints', 'web')
  const sts = obj('apps/v1', 'StatefulSet', 'db', { spec: { replicas: 2, volumeClaimTemplates: [{ metadata: { name: 'data' } }, { metadata: { name: 'logs' } }] } })
  const claims = ['data-db-1', 'data-db-0', 'logs-db-0', 'data-dbx-0', 'data-other-0', 'data-db-10'].map((name) => obj('v1', 'PersistentVolumeClaim', name, { status: { phase: 'Bound' } }))
  const pod = obj('v1', 'Pod', 'db-0', { owner: 'uid-StatefulSet-db' })

  it("shows a Service's EndpointSlices (owner references) and its Endpoints (the Service of their name), and a StatefulSet's claims (the templates' names)", async () => {
    const cache = cacheOf([service, slice, endpoints, sts, pod, ...claims])
    const nodes = await resourceTree(cache, [
      { key: resourceKey(service), status: 'Synced' },
      { key: resourceKey(sts), status: 'OutOfSync' },
    ])
    expect(shape(nodes)).toEqual([
      // Children by kind, then name (numbers in names by value), whatever order the watches delivered.
      'Service/web (Synced)',
      'Endpoints/web < Service/web',
      'EndpointSlice/web-x7k2p < Service/web',
      'StatefulSet/db (OutOfSync)',
      'PersistentVolumeClaim/data-db-0 < StatefulSet/db',
      'PersistentVolumeClaim/data-db-1 < StatefulSet/db',
      'PersistentVolumeClaim/data-db-10 < StatefulSet/db',
      'PersistentVolumeClaim/logs-db-0 < StatefulSet/db',
      'Pod/db-0 < StatefulSet/db',
    ])
    expect(nodes.find((n) => n.name === 'data-db-0')?.health).toBe('Healthy')
    expect(cache.watched).toEqual(['ReplicaSet', 'ControllerRevision', 'Pod', 'EndpointSlice', 'Endpoints', 'PersistentVolumeClaim'])
  })

  it('leaves out Endpoints that name an owner, and inferred children the app manages itself (they stay top-level with their status)', async () => {
    const owned = obj('v1', 'Endpoints', 'web', { owner: 'uid-Other-x' })
    expect(shape(await resourceTree(cacheOf([service, owned]), [{ key: resourceKey(service), status: 'Synced' }]))).toEqual(['Service/web (Synced)'])
    const nodes = await resourceTree(cacheOf([service, endpoints]), [
      { key: resourceKey(service), status: 'Synced' },
      { key: resourceKey(endpoints), status: 'OutOfSync' },
    ])
    expect(shape(nodes)).toEqual(['Service/web (Synced)', 'Endpoints/web (OutOfSync)'])
  })

  it('neither watches nor shows kinds the settings exclude', async () => {
    const cache = cacheOf([service, slice, endpoints])
    const excluded = (o: K8sObject) => o.kind === 'EndpointSlice' || o.kind === 'Endpoints'
    const nodes = await resourceTree(cache, [{ key: resourceKey(service) }], excluded)
    expect(shape(nodes)).toEqual(['Service/web'])
    expect(cache.watched).toEqual(['ReplicaSet', 'ControllerRevision', 'Pod', 'PersistentVolumeClaim'])
  })
})
