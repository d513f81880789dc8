import { describe, expect, it } from 'vitest'
import { MemoryKube } from '../../../test/support/memory-kube'
import type { K8sObject } from '../base/objects'
import { SyncOperation } from './operation'
import type { SyncRequest } from './request'

// The wiring of the local check against the in-memory KubeApi (the ground test checks the rules
// against a real API server): which syncs skip the server dry run of a new ConfigMap, and what in
// the cluster sends it back to the server.
class AllowingKube extends MemoryKube {
  /** Access reviews answer `allowed` (the in-memory cluster has no RBAC). */
  override async create(obj: K8sObject, options: { dryRun?: boolean } = {}): Promise<K8sObject> {
    return obj.kind === 'SelfSubjectAccessReview' ? { ...obj, status: { allowed: true } } : super.create(obj, options)
  }
}
const namespace: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } }
const cm = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data: { v: '1' } })
const request = (more: Partial<SyncRequest> = {}): SyncRequest => ({ targets: [cm('a'), cm('b')], extras: [], prune: false, dryRun: false, force: false, plan: { revision: 'abc1234', startedAt: new Date(0) }, pollMs: 1, localCandidates: new Set(['/ConfigMap/ns/a']), ...more })
const sync = (kube: MemoryKube, more: Partial<SyncRequest> = {}) => new SyncOperation(kube, request(more)).run()

describe('a local check instead of a server dry run', () => {
  it('stands for the dry run of a candidate with a handful of requests, the others dry-run on the server', async () => {
    const state = await sync(new AllowingKube().seed(namespace))
    expect(state.phase, state.message).toBe('Succeeded')
    // Four admission kinds listed, the namespace read, its quotas listed, two access reviews; b's dry run.
    expect(state.requests).toMatchObject({ dryRunsChecked: 1, dryRun: 4 + 1 + 1 + 2 + 1 })
  })

  it('asks the server in a dry-run sync, a forced one, and when a quota, a webhook, a missing namespace or a failed read may refuse it', async () => {
    const webhook: K8sObject = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'w' }, webhooks: [{ rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }] }] }
    const quota: K8sObject = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'ns' }, spec: {} }
    const outcomes = await Promise.all([
      sync(new AllowingKube().seed(namespace), { dryRun: true }),
      sync(new AllowingKube().seed(namespace), { force: true }),
      sync(new AllowingKube().seed(namespace, quota)),
      sync(new AllowingKube().seed(namespace, webhook)),
      sync(new AllowingKube()),
      sync(new MemoryKube().seed(namespace)), // access reviews not answered
    ])
    expect(outcomes.map((o) => o.requests?.dryRunsChecked)).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('sees a ValidatingAdmissionPolicy of an older cluster that serves it at v1beta1 only', async () => {
    const policy: K8sObject = { apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' }, spec: { matchConstraints: { resourceRules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }] } } }
    const older = new AllowingKube().seed(namespace, policy)
    older.unserved.add('admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy')
    expect((await sync(older)).requests?.dryRunsChecked).toBe(0)
  })
})
