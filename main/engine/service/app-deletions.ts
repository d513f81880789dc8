import type { AppDeletion, DeleteIntent, DeletionState } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import type { Engine } from '../reconcile/engine'
import { errorMessage, UserError } from '../base/errors'
import { cascadeOf, planDeletion, runDeletion, type DeletionPlan } from '../sync/app-deletion'
import { clearDeletion, deletionOf, deletionState, pauseAutoSync, saveDeletion } from '../sync/deletions'
import { recordEvent } from '../sync/history'
import type { DeletionRecord } from '../store/desk-store'

export interface DeletionHost {
  engine: Engine
  app(name: string): Application
  /** Removes the stored app (the last step of a deletion). */
  removeApp(name: string): void
  compareSoon(names: string[]): void
  /** The context the app's destination resolves to now. */
  destinationContext(app: Application): Promise<string>
}

export interface DeletionOptions {
  /** How long one sync wave may take to go (finalizers); then the deletion stops with a DeletionError. */
  timeoutMs?: number
  pollMs?: number
}

/**
 * Deleting an app, as Argo CD's resources finalizer does it, kept from fighting the rest of the
 * desk: the deletion is recorded before anything is deleted (from then on no sync, auto-sync,
 * rollback or action starts for the app), each step is an app event, and a deletion that cannot
 * finish stays recorded with its reason (a DeletionError on the app) until it is retried or
 * cancelled. Without a cascade only the stored app goes; no cluster is touched.
 */
export class AppDeletions {
  /** Deletions running in this process, with their cancel flag. */
  private readonly active = new Map<string, { cancelled: boolean }>()

  constructor(
    private readonly host: DeletionHost,
    private readonly options: DeletionOptions = {},
  ) {}

  state(name: string): DeletionState | null {
    return deletionState(deletionOf(this.host.engine.store, name))
  }

  async delete(name: string, intent: DeleteIntent = {}): Promise<AppDeletion> {
    const app = this.host.app(name)
    const cascade = intent.cascade ?? cascadeOf(app)
    if (cascade === 'none') {
      if (this.active.has(name)) throw new UserError('Conflict', `${name} is being deleted now: cancel that deletion first`, name)
      this.clear(name)
      this.host.removeApp(name)
      this.event(name, '', `app removed; its resources were left in the cluster (no cascade)`)
      this.host.compareSoon([name])
      return { app: name, cascade, context: '', deleted: [], kept: [] }
    }
    const context = await this.host.destinationContext(app)
    // From here to saveDeletion nothing awaits: an operation either started before (refused
    // below) or will see the record and refuse itself.
    if (this.host.engine.operations.runningApps().includes(name)) throw new UserError('Conflict', `${name} has an operation running: wait for it or terminate it, then delete the app`, name)
    if (deletionOf(this.store, name)) throw new UserError('Conflict', `${name} is already being deleted: retry that deletion (gitops-desk app retry-delete ${name}) or cancel it (gitops-desk app cancel-delete ${name})`, name)
    const record: DeletionRecord = { app: name, cascade, context, startedAt: new Date().toISOString(), phase: 'Deleting', consent: intent.consent ?? {}, pid: process.pid }
    this.save(record)
    let plan: DeletionPlan
    try {
      plan = await this.plan(app, record)
    } catch (error) {
      this.clear(name) // refused before anything was deleted: nothing stays recorded
      throw error
    }
    return this.execute(app, record, plan)
  }

  /** Runs a stopped deletion again, with the consents it was started with. */
  async retry(name: string): Promise<AppDeletion> {
    const app = this.host.app(name)
    const record = deletionOf(this.store, name)
    if (!record) throw new UserError('NotFound', `${name} is not being deleted: nothing to retry`, name)
    if (this.active.has(name)) throw new UserError('Conflict', `${name} is being deleted now: wait for it, or cancel it`, name)
    const again: DeletionRecord = { ...record, phase: 'Deleting', pid: process.pid }
    delete again.error
    this.save(again)
    this.event(name, record.context, 'deletion retried')
    let plan: DeletionPlan
    try {
      plan = await this.plan(app, again)
    } catch (error) {
      this.fail(again, errorMessage(error))
      throw error
    }
    return this.execute(app, again, plan)
  }

  /**
   * Gives up a deletion: the app stays, with what is left of its resources (a running deletion
   * stops before its next step). Argo CD cannot undo a deletion; see docs/deviations.md.
   */
  cancel(name: string): boolean {
    this.host.app(name)
    const record = deletionOf(this.store, name)
    if (!record) return false
    const running = this.active.get(name)
    if (running) running.cancelled = true
    this.clear(name)
    pauseAutoSync(this.store, name, 'its deletion was cancelled')
    this.event(name, record.context, 'deletion cancelled; the app stays with the resources still in the cluster (compare shows what is missing); its auto-sync waits for a sync by hand')
    this.host.compareSoon([name])
    return true
  }

  private get store(): Engine['store'] {
    return this.host.engine.store
  }

  private async plan(app: Application, record: DeletionRecord): Promise<DeletionPlan> {
    const { engine } = this.host
    const live = await engine.trackedObjects(app, record.context)
    return planDeletion(app.metadata.name, live, { cascade: record.cascade, consent: record.consent }, record.context, engine.store.read().settings.protectedContexts)
  }

  private async execute(app: Application, record: DeletionRecord, plan: DeletionPlan): Promise<AppDeletion> {
    const name = app.metadata.name
    const { context, cascade } = record
    const flag = { cancelled: false }
    this.active.set(name, flag)
    const kept = plan.kept.length ? `; kept: ${plan.kept.map((k) => `${k.key} (${k.reason})`).join(', ')}` : ''
    this.event(name, context, `deletion started (${cascade}): ${plan.waves.flat().length} resources to delete from ${context}${kept}`)
    this.host.compareSoon([name])
    try {
      const deleted = await runDeletion(this.host.engine.client(context), plan, cascade, { ...this.options, onStep: (message) => this.event(name, context, message), cancelled: () => flag.cancelled })
      if (flag.cancelled) throw new UserError('Conflict', 'the deletion was cancelled', name)
      this.clear(name)
      this.host.removeApp(name)
      this.event(name, context, `app deleted: ${deleted.length} resources deleted from ${context}`)
      this.host.compareSoon([name]) // forgets its status
      return { app: name, cascade, context, deleted, kept: plan.kept }
    } catch (error) {
      if (flag.cancelled) throw new UserError('Conflict', `the deletion of ${name} was cancelled; the app stays`, name)
      const message = errorMessage(error)
      this.fail(record, message)
      throw new UserError('Unavailable', `the deletion of ${name} could not finish: ${message}`, name)
    } finally {
      this.active.delete(name)
    }
  }

  private fail(record: DeletionRecord, message: string): void {
    this.save({ ...record, phase: 'Failed', error: message })
    this.event(record.app, record.context, `deletion stopped: ${message}`)
    this.host.compareSoon([record.app])
  }

  /** Stores the deletion and tells every window (the details page shows it, the Sync button waits). */
  private save(record: DeletionRecord): void {
    saveDeletion(this.store, record)
    this.host.engine.emit({ type: 'app-deletion', app: record.app, deletion: deletionState(record) })
  }

  private clear(name: string): void {
    clearDeletion(this.store, name)
    this.host.engine.emit({ type: 'app-deletion', app: name, deletion: null })
  }

  private event(app: string, context: string, message: string): void {
    recordEvent(this.store, { app, context, resource: '', action: 'delete-app', message })
  }
}
