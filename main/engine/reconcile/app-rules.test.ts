import { describe, expect, it } from 'vitest'
import type { AppCondition } from '../../../shared/model'
import { contextNameNeeded } from '../../../shared/model'
import { Application } from '../model/app-schema'
import type { K8sObject } from '../base/objects'
import { requireContextConsent } from '../sync/consent'
import { pruneAllNeedsConsent } from '../sync/app-rules'
import { appStatus, unknownStatus } from './app-status'
import { attentionCount, needsAttention } from './attention'
import { HealthChecks } from '../health/custom-health'

// The rules the engine decides once and sends with every app status (the UI and CLI only show them).

const app = (automated?: Record<string, unknown>) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop' }, spec: { source: { repoURL: 'r', path: 'p' }, destination: { name: 'c', namespace: 'ns' }, ...(automated ? { syncPolicy: { automated } } : {}) } })
const configMap = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } })
const statusOf = (application: Application, diffs: { key: string; status: 'Synced' | 'OutOfSync' | 'Missing' | 'Extra' }[], conditions: AppCondition[] = []) =>
  appStatus({ app: application, context: 'c', revision: 'abc', diffs: diffs.map((d) => ({ requiresPruning: d.status === 'Extra', ...d })), liveOf: (key) => configMap(key.split('/').at(-1)!), conditions, childHealth: [], now: new Date(0), health: new HealthChecks() })

describe('auto-sync and rollback', () => {
  it('auto-sync is on with syncPolicy.automated, off without it or with enabled: false; rollback only while it is off', () => {
    const synced = [{ key: '/ConfigMap/ns/a', status: 'Synced' as const }]
    expect(statusOf(app(), synced)).toMatchObject({ autoSync: false, rollbackAllowed: true })
    expect(statusOf(app({ prune: true }), synced)).toMatchObject({ autoSync: true, rollbackAllowed: false })
    expect(statusOf(app({ enabled: false }), synced)).toMatchObject({ autoSync: false, rollbackAllowed: true })
  })

  it('an app that could not be compared still carries the rules', () => {
    expect(unknownStatus(app({}), 'c', { type: 'ComparisonError', message: 'x' }, undefined, undefined, new Date(0))).toMatchObject({ autoSync: true, rollbackAllowed: false, pruneAllNeedsConsent: false, needsAttention: true })
  })
})

describe('pruning every resource needs consent', () => {
  const extras = [{ key: '/ConfigMap/ns/a', status: 'Extra' as const }, { key: '/ConfigMap/ns/b', status: 'Extra' as const }]

  it('when Git has none of the resources, some are live, and allowEmpty is off', () => {
    expect(statusOf(app(), extras).pruneAllNeedsConsent).toBe(true)
    expect(statusOf(app({ allowEmpty: false }), extras).pruneAllNeedsConsent).toBe(true)
  })

  it('not with allowEmpty, not while Git still has a resource, not when nothing is live', () => {
    expect(statusOf(app({ allowEmpty: true }), extras).pruneAllNeedsConsent).toBe(false)
    expect(statusOf(app(), [...extras, { key: '/ConfigMap/ns/c', status: 'Missing' }]).pruneAllNeedsConsent).toBe(false)
    expect(statusOf(app(), []).pruneAllNeedsConsent).toBe(false)
  })

  it('is the rule the sync itself applies', () => {
    expect(pruneAllNeedsConsent(0, 2, false)).toBe(true)
    expect(pruneAllNeedsConsent(0, 2, true)).toBe(false)
    expect(pruneAllNeedsConsent(1, 2, false)).toBe(false)
    expect(pruneAllNeedsConsent(0, 0, false)).toBe(false)
  })
})

describe('needs attention', () => {
  const base = { sync: 'Synced' as const, health: 'Healthy' as const, conditions: [] as AppCondition[] }

  it('not when Synced and Healthy, even with a warning; Progressing and Suspended are no problem', () => {
    expect(needsAttention(base)).toBe(false)
    expect(needsAttention({ ...base, conditions: [{ type: 'SharedResourceWarning', message: 'm' }] })).toBe(false)
    expect(needsAttention({ ...base, health: 'Progressing' })).toBe(false)
    expect(needsAttention({ ...base, health: 'Suspended' })).toBe(false)
  })

  it('OutOfSync, Unknown, Degraded, Missing or an error condition', () => {
    expect(needsAttention({ ...base, sync: 'OutOfSync' })).toBe(true)
    expect(needsAttention({ ...base, sync: 'Unknown' })).toBe(true)
    expect(needsAttention({ ...base, health: 'Degraded' })).toBe(true)
    expect(needsAttention({ ...base, health: 'Missing' })).toBe(true)
    expect(needsAttention({ ...base, conditions: [{ type: 'SyncError', message: 'm' }] })).toBe(true)
  })

  it('is sent with the status, and the tray counts the flag', () => {
    const ok = statusOf(app(), [{ key: '/ConfigMap/ns/a', status: 'Synced' }])
    const drifted = statusOf(app(), [{ key: '/ConfigMap/ns/a', status: 'OutOfSync' }])
    expect([ok.needsAttention, drifted.needsAttention]).toEqual([false, true])
    expect(attentionCount([ok, drifted, drifted])).toBe(2)
  })
})

describe('needs a context name', () => {
  it('a protected context, unless a dry run; the engine refuses on the same rule', () => {
    expect(contextNameNeeded(true, {})).toBe(true)
    expect(contextNameNeeded(true, { dryRun: true })).toBe(false)
    expect(contextNameNeeded(false, {})).toBe(false)
    expect(() => requireContextConsent('prod', ['prod'], {})).toThrow(/protected context/)
    expect(() => requireContextConsent('prod', ['prod'], { dryRun: true })).not.toThrow()
    expect(() => requireContextConsent('prod', ['prod'], { consent: { context: 'prod' } })).not.toThrow()
    expect(() => requireContextConsent('dev', ['prod'], {})).not.toThrow()
  })
})
