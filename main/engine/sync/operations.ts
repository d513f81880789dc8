import { randomUUID } from 'node:crypto'
import type { DeskEvent, Notification, Operation, OperationInitiator, OperationKind, OperationState, SyncConsent, SyncIntent } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import type { RenderedApp } from '../render/render-app'
import type { HistoryEntry } from '../store/desk-store'
import { toErrorData, UserError } from '../base/errors'
import { rollbackAllowed } from './app-rules'
import { requireContextConsent, requireWorkingCopyConsent } from './consent'
import { refuseIfDeleting } from './deletions'
import { operationRecordsOf } from '../store/operation-records'
import { historyOf, recordEvent, recordHistory, resultsOf } from './history'
import type { SyncOperation } from './operation'
import { OperationJournal } from './operation-journal'
import { OperationSlots } from './operation-slots'
import { pinRevisions, prepareSync, type SyncHost } from './prepare'
import { retryDelay } from './retry'

/** What operations need from the engine besides preparing a sync: where events and notifications go. */
export interface OperationsHost extends SyncHost {
  /** How often a sync looks at a wave's health unless the caller says. */
  syncPollMs: number
  emit(event: DeskEvent): void
  notify(notification: Notification): void
}

export interface StartOptions {
  initiator: OperationInitiator
  /** Sync to this context instead of the app's destination (the CLI's --context). */
  context?: string
  /** How often a sync looks at a wave's health. */
  pollMs?: number
  /** Delete every resource the app tracks (a child app its parent dropped), rendering nothing. */
  removeAll?: boolean
  /** A sync from a working copy: its render (in place of Git's) and what its history entry records. */
  workingCopy?: { render(app: Application): Promise<RenderedApp>; local: NonNullable<HistoryEntry['local']> }
}

interface Running {
  snapshot: Operation
  sync: SyncOperation | null
  terminated: boolean
  /** It holds one of the slots of the cap on operations running at once. */
  slot: boolean
  /** Written to the data folder as it goes (a real sync, once prepared). */
  saved: boolean
  /** A write of the results that came within a step, due soon (see saveSoon). */
  saving?: { timer: NodeJS.Timeout | undefined; last: number }
  wake?: () => void
  done: Promise<Operation>
}

/**
 * Every sync and rollback, whoever starts it (the UI, the CLI, auto-sync), runs here: start()
 * checks what must be refused at once and returns the running operation; progress, each
 * resource's result and the end arrive as operation events; the end also writes the history,
 * sends a notification and tells the listeners (the loop compares the app again). One operation
 * per app at a time, at most maxRunningOperations (Settings) at once: the rest wait in order;
 * terminate() stops one between steps, or takes it out of the queue; syncPolicy.retry retries a
 * failure. A real sync is written to the data folder as it goes: one a crash stopped is shown as
 * interrupted on the next start (operation-journal.ts).
 */
export class Operations {
  private readonly running = new Map<string, Running>()
  private readonly last = new Map<string, Operation>()
  private readonly finished = new Set<(operation: Operation) => void>()
  private readonly slots: OperationSlots
  private readonly journal: OperationJournal

  constructor(private readonly host: OperationsHost) {
    this.slots = new OperationSlots(() => host.store.read().settings.maxRunningOperations)
    this.journal = new OperationJournal(operationRecordsOf(host.store), host.store)
    // On start: what a crash interrupted goes into its app's history now, whatever is looked at first.
    this.interruptedOps()
  }

  async start(app: Application, intent: SyncIntent, options: StartOptions, kind: OperationKind = 'sync', rollbackTo?: number): Promise<Operation> {
    const name = app.metadata.name
    this.refuseIfRunning(name)
    refuseIfDeleting(this.host.store, name, kind)
    const context = options.context ?? (await this.host.resolveContext(app.spec.destination))
    const protectedContexts = this.host.store.read().settings.protectedContexts
    if (options.workingCopy) requireWorkingCopyConsent(app, context, protectedContexts, intent)
    else requireContextConsent(context, protectedContexts, intent)
    // Checked again after the await, in the same step that marks the app running: a deletion
    // that began meanwhile wins (the deletion checks for a running operation the same way).
    this.refuseIfRunning(name)
    refuseIfDeleting(this.host.store, name, kind)
    const snapshot: Operation = {
      id: randomUUID(),
      app: name,
      kind,
      initiator: options.initiator,
      dryRun: intent.dryRun ?? false,
      context,
      revision: '',
      attempts: 1,
      startedAt: new Date().toISOString(),
      ...(rollbackTo !== undefined ? { rollbackTo } : {}),
      phase: 'Running',
      message: kind === 'rollback' ? `rolling back to history entry ${rollbackTo}` : 'rendering the target state',
      resources: [],
      applied: [],
    }
    const slot = this.slots.tryTake()
    if (!slot) Object.assign(snapshot, { queued: true, message: `waiting for a free operation slot (${this.slots.running} running; at most ${this.host.store.read().settings.maxRunningOperations} at once, see Settings)` })
    const entry: Running = { snapshot, sync: null, terminated: false, slot, saved: false, done: Promise.resolve(snapshot) }
    this.running.set(name, entry)
    this.host.emit({ type: 'operation', app: name, operation: snapshot })
    entry.done = this.run(app, intent, { ...options, context }, entry, kind === 'rollback')
    return snapshot
  }

