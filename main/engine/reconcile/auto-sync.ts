import type { AppStatus, Operation, SyncIntent } from '../../../shared/model'
import { isAutomated, type Application } from '../model/app-schema'
import { selfHealDelay } from './backoff'

/** How the last auto-sync of an app went. */
export interface AutoSyncRecord {
  revision: string
  failed: boolean
  message: string
  selfHealAttempts: number
  finishedAt: number
}

/**
 * A sync a crash interrupted counts as a failed attempt at its revision (Argo CD's
 * alreadyAttemptedSync reads the app's last operation the same way): auto-sync does not run that
 * revision again by itself; a new revision, or a sync by hand, goes ahead.
 */
export function interruptedAttempt(operation: Operation | null): AutoSyncRecord | undefined {
  if (!operation?.interrupted || !operation.revision) return undefined
  return { revision: operation.revision, failed: true, message: operation.message, selfHealAttempts: 0, finishedAt: Date.parse(operation.finishedAt ?? operation.startedAt) }
}

export type AutoSyncDecision =
  | { action: 'none'; reason: string }
  /** A self-heal whose backoff has not run out: look again after this long. */
  | { action: 'wait'; ms: number }
  | { action: 'sync'; intent: SyncIntent; selfHealAttempts: number }

/**
 * Argo CD's auto-sync rules, as a pure decision: only an OutOfSync app; never while an operation
 * runs; not when only pruning is needed and prune is off; never again for a revision whose
 * auto-sync failed; the same revision again only as self-heal, after its backoff
 * (2 s × 3^(n−1)), syncing just the drifted resources and taking back fields another manager took.
 */
export function autoSyncDecision(app: Application, status: Pick<AppStatus, 'sync' | 'resources'>, revision: string, record: AutoSyncRecord | undefined, operationRunning: boolean, now: number): AutoSyncDecision {
  if (!isAutomated(app)) return { action: 'none', reason: 'auto-sync is off' }
  const automated = app.spec.syncPolicy!.automated!
  if (status.sync !== 'OutOfSync') return { action: 'none', reason: `the app is ${status.sync}` }
  if (operationRunning) return { action: 'none', reason: 'an operation is running' }
  const differing = status.resources.filter((r) => r.status !== 'Synced')
  if (differing.every((r) => r.status === 'Extra') && !automated.prune) return { action: 'none', reason: 'only pruning is needed, and prune is off' }
  const prune = automated.prune ?? false
  if (!record || record.revision !== revision) return { action: 'sync', intent: { prune, revision }, selfHealAttempts: 0 }
  if (record.failed) return { action: 'none', reason: `the auto-sync of ${revision.slice(0, 8)} failed` }
  if (!automated.selfHeal) return { action: 'none', reason: 'self-heal is off' }
  const wait = selfHealDelay(record.selfHealAttempts + 1) - (now - record.finishedAt)
  if (wait > 0) return { action: 'wait', ms: wait }
  const resources = differing.filter((r) => r.status !== 'Extra' || prune).map((r) => r.key)
  return { action: 'sync', intent: { prune, revision, resources, force: true }, selfHealAttempts: record.selfHealAttempts + 1 }
}
