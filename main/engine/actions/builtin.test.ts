import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { actionsFor } from './builtin'

const now = new Date('2026-11-29T03:04:05.678Z')
const names = (obj: K8sObject) => actionsFor(obj).map((a) => `${a.name}${a.disabled ? ' (disabled)' : ''}`)
const run = (obj: K8sObject, name: string) => actionsFor(obj).find((a) => a.name === name)!.run(obj, now)
const changed = (obj: K8sObject, name: string) => run(obj, name)[0]!.resource as K8sObject & { spec: Record<string, any>; status?: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any

describe("Argo CD's built-in resource actions", () => {
  const deployment = (paused?: boolean) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { ...(paused !== undefined ? { paused } : {}), template: { metadata: { labels: { app: 'web' } } } } })

  it('a Deployment restarts (a new pod template annotation, stamped as Argo CD does) and pauses or resumes by spec.paused', () => {
    expect(names(deployment())).toEqual(['restart', 'pause', 'resume (disabled)', 'scale'])
    expect(changed(deployment(), 'restart').spec.template.metadata).toEqual({ labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-29T03:04:05Z' } })
    expect(names(deployment(true))).toEqual(['restart', 'pause (disabled)', 'resume', 'scale'])
    expect(changed(deployment(true), 'resume').spec).not.toHaveProperty('paused')
  })

  it('scale sets spec.replicas from its replicas parameter; anything but a whole number is refused', () => {
    const scale = actionsFor(deployment()).find((a) => a.name === 'scale')!
    expect(scale.params).toEqual([{ name: 'replicas' }])
    expect((scale.run(deployment(), now, { replicas: '4' })[0]!.resource as unknown as { spec: { replicas: number } }).spec.replicas).toBe(4)
    for (const replicas of [undefined, '', 'many', '1.5', '-1']) expect(() => scale.run(deployment(), now, replicas === undefined ? {} : { replicas })).toThrow(/scale needs replicas, a whole number/)
  })

  it('StatefulSet and DaemonSet restart; other kinds offer nothing', () => {
    expect(names({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' } })).toEqual(['restart', 'scale'])
    expect(actionsFor({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toEqual([])
  })

  it("a CronJob offers create-job and whichever of suspend or resume applies; create-job makes the Job kubectl create job --from would", () => {
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'jobs', uid: 'u-1' }, spec: { suspend: true, jobTemplate: { metadata: { labels: { team: 'a' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } } } }
    expect(names(cron)).toEqual(['create-job', 'resume'])
    expect(names({ ...cron, spec: { ...cron.spec, suspend: false } })).toEqual(['create-job', 'suspend'])
    const [op] = run(cron, 'create-job')
    expect(op).toEqual({
      operation: 'create',
      resource: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'nightly-2611290304', namespace: 'jobs', labels: { team: 'a' }, annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: 'u-1', blockOwnerDeletion: true, controller: true }] },
        spec: cron.spec.jobTemplate.spec,
      },
    })
  })

  const rollout = (status: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r', generation: 3 }, spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }] } }, ...spec }, status: { observedGeneration: '3', ...status } })

  it("a Rollout's actions follow its state as Argo CD's discovery judges them", () => {
    // Mid-update, paused at a step.
    const paused = rollout({ currentPodHash: 'new', stableRS: 'old', currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep' }] })
    expect(names(paused)).toEqual(['restart', 'resume', 'abort', 'retry (disabled)', 'pause', 'promote-full', 'skip-current-step'])
    expect(changed(paused, 'resume').status?.pauseConditions).toBeUndefined()
    expect(changed(paused, 'abort').status?.abort).toBe(true)
    expect(changed(paused, 'promote-full').status?.promoteFull).toBe(true)
    expect(changed(paused, 'skip-current-step').status).toMatchObject({ currentStepIndex: 2 })
    expect(changed(paused, 'restart').spec.restartAt).toBe('2026-11-29T03:04:05Z')
    // Aborted: retry, not abort.
    expect(names(rollout({ currentPodHash: 'new', stableRS: 'old', abort: true }))).toEqual(['restart', 'resume (disabled)', 'abort (disabled)', 'retry', 'pause (disabled)', 'promote-full', 'skip-current-step'])
    expect(changed(rollout({ currentPodHash: 'new', stableRS: 'old', abort: true }), 'retry').status?.abort).toBeUndefined()
    // Fully promoted: nothing to abort, retry, pause or promote.
    expect(names(rollout({ currentPodHash: 'a', stableRS: 'a', currentStepIndex: 3 }))).toEqual(['restart', 'resume (disabled)', 'abort (disabled)', 'retry (disabled)', 'pause (disabled)', 'promote-full (disabled)', 'skip-current-step (disabled)'])
  })

  it('an ExternalSecret refreshes unless its refresh is off; Flux objects reconcile, suspend and resume', () => {
    const es = (refreshInterval?: string) => ({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'db' }, spec: { ...(refreshInterval ? { refreshInterval } : {}) } })
    expect(names(es('1h'))).toEqual(['refresh'])
    expect(names(es('0'))).toEqual(['refresh (disabled)'])
    expect(changed(es('1h'), 'refresh').metadata.annotations).toEqual({ 'force-sync': '2026-11-29T03:04:05Z' })
    const release = (suspend: boolean) => ({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'podinfo' }, spec: { suspend } })
    expect(names(release(false))).toEqual(['reconcile', 'suspend', 'resume (disabled)'])
    expect(names(release(true))).toEqual(['reconcile (disabled)', 'suspend (disabled)', 'resume'])
    expect(changed(release(false), 'reconcile').metadata.annotations).toEqual({ 'reconcile.fluxcd.io/requestedAt': 'By Argo CD at: 2026-11-29T03:04:05' })
  })
})
