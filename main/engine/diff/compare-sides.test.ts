import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { trackingAnnotation } from '../base/tracking'
import { compareSides, pairObjects } from './compare-sides'
import { keepOwnedFields, ownedFieldsOf } from './owned-fields'

const sync = { manager: 'gitops-desk', operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:annotations': { [`f:${trackingAnnotation}`]: {} } }, 'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } } } }

/** A live Deployment as an API server stores it: defaults, bookkeeping, the tracking mark of its app. */
function liveDeployment(app: string, replicas: number, extra: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', uid: `${app}-uid`, resourceVersion: '7', annotations: { [trackingAnnotation]: `${app}:apps/Deployment:shop/web`, 'deployment.kubernetes.io/revision': '1' }, managedFields: [sync] },
    spec: { replicas, progressDeadlineSeconds: 600, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1', terminationMessagePath: '/dev/termination-log' }] } }, ...extra },
    status: { replicas },
  }
}

function liveService(app: string, clusterIP: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', annotations: { [trackingAnnotation]: `${app}:/Service:shop/web` }, managedFields: [{ manager: 'gitops-desk', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } } } }] },
    spec: { clusterIP, clusterIPs: [clusterIP], ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], type: 'ClusterIP' },
  }
}

const live = (label: string, objects: K8sObject[]) => ({ label, objects, live: true })
const rendered = (label: string, objects: K8sObject[]) => ({ label, objects, live: false })

describe('compareSides', () => {
  it('two apps live on two clusters: only the field that was changed differs, not defaults, allocated IPs or the tracking mark', () => {
    const changed = liveDeployment('shop-2', 3)
    changed.metadata.managedFields = [sync, { manager: 'kubectl', operation: 'Update', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }]
    const result = compareSides(live('shop-1', [liveDeployment('shop-1', 1), liveService('shop-1', '10.0.0.7')]), live('shop-2', [changed, liveService('shop-2', '10.96.4.2')]), 'annotation')
    expect(result.status).toBe('OutOfSync')
    const byKey = Object.fromEntries(result.resources.map((r) => [r.key, r]))
    expect(byKey['/Service/shop/web']!.status).toBe('Synced')
    const deployment = byKey['apps/Deployment/shop/web']!
    expect(deployment.status).toBe('OutOfSync')
    const changes = deployment.unifiedDiff.split('\n').filter((l) => /^[-+][^-+]/.test(l))
    expect(changes).toEqual(['-  replicas: 1', '+  replicas: 3'])
    expect(deployment.unifiedDiff).toContain('--- shop-1/apps/Deployment/shop/web')
    expect(deployment.liveYaml).not.toMatch(/progressDeadlineSeconds|tracking-id|uid|managedFields/)
  })

  it('the same live objects compare Synced', () => {
    const result = compareSides(live('a', [liveDeployment('a', 2)]), live('b', [liveDeployment('b', 2)]), 'annotation')
    expect(result).toMatchObject({ status: 'Synced', resources: [{ status: 'Synced', unifiedDiff: '' }] })
  })

  it('two revisions (rendered) compare whole objects; a resource on one side only is Extra (left) or Missing (right)', () => {
    const config = (name: string, value: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' }, data: { value } })
    const result = compareSides(rendered('HEAD', [config('a', '1'), config('old', 'x')]), rendered('v1.2.0', [config('a', '2'), config('new', 'y')]), 'annotation')
    expect(result.resources.map((r) => [r.key, r.status])).toEqual([
      ['/ConfigMap/shop/a', 'OutOfSync'],
      ['/ConfigMap/shop/new', 'Missing'],
      ['/ConfigMap/shop/old', 'Extra'],
    ])
    expect(result.resources[1]!.liveYaml).toBe('')
    expect(result.resources[2]!.targetYaml).toBe('')
  })

  it('the same app in another namespace pairs by name, and says which resource it was compared with', () => {
    const inNs = (ns: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: ns }, data: { v: '1' } })
    const pairs = pairObjects([inNs('dev')], [inNs('prod')])
    expect(pairs).toHaveLength(1)
    const [diff] = compareSides(rendered('dev', [inNs('dev')]), rendered('prod', [inNs('prod')]), 'annotation').resources
    expect(diff).toMatchObject({ key: '/ConfigMap/dev/a', status: 'OutOfSync', notice: 'compared with /ConfigMap/prod/a' })
  })

  it('Secret values are masked on both sides, equal values alike', () => {
    const secret = (v: string): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, data: { password: Buffer.from(v).toString('base64') } })
    const [diff] = compareSides(rendered('a', [secret('one')]), rendered('b', [secret('two')]), 'annotation').resources
    expect(diff!.status).toBe('OutOfSync')
    expect(`${diff!.liveYaml}${diff!.targetYaml}`).not.toContain(Buffer.from('one').toString('base64'))
  })
})

describe('keepOwnedFields', () => {
  it('keeps what managers own (list items by their keys) and identity, drops the rest', () => {
    const kept = keepOwnedFields(liveDeployment('a', 1), ownedFieldsOf([liveDeployment('a', 1)]))
    expect(kept.spec).toEqual({ replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } })
    expect(kept.metadata).toMatchObject({ name: 'web', namespace: 'shop' })
    expect(kept.status).toBeUndefined()
  })
})
