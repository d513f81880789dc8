import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { descendants, eventsAbout, podContainers, resourceDetails } from './details'

const event = (name: string, uid: string, reason: string, last: string, extra: Record<string, unknown> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'shop', uid: `e-${name}` }, involvedObject: { uid, kind: 'Deployment', name: 'web' }, reason, message: `${reason} message`, type: 'Normal', count: 1, firstTimestamp: last, lastTimestamp: last, source: { component: 'deployment-controller' }, ...extra })

describe('the resource panel’s data', () => {
  it('events: only those about the given objects, newest first, with series counts', () => {
    const events = [
      event('a', 'web', 'ScalingReplicaSet', '2026-11-29T06:00:00Z'),
      event('b', 'other', 'Killing', '2026-11-29T06:05:00Z'),
      event('c', 'web', 'ScalingReplicaSet', '2026-11-29T06:10:00Z', { series: { count: 4, lastObservedTime: '2026-11-29T06:12:00Z' } }),
    ]
    expect(eventsAbout(events, new Set(['web'])).map((e) => [e.uid, e.count, e.lastSeen, e.object, e.source])).toEqual([
      ['e-c', 4, '2026-11-29T06:12:00Z', 'Deployment/web', 'deployment-controller'],
      ['e-a', 1, '2026-11-29T06:00:00Z', 'Deployment/web', 'deployment-controller'],
    ])
  })

  it('a Secret’s values are masked on both sides; the last-applied annotation is left to the manifest', () => {
    const live: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"token":"c2VjcmV0"}}', team: 'web' } }, data: { token: 'c2VjcmV0' } }
    const target: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, stringData: { token: 'secret' } }
    const details = resourceDetails({ node: { key: '/Secret/shop/s', kind: 'Secret', name: 's', namespace: 'shop', health: null, status: 'Synced' }, context: 'dev', managed: true, live, target, pods: [] })
    expect(`${details.live}${details.desired}`).not.toMatch(/c2VjcmV0|: secret/)
    expect(details.annotations).toEqual({ team: 'web' })
  })

  it("a workload's pods, found down its owners; each pod's containers and restarts", () => {
    const deployment: K8sObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'd' } }
    const rs: K8sObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', uid: 'r', ownerReferences: [{ uid: 'd' }] } }
    const pod: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1-x', uid: 'p', ownerReferences: [{ uid: 'r' }] }, spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'app' }, { name: 'sidecar' }] }, status: { containerStatuses: [{ name: 'app', restartCount: 2 }] } }
    const all = [deployment, rs, pod]
    const found = descendants(deployment, (uid) => all.filter((o) => (o.metadata.ownerReferences as { uid: string }[] | undefined)?.some((r) => r.uid === uid)))
    expect(found.map((o) => o.metadata.name)).toEqual(['web-1', 'web-1-x'])
    expect(podContainers(pod)).toEqual({ pod: 'web-1-x', containers: ['app', 'sidecar'], initContainers: ['init'], restarts: { app: 2 } })
  })
})