  /** Syncs the revisions of a history entry again, without hooks; refused while auto-sync is on. */
  async startRollback(app: Application, id: number, consent: SyncConsent, options: StartOptions): Promise<Operation> {
    if (!rollbackAllowed(app)) throw new UserError('Invalid', `rollback is not allowed while auto-sync is on for ${app.metadata.name}: turn off syncPolicy.automated first`, 'spec.syncPolicy.automated')
    const entry = historyOf(this.host.store, app.metadata.name).find((h) => h.id === id)
    if (!entry) throw new UserError('NotFound', `no history entry ${id} for ${app.metadata.name} (see gitops-desk app history ${app.metadata.name})`, `${app.metadata.name}#${id}`)
    if (entry.local) throw new UserError('Invalid', `history entry ${id} of ${app.metadata.name} was synced from a working copy (${entry.revisions.join(',')}): its files are not in Git to roll back to`, `${app.metadata.name}#${id}`)
    return this.start(pinRevisions(app, entry.revisions), { consent }, options, 'rollback', id)
  }

  /** The operation running (or queued) for an app, else its last one in this process, else one a crash interrupted; null when there was none. */
  current(appName: string): Operation | null {
    return this.running.get(appName)?.snapshot ?? this.last.get(appName) ?? this.interruptedOps().find((o) => o.app === appName) ?? null
  }

  /** Resolves with the app's operation once it has ended. */
  async wait(appName: string): Promise<Operation | null> {
    return (await this.running.get(appName)?.done) ?? this.last.get(appName) ?? null
  }

  /** Asks the running operation of an app to stop (between steps); false when none runs. */
  terminate(appName: string): boolean {
    const entry = this.running.get(appName)
    if (!entry) return false
    entry.terminated = true
    // A queued one leaves the queue and ends at once (its run() sees it was terminated).
    if (this.slots.leave(entry.snapshot.id)) return true
    entry.sync?.terminate()
    entry.wake?.()
    this.update(entry, { phase: 'Terminating', message: 'terminating' })
    return true
  }

  runningApps(): string[] {
    return [...this.running.keys()]
  }

  /** Syncs that were running when a previous process died. */
  interrupted(): { app: string; context: string; startedAt: string }[] {
    return this.interruptedOps().map(({ app, context, startedAt }) => ({ app, context, startedAt }))
  }

  /** The app's sync, if it was running when a previous process died. */
  interruptedOf(app: string): { app: string; context: string; startedAt: string } | undefined {
    const found = this.journal.interruptedOf(app, (a) => this.running.has(a))
    return found && { app: found.app, context: found.context, startedAt: found.startedAt }
  }

  /** What a process that died left running: shown as interrupted, each written to its history once. */
  private interruptedOps(): Operation[] {
    return this.journal.interrupted((app) => this.running.has(app))
  }

  onFinished(listener: (operation: Operation) => void): () => void {
    this.finished.add(listener)
    return () => this.finished.delete(listener)
  }

  private refuseIfRunning(name: string): void {
    if (this.running.has(name)) throw new UserError('Conflict', `another operation is already in progress for ${name}`, name)
  }

  private async run(app: Application, intent: SyncIntent, options: StartOptions & { context: string }, entry: Running, noHooks: boolean): Promise<Operation> {
    if (!entry.slot) {
      entry.slot = await this.slots.wait(entry.snapshot.id)
      if (!entry.slot) return this.finish(entry, { phase: 'Failed', message: 'operation terminated before it started', queued: false })
      this.update(entry, { queued: false, message: entry.snapshot.kind === 'rollback' ? `rolling back to history entry ${entry.snapshot.rollbackTo}` : 'rendering the target state' })
    }
    try {
      for (let attempt = 0; ; attempt++) {
        const result = await this.attempt(app, intent, options, entry, noHooks)
        const delay = result.phase === 'Failed' && !entry.terminated && !intent.dryRun ? retryDelay(intent.retry ?? app.spec.syncPolicy?.retry, attempt) : null
        if (delay === null) return this.finish(entry, { ...result, attempts: attempt + 1 })
        this.update(entry, { ...result, phase: 'Running', message: `${result.message}; retrying in ${Math.round(delay / 1000)}s (attempt ${attempt + 2})`, attempts: attempt + 2 })
        await this.sleep(delay, entry)
        if (entry.terminated) return this.finish(entry, { ...result, message: `${result.message}; retry cancelled: operation terminated`, attempts: attempt + 1 })
      }
    } catch (error) {
      return this.finish(entry, { phase: 'Error', message: messageWithWhere(error) })
    }
  }

