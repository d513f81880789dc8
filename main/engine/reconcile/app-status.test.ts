import { describe, expect, it } from 'vitest'
import { Application } from '../model/app-schema'
import type { K8sObject } from '../base/objects'
import { appStatus, sameVisibleStatus, unknownStatus } from './app-status'
import { HealthChecks } from '../health/custom-health'

const app = (syncOptions: string[] = []) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop' }, spec: { source: { repoURL: 'r', path: 'p' }, destination: { name: 'c', namespace: 'ns' }, syncPolicy: { syncOptions } } })
const deployment = (ready: number, annotations: Record<string, string> = {}): K8sObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns', generation: 1, annotations }, spec: { replicas: 1 }, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: ready, availableReplicas: ready } })
const extra = (annotations: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old', namespace: 'ns', annotations } })
const input = (live: Record<string, K8sObject>, diffs: { key: string; status: 'Synced' | 'OutOfSync' | 'Missing' | 'Extra'; requiresPruning?: boolean }[], more: Record<string, unknown> = {}) => ({
  app: app(),
  context: 'c',
  revision: 'abcdef123456',
  diffs: diffs.map((d) => ({ requiresPruning: false, ...d })),
  liveOf: (key: string) => live[key] ?? null,
  conditions: [],
  childHealth: [],
  now: new Date(0),
  health: new HealthChecks(),
  ...more,
})

describe('an app status from a compare (pure)', () => {
  it('Synced and Healthy when every resource is; Progressing while a Deployment rolls out', () => {
    expect(appStatus(input({ 'apps/Deployment/ns/web': deployment(1) }, [{ key: 'apps/Deployment/ns/web', status: 'Synced' }]))).toMatchObject({ sync: 'Synced', health: 'Healthy' })
    expect(appStatus(input({ 'apps/Deployment/ns/web': deployment(0) }, [{ key: 'apps/Deployment/ns/web', status: 'Synced' }]))).toMatchObject({ sync: 'Synced', health: 'Progressing' })
  })

  it('OutOfSync and Missing for a resource not yet created', () => {
    expect(appStatus(input({}, [{ key: 'apps/Deployment/ns/web', status: 'Missing' }]))).toMatchObject({ sync: 'OutOfSync', health: 'Missing' })
  })

  it("as Argo CD aggregates: a missing kind without a compiled health check (ConfigMap, CronJob) leaves the app Healthy; ignore-healthcheck is left out", () => {
    const web = 'apps/Deployment/ns/web'
    const missing = (key: string) => appStatus(input({ [web]: deployment(1) }, [{ key: web, status: 'Synced' }, { key, status: 'Missing' }]))
    expect(missing('/ConfigMap/ns/settings')).toMatchObject({ sync: 'OutOfSync', health: 'Healthy' })
    expect(missing('batch/CronJob/ns/nightly')).toMatchObject({ health: 'Healthy' })
    expect(missing('/Service/ns/web')).toMatchObject({ health: 'Missing' })
    const ignored = appStatus(input({ [web]: deployment(0, { 'argocd.argoproj.io/ignore-healthcheck': 'true' }) }, [{ key: web, status: 'Synced' }]))
    expect(ignored.health).toBe('Healthy')
    expect(ignored.resources[0]?.health).toBe('Progressing')
  })

  it('deleting the app with its resources: Delete=false and helm keep are marked kept, Delete=confirm asks for consent', () => {
    const keys = ['/ConfigMap/ns/a', '/ConfigMap/ns/b', '/ConfigMap/ns/c']
    const live = { [keys[0]!]: extra({ 'argocd.argoproj.io/sync-options': 'Delete=false' }), [keys[1]!]: extra({ 'helm.sh/resource-policy': 'keep' }), [keys[2]!]: extra({ 'argocd.argoproj.io/sync-options': 'Delete=confirm' }) }
    const status = appStatus(input(live, keys.map((key) => ({ key, status: 'Synced' as const }))))
    expect(status.resources.map((r) => [r.keptOnDelete, r.deleteNeedsConsent])).toEqual([['Delete=false', undefined], ['helm.sh/resource-policy: keep', undefined], [undefined, true]])
  })

  it('an extra makes the app OutOfSync unless IgnoreExtraneous; Prune=confirm extras are flagged for consent', () => {
    const key = '/ConfigMap/ns/old'
    expect(appStatus(input({ [key]: extra({}) }, [{ key, status: 'Extra', requiresPruning: true }])).sync).toBe('OutOfSync')
    expect(appStatus(input({ [key]: extra({ 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' }) }, [{ key, status: 'Extra' }])).sync).toBe('Synced')
    const flagged = appStatus(input({ [key]: extra({ 'argocd.argoproj.io/sync-options': 'Prune=confirm' }) }, [{ key, status: 'Extra' }]))
    expect(flagged.resources[0]?.pruneNeedsConsent).toBe(true)
    expect(appStatus({ ...input({ [key]: extra({}) }, [{ key, status: 'Extra' }]), app: app(['Prune=confirm']) }).resources[0]?.pruneNeedsConsent).toBe(true)
  })

  it('conditions: a resource another app tracks, an interrupted sync, a failed auto-sync of this revision', () => {
    const shared = deployment(1, { 'argocd.argoproj.io/tracking-id': 'other:apps/Deployment:ns/web' })
    const status = appStatus(input({ 'apps/Deployment/ns/web': shared }, [{ key: 'apps/Deployment/ns/web', status: 'Synced' }], { interrupted: { startedAt: 'T', context: 'c' }, failedAutoSync: { revision: 'abcdef123456', message: 'boom' } }))
    expect(status.conditions.map((c) => c.type)).toEqual(['SharedResourceWarning', 'SyncError', 'SyncError'])
    expect(status.conditions[2]?.message).toMatch(/auto-sync of abcdef12 failed.*boom/)
  })

  it('an unreachable cluster: Unknown, with the state last seen and when; another destination keeps nothing', () => {
    const before = appStatus(input({}, [{ key: 'apps/Deployment/ns/web', status: 'Missing' }]))
    const lastKnown = { at: before.reconciledAt, sync: before.sync, health: before.health }
    const down = unknownStatus(app(), before.context, { type: 'ComparisonError', message: 'cluster c is unreachable' }, before, undefined, new Date(5), lastKnown)
    expect(down).toMatchObject({ sync: 'Unknown', health: 'Unknown', lastKnownAt: before.reconciledAt, lastKnown: { sync: 'OutOfSync', health: 'Missing' }, resources: before.resources })
    expect(unknownStatus(app(), 'elsewhere', { type: 'ComparisonError', message: 'x' }, before, undefined, new Date(5)).resources).toEqual([])
  })

  it('Unknown keeps the last known resources and names the reason', () => {
    const before = appStatus(input({}, [{ key: 'apps/Deployment/ns/web', status: 'Missing' }]))
    expect(unknownStatus(app(), 'c', { type: 'ComparisonError', message: 'cluster c is unreachable' }, before, undefined, new Date(0))).toMatchObject({ sync: 'Unknown', health: 'Unknown', healthMessage: 'cluster c is unreachable', resources: before.resources })
  })

  it("the app's message is the first resource's of the worst health that has one; a worse child app leaves none", () => {
    const stuck = { ...deployment(0), metadata: { ...deployment(0).metadata, name: 'api', generation: 2 }, status: { observedGeneration: 1 } }
    const keys = ['apps/Deployment/ns/web', 'apps/Deployment/ns/api', '/ConfigMap/ns/settings']
    const live = { [keys[0]!]: deployment(1), [keys[1]!]: stuck, [keys[2]!]: extra({}) }
    const diffs = keys.map((key) => ({ key, status: 'Synced' as const }))
    const status = appStatus(input(live, diffs))
    expect([status.health, status.healthMessage]).toEqual(['Progressing', 'Waiting for rollout to finish: observed deployment generation less than desired generation'])
    expect(appStatus(input(live, diffs, { childHealth: ['Progressing'] })).healthMessage).toBe(status.healthMessage)
    expect(appStatus(input(live, diffs, { childHealth: ['Degraded'] }))).toMatchObject({ health: 'Degraded', healthMessage: '' })
    expect(appStatus(input(live, [{ key: keys[0]!, status: 'Synced' }, { key: keys[2]!, status: 'Extra' }])).sync).toBe('OutOfSync')
  })
})

describe('what a user sees of a status', () => {
  const web = 'apps/Deployment/ns/web'
  it('is the same when only the compare time moved, and differs when a resource’s health or a condition did', () => {
    const first = appStatus(input({ [web]: deployment(1) }, [{ key: web, status: 'Synced' }]))
    const later = appStatus(input({ [web]: deployment(1) }, [{ key: web, status: 'Synced' }], { now: new Date(60_000) }))
    expect(later.reconciledAt).not.toBe(first.reconciledAt)
    expect(sameVisibleStatus(first, later)).toBe(true)
    const rolling = appStatus(input({ [web]: deployment(0) }, [{ key: web, status: 'Synced' }]))
    expect(sameVisibleStatus(first, rolling)).toBe(false)
    expect(sameVisibleStatus(first, { ...first, conditions: [{ type: 'SyncError', message: 'x' }] })).toBe(false)
    expect(sameVisibleStatus(first, { ...first, resources: [{ ...first.resources[0]!, status: 'OutOfSync' }] })).toBe(false)
  })
})
