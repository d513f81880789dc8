import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { orphanedResources } from './orphans'

const obj = (apiVersion: string, kind: string, name: string, extra: Partial<K8sObject['metadata']> = {}, rest: Record<string, unknown> = {}): K8sObject => ({ apiVersion, kind, metadata: { name, namespace: 'shop', uid: `uid-${kind}-${name}`, ...extra }, ...rest })
const owned = (parent: K8sObject) => ({ ownerReferences: [{ uid: parent.metadata.uid, kind: parent.kind, name: parent.metadata.name }] })

describe("Argo CD's orphaned resources", () => {
  const deployment = obj('apps/v1', 'Deployment', 'stray-web')
  const replicaSet = obj('apps/v1', 'ReplicaSet', 'stray-web-1', owned(deployment))
  const objects = [
    obj('v1', 'ConfigMap', 'managed'),
    obj('v1', 'ConfigMap', 'stray'),
    obj('v1', 'ConfigMap', 'kube-root-ca.crt'),
    obj('v1', 'ServiceAccount', 'default'),
    obj('v1', 'Endpoints', 'web'),
    obj('v1', 'Secret', 'builder-token', { annotations: { 'kubernetes.io/service-account.name': 'builder' } }, { type: 'kubernetes.io/service-account-token' }),
    obj('v1', 'Secret', 'of-other-app', { annotations: { 'argocd.argoproj.io/tracking-id': 'other:/Secret:shop/of-other-app' } }),
    obj('v1', 'Secret', 'of-deleted-app', { annotations: { 'argocd.argoproj.io/tracking-id': 'gone:/Secret:shop/of-deleted-app' } }),
    obj('batch/v1', 'Job', 'ignored-job'),
    obj('v1', 'ConfigMap', 'elsewhere', { namespace: 'other' }),
    deployment,
    replicaSet,
  ]
  const input = { namespace: 'shop', objects, managed: new Set(['/ConfigMap/shop/managed']), appExists: (n: string) => n === 'other', ownedBy: (uid: string) => objects.filter((o) => (o.metadata.ownerReferences as { uid: string }[] | undefined)?.some((r) => r.uid === uid)), settings: { warn: true, ignore: [{ group: 'batch', kind: 'J*' }] } }

  it("lists the namespace's top-level objects no app manages, with what they own, minus what every namespace has and the project's ignore list", () => {
    expect(orphanedResources(input).map((o) => `${o.key}${o.parent ? ` < ${o.parent}` : ''}`)).toEqual([
      '/ConfigMap/shop/stray',
      '/Secret/shop/of-deleted-app',
      'apps/Deployment/shop/stray-web',
      'apps/ReplicaSet/shop/stray-web-1 < apps/Deployment/shop/stray-web',
    ])
  })

  it('leaves out kinds the project does not permit', () => {
    expect(orphanedResources({ ...input, permitted: (o) => o.kind !== 'ConfigMap' }).map((o) => o.key)).not.toContain('/ConfigMap/shop/stray')
  })

  it('finds none without a destination namespace', () => {
    expect(orphanedResources({ ...input, namespace: '' })).toEqual([])
  })
})
