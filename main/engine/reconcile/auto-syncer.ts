import type { AppCondition, AppStatus, SyncIntent } from '../../../shared/model'
import { isAutomated, type Application } from '../model/app-schema'
import { inClusterServer } from '../clusters/kubeconfig'
import type { BackgroundWork } from '../base/background-work'
import { errorMessage } from '../base/errors'
import { autoSyncPause, deletionOf, resumeAutoSync } from '../sync/deletions'
import { historyOf, recordEvent } from '../sync/history'
import { autoSyncDecision, interruptedAttempt, type AutoSyncRecord } from './auto-sync'
import type { DeskState, OperationRunner } from './ports'

/** Why auto-sync leaves an app alone now, with the condition that tells the user (if any). */
interface HoldBack {
  reason: string
  condition?: AppCondition
}

/** A destination that means "the active context": what it points at changes with a context switch. */
export const isInCluster = (app: Application): boolean => {
  const { name, server } = app.spec.destination
  return name === 'in-cluster' || (!name && !!server && server.replace(/\/+$/, '') === inClusterServer)
}

/**
 * Auto-sync and self-heal as Argo CD does them (the rules in auto-sync.ts), plus what keeps a
 * desktop's auto-sync from changing a cluster nobody asked about: nothing for an app being
 * deleted; an in-cluster app only on the context it was last synced to (or where auto-sync was
 * first seen on), so switching what you look at never deploys; never on a protected context,
 * which says so at once and is tried again when the protection goes. Syncs run beside the queue.
 */
export class AutoSyncer {
  private readonly records = new Map<string, AutoSyncRecord>()
  private readonly running = new Set<Promise<unknown>>()
  /** The last refusal written as an app event, per app (`context@revision`), so it is written once. */
  private readonly refusals = new Map<string, string>()

  constructor(
    private readonly engine: Pick<DeskState, 'store' | 'emit' | 'notify'> & OperationRunner,
    private readonly schedule: (name: string, ms: number) => void,
    /** The controller's background work: each auto-sync is tracked (stop waits for it), and none starts once it is closed. */
    private readonly background?: BackgroundWork,
  ) {}

  /** How the last auto-sync of an app went (its failure is a condition, and is not retried). */
  record(name: string): AutoSyncRecord | undefined {
    return this.records.get(name)
  }

  /** A sync that succeeded ends a failed auto-sync's SyncError, as in Argo CD. */
  clearFailure(name: string): void {
    if (this.records.get(name)?.failed) this.records.delete(name)
  }

  /** A sync the user asked for (not auto-sync) resumes an auto-sync paused by a cancelled deletion. */
  syncedByHand(name: string): void {
    resumeAutoSync(this.engine.store, name)
  }

  forget(name: string): void {
    this.records.delete(name)
    this.refusals.delete(name)
  }

  /** Resolves when the auto-syncs started so far have ended. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  /** The status with the conditions that say why auto-sync holds back. */
  annotate(app: Application, status: AppStatus): AppStatus {
    const condition = this.holdBack(app, status)?.condition
    return condition ? { ...status, conditions: [...status.conditions, condition] } : status
  }

  /** Starts an auto-sync or self-heal if one is due (a published status, of this revision). */
  run(app: Application, status: AppStatus, revision: string): void {
    const name = app.metadata.name
    const held = this.holdBack(app, status)
    if (held) return this.noteRefusal(app, status, revision, held)
    this.refusals.delete(name)
    const record = this.records.get(name) ?? interruptedAttempt(this.engine.operations.current(name))
    if (status.sync === 'Synced' && record && record.revision === revision && !record.failed) record.selfHealAttempts = 0
    const decision = autoSyncDecision(app, status, revision, record, this.engine.operations.runningApps().includes(name), Date.now())
    if (decision.action === 'wait') return this.schedule(name, decision.ms)
    if (decision.action !== 'sync') return
    if (record) record.selfHealAttempts = decision.selfHealAttempts
    this.start(app, decision.intent, (outcome) => this.records.set(name, { revision, ...outcome, selfHealAttempts: decision.selfHealAttempts, finishedAt: Date.now() }))
  }

  /** Starts an operation as auto-sync (also the prune of a child its parent dropped). */
  start(app: Application, intent: SyncIntent, done: (outcome: { failed: boolean; message: string }) => void, removeAll = false): void {
    const name = app.metadata.name
    if (deletionOf(this.engine.store, name) || this.background?.closed) return
    const work = (async () => {
      try {
        await this.engine.operations.start(app, intent, { initiator: 'auto-sync', ...(removeAll ? { removeAll } : {}) })
        const result = await this.engine.operations.wait(name)
        done({ failed: result?.phase !== 'Succeeded', message: result?.message ?? '' })
      } catch (error) {
        const message = errorMessage(error)
        done({ failed: true, message })
        this.engine.emit({ type: 'error', message: `auto-sync of ${name}: ${message}`, where: name })
        this.engine.notify({ kind: 'sync-failed', app: name, title: `Auto-sync of ${name} failed`, body: message })
      }
    })()
    this.running.add(work)
    void this.background?.track(work)
    void work.finally(() => this.running.delete(work))
  }

  /** The context an in-cluster app's auto-sync acts on: its last sync's, else where auto-sync was first seen. */
  pinnedContext(app: Application, current: string): string | undefined {
    if (!isInCluster(app)) return undefined
    const name = app.metadata.name
    const last = historyOf(this.engine.store, name).at(-1)?.context
    if (last) return last
    const seen = this.engine.store.read().autoSyncContexts[name]
    if (seen) return seen
    if (!isAutomated(app) || !current) return undefined
    this.engine.store.update((data) => void (data.autoSyncContexts = { ...data.autoSyncContexts, [name]: current }))
    return current
  }

  private holdBack(app: Application, status: AppStatus): HoldBack | undefined {
    if (!isAutomated(app)) return undefined
    const name = app.metadata.name
    if (deletionOf(this.engine.store, name)) return { reason: 'the app is being deleted' }
    const paused = autoSyncPause(this.engine.store, name)
    if (paused) return { reason: 'paused', condition: { type: 'AutoSyncWarning', message: `auto-sync is paused since ${paused}: it would re-create what was deleted; sync ${name} by hand to resume it` } }
    const pinned = this.pinnedContext(app, status.context)
    if (pinned && pinned !== status.context) {
      return { reason: `pinned to ${pinned}`, condition: { type: 'AutoSyncWarning', message: `auto-sync acts on context ${pinned}, where ${name} was last synced; sync manually to use ${status.context}` } }
    }
    if (status.sync === 'OutOfSync' && this.engine.store.read().settings.protectedContexts.includes(status.context)) {
      return { reason: 'protected', condition: { type: 'SyncError', message: `auto-sync refused: ${status.context} is a protected context; sync by hand (typing its name), or unprotect it and auto-sync goes ahead` } }
    }
    return undefined
  }

  /** A refusal on a protected context is also an app event, once per context and revision. */
  private noteRefusal(app: Application, status: AppStatus, revision: string, held: HoldBack): void {
    const name = app.metadata.name
    if (held.reason !== 'protected') return
    const key = `${status.context}@${revision}`
    if (this.refusals.get(name) === key) return
    this.refusals.set(name, key)
    recordEvent(this.engine.store, { app: name, context: status.context, resource: '', action: 'auto-sync', message: held.condition?.message ?? held.reason })
  }
}