  private async attempt(app: Application, intent: SyncIntent, options: StartOptions & { context: string }, entry: Running, noHooks: boolean): Promise<OperationState> {
    const startedAt = new Date()
    // A working copy's render stands in for Git's (never for auto-sync: only a user's start passes one).
    const host = options.workingCopy ? { ...this.host, render: options.workingCopy.render } : this.host
    const { operation, revisions } = await prepareSync(host, app, intent, { context: options.context, startedAt, noHooks, automated: options.initiator === 'auto-sync', removeAll: options.removeAll ?? false, pollMs: options.pollMs ?? this.host.syncPollMs })
    entry.sync = operation
    if (entry.terminated) operation.terminate()
    // From here on the cluster may change: the operation is written as it goes, each resource's result too.
    entry.saved = !intent.dryRun
    operation.onResult = () => this.saveSoon(entry, operation)
    this.update(entry, { revision: revisions.join(',') })
    const state = await operation.run((s) => this.update(entry, s))
    // Every successful sync is history, partial ones too (marked so); Argo CD leaves selective syncs out (docs/deviations.md).
    if (state.phase === 'Succeeded' && !intent.dryRun && !options.removeAll) {
      const partial = intent.resources?.length ? 'selected' : operation.outOfSyncOnly ? 'out-of-sync-only' : undefined
      recordHistory(this.host.store, app, { revisions, startedAt, context: options.context, initiator: options.initiator, message: state.message, resources: resultsOf(state), ...(partial ? { partial } : {}), ...(options.workingCopy ? { local: options.workingCopy.local } : {}) })
    }
    return state
  }

  private update(entry: Running, patch: Partial<Operation>): void {
    const { queued: _, ...rest } = { ...entry.snapshot, ...patch }
    entry.snapshot = patch.queued ?? entry.snapshot.queued ? { ...rest, queued: true } : rest
    this.host.emit({ type: 'operation', app: entry.snapshot.app, operation: entry.snapshot })
    if (entry.saved) this.journal.save(entry.snapshot)
  }

  /**
   * Writes the resources' results that came within a step (the snapshot itself is written at the
   * step's end), at most every 100 ms: a wave of 1,000 objects rewrote the whole record a thousand
   * times (seconds of a blocked event loop). A crash loses at most the last 100 ms of results, as
   * it always loses the answers of the requests in flight.
   */
  private saveSoon(entry: Running, operation: SyncOperation): void {
    if (!entry.saved) return
    const saving = (entry.saving ??= { timer: undefined, last: 0 })
    if (saving.timer) return
    const write = () => {
      saving.timer = undefined
      saving.last = Date.now()
      if (entry.saved) this.journal.save({ ...entry.snapshot, ...operation.state(), phase: entry.snapshot.phase })
    }
    const wait = saving.last + 100 - Date.now()
    if (wait <= 0) write()
    else saving.timer = setTimeout(write, wait)
  }

  private finish(entry: Running, patch: Partial<Operation>): Operation {
    this.update(entry, { ...patch, finishedAt: new Date().toISOString() })
    const operation = entry.snapshot
    this.running.delete(operation.app)
    this.last.set(operation.app, operation)
    if (entry.slot) this.slots.release()
    clearTimeout(entry.saving?.timer)
    if (entry.saved) this.journal.end(operation)
    if (!operation.dryRun) this.host.notify(notificationOf(operation))
    if (!operation.dryRun && operation.phase !== 'Succeeded') this.recordFailure(operation)
    for (const listener of this.finished) {
      try {
        listener(operation)
      } catch {
        // A listener's failure is its own; the operation has ended either way.
      }
    }
    return operation
  }

  /**
   * A failed or errored operation is not history (as in Argo CD, whose history holds successful
   * syncs only) but an app event, as Argo CD's OperationCompleted event, kept across restarts: a
   * sync the cluster's outage broke leaves this trace even when no window was open.
   */
  private recordFailure(operation: Operation): void {
    const what = operation.kind === 'rollback' ? 'Rollback' : 'Sync'
    const to = operation.revision ? ` to ${operation.revision}` : ''
    try {
      recordEvent(this.host.store, { app: operation.app, context: operation.context, resource: '', action: operation.kind, message: `${what} operation${to} ${operation.phase === 'Error' ? 'errored' : 'failed'}: ${operation.message}` })
    } catch {
      // The store could not be written (its own error is reported where it is used); the operation has ended.
    }
  }

  private sleep(ms: number, entry: Running): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      entry.wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
}

function notificationOf(operation: Operation): Notification {
  const { app, revision, context, phase, kind } = operation
  const what = kind === 'rollback' ? `Rollback of ${app}` : `Sync of ${app}`
  if (phase === 'Succeeded') return { kind: 'sync-succeeded', app, title: kind === 'rollback' ? `${app} rolled back` : `${app} synced`, body: `${revision.slice(0, 8)} is on ${context}` }
  return { kind: 'sync-failed', app, title: `${what} ${phase === 'Error' ? 'errored' : 'failed'}`, body: operation.message }
}

/** An operation's error names where it is (a render's file and line), as the working copy's bar and Argo CD's message do. */
function messageWithWhere(error: unknown): string {
  const { message, where } = toErrorData(error)
  return where && !message.includes(where) ? `${where}: ${message}` : message
}
