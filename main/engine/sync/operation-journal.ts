import type { Operation } from '../../../shared/model'
import type { DeskStore } from '../store/desk-store'
import type { OperationRecord, OperationRecords } from '../store/operation-records'
import { processAlive, recordInterrupted } from './history'

/** What an operation had changed: the keys applied or pruned, hooks created included, in order. */
export function appliedKeys(operation: Pick<Operation, 'applied' | 'resources'>): string[] {
  const done = operation.resources.flatMap((r) => (r.code === 'Synced' ? [r.key] : r.code === 'Pruned' ? [`prune ${r.key}`] : []))
  return [...new Set([...operation.applied, ...done])]
}

/**
 * Writes each real sync to the data folder as it goes (a dry run changes nothing and is not
 * written) and removes it when it ends; reads what a process that died left behind. Such an
 * operation is shown as Argo CD shows an operation its controller could not finish (Error), and
 * written to the app's history once, with what it had applied. Nothing is run again.
 */
export class OperationJournal {
  /** The last text written per app: a step that changed nothing is not written again. */
  private readonly written = new Map<string, string>()

  constructor(
    private readonly records: OperationRecords,
    private readonly store: DeskStore,
  ) {}

  save(operation: Operation): void {
    if (operation.dryRun) return
    const text = JSON.stringify(operation)
    if (this.written.get(operation.app) === text) return
    try {
      this.records.write({ pid: process.pid, operation, savedAt: new Date().toISOString(), recorded: false })
      this.written.set(operation.app, text)
    } catch {
      // The data folder cannot be written: the operation goes on; only its crash record is missing.
    }
  }

  /** The operation has ended (its history and events are written): its record goes. */
  end(operation: Operation): void {
    if (operation.dryRun) return
    this.written.delete(operation.app)
    try {
      this.records.remove(operation.app, operation.id)
      // A record the version before this one kept in the store file (no details) ends the same way.
      if (this.store.read().operations.some((o) => o.app === operation.app)) this.store.update((data) => void (data.operations = data.operations.filter((o) => o.app !== operation.app)))
    } catch {
      // Left behind, it is shown as interrupted once this process is gone: wrong but safe.
    }
  }

  /** Operations whose process stopped while they ran (none of this process's), each in its history. */
  interrupted(runningHere: (app: string) => boolean): Operation[] {
    return this.interruptedAmong(this.records.list(), runningHere)
  }

  /** The app's operation if its process stopped while it ran: one file read, for every status published. */
  interruptedOf(app: string, runningHere: (app: string) => boolean): Operation | undefined {
    const record = this.records.read(app)
    return this.interruptedAmong(record ? [record] : [], runningHere, app).find((o) => o.app === app)
  }

  private interruptedAmong(records: OperationRecord[], runningHere: (app: string) => boolean, onlyApp?: string): Operation[] {
    const left = records.filter((r) => !runningHere(r.operation.app) && !processAlive(r.pid))
    // One that had ended (its process died between its end and removing the record) was not interrupted.
    for (const r of left.filter((r) => r.operation.finishedAt)) this.end(r.operation)
    const found = left.filter((r) => !r.operation.finishedAt)
    const legacy = this.store
      .read()
      .operations.filter((o) => (onlyApp === undefined || o.app === onlyApp) && !runningHere(o.app) && !processAlive(o.pid) && !found.some((r) => r.operation.app === o.app))
      .map((o): Operation => ({ id: `interrupted-${o.app}-${o.startedAt}`, app: o.app, kind: 'sync', initiator: 'user', dryRun: false, context: o.context, revision: '', attempts: 1, startedAt: o.startedAt, phase: 'Error', message: interruptedMessage(o.pid, 'syncing', []), resources: [], applied: [], interrupted: true }))
    return [...found.map((r) => this.recordOnce(r)), ...legacy]
  }

  private recordOnce(record: OperationRecord): Operation {
    const { operation, pid, savedAt } = record
    const applied = appliedKeys(operation)
    const shown: Operation = { ...operation, phase: 'Error', message: interruptedMessage(pid, operation.message, applied), finishedAt: savedAt, interrupted: true }
    if (!record.recorded) {
      try {
        const revisions = operation.revision ? operation.revision.split(',') : []
        recordInterrupted(this.store, { app: operation.app, operation: operation.id, revisions, startedAt: operation.startedAt, finishedAt: savedAt, context: operation.context, initiator: operation.initiator, message: shown.message, applied })
        // Written back only if still the same record: a new operation may have started meanwhile.
        if (this.records.read(operation.app)?.operation.id === operation.id) this.records.write({ ...record, recorded: true })
      } catch {
        // The store or the folder cannot be written now: the next look tries again (the entry is written once).
      }
    }
    return shown
  }
}

function interruptedMessage(pid: number, doing: string, applied: string[]): string {
  const what = applied.length ? `${applied.length} change${applied.length === 1 ? '' : 's'} had been made (${applied.join(', ')})` : 'nothing had been applied'
  return `interrupted: GitOps Desk (process ${pid}) stopped during ${doing ? `"${doing}"` : 'the sync'}; ${what}. Nothing runs again by itself: sync again to finish`
}
