import { describe, expect, it } from 'vitest'
import { Application } from '../model/app-schema'
import type { Operation } from '../../../shared/model'
import { autoSyncDecision, interruptedAttempt, type AutoSyncRecord } from './auto-sync'

const app = (automated?: Record<string, unknown>) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop' }, spec: { source: { repoURL: 'r', path: 'p' }, destination: { name: 'c', namespace: 'ns' }, ...(automated ? { syncPolicy: { automated } } : {}) } })
const outOfSync = { sync: 'OutOfSync' as const, resources: [{ key: 'apps/Deployment/ns/web', status: 'OutOfSync' as const, health: null, requiresPruning: false }, { key: '/ConfigMap/ns/old', status: 'Extra' as const, health: null, requiresPruning: true }] }
const record = (more: Partial<AutoSyncRecord>): AutoSyncRecord => ({ revision: 'r1', failed: false, message: '', selfHealAttempts: 0, finishedAt: 0, ...more })

describe('the auto-sync decision (Argo CD rules)', () => {
  it('syncs an OutOfSync app at a new revision, with the app\'s prune', () => {
    expect(autoSyncDecision(app({ prune: true }), outOfSync, 'r2', record({}), false, 10_000)).toEqual({ action: 'sync', intent: { prune: true, revision: 'r2' }, selfHealAttempts: 0 })
  })

  it('does nothing when auto-sync is off or disabled, the app is Synced, or an operation runs', () => {
    expect(autoSyncDecision(app(), outOfSync, 'r2', undefined, false, 0).action).toBe('none')
    expect(autoSyncDecision(app({ enabled: false }), outOfSync, 'r2', undefined, false, 0).action).toBe('none')
    expect(autoSyncDecision(app({}), { ...outOfSync, sync: 'Synced' }, 'r2', undefined, false, 0).action).toBe('none')
    expect(autoSyncDecision(app({}), outOfSync, 'r2', undefined, true, 0).action).toBe('none')
  })

  it('skips an app that only needs pruning when prune is off', () => {
    const onlyExtra = { sync: 'OutOfSync' as const, resources: [outOfSync.resources[1]!] }
    expect(autoSyncDecision(app({}), onlyExtra, 'r2', undefined, false, 0)).toMatchObject({ action: 'none', reason: expect.stringMatching(/only pruning/) })
    expect(autoSyncDecision(app({ prune: true }), onlyExtra, 'r2', undefined, false, 0).action).toBe('sync')
  })

  it('a sync a crash interrupted counts as a failed attempt at its revision: not run again by itself; a new revision goes ahead', () => {
    const interrupted = { id: 'x', app: 'shop', kind: 'sync', initiator: 'auto-sync', dryRun: false, context: 'c', revision: 'r1', attempts: 1, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:05Z', phase: 'Error', message: 'interrupted: …', resources: [], applied: [], interrupted: true } satisfies Operation
    const attempt = interruptedAttempt(interrupted)
    expect(autoSyncDecision(app({ selfHeal: true }), outOfSync, 'r1', attempt, false, 1e13)).toMatchObject({ action: 'none', reason: expect.stringMatching(/failed/) })
    expect(autoSyncDecision(app({}), outOfSync, 'r2', attempt, false, 1e13).action).toBe('sync')
    expect(interruptedAttempt({ ...interrupted, interrupted: false })).toBeUndefined()
    expect(interruptedAttempt(null)).toBeUndefined()
  })

  it('never retries a revision whose auto-sync failed', () => {
    expect(autoSyncDecision(app({ selfHeal: true }), outOfSync, 'r1', record({ failed: true }), false, 1e9)).toMatchObject({ action: 'none', reason: expect.stringMatching(/failed/) })
  })

  it('self-heals the same revision only with selfHeal, after 2 s × 3^(n−1), syncing only the drifted resources with force', () => {
    expect(autoSyncDecision(app({}), outOfSync, 'r1', record({}), false, 1e9).action).toBe('none')
    expect(autoSyncDecision(app({ selfHeal: true }), outOfSync, 'r1', record({ finishedAt: 1000 }), false, 2000)).toEqual({ action: 'wait', ms: 1000 })
    expect(autoSyncDecision(app({ selfHeal: true }), outOfSync, 'r1', record({ selfHealAttempts: 1, finishedAt: 0 }), false, 5000)).toEqual({ action: 'wait', ms: 1000 })
    expect(autoSyncDecision(app({ selfHeal: true }), outOfSync, 'r1', record({ finishedAt: 0 }), false, 2000)).toEqual({ action: 'sync', intent: { prune: false, revision: 'r1', resources: ['apps/Deployment/ns/web'], force: true }, selfHealAttempts: 1 })
    expect(autoSyncDecision(app({ selfHeal: true, prune: true }), outOfSync, 'r1', record({ finishedAt: 0 }), false, 2000)).toMatchObject({ intent: { resources: ['apps/Deployment/ns/web', '/ConfigMap/ns/old'] } })
  })
})
