import type { DeletionState } from '../../../shared/model'
import { UserError } from '../base/errors'
import type { DeletionRecord, DeskStore } from '../store/desk-store'
import { processAlive } from './history'

/**
 * The deletion under way for an app (started, or stopped with an error), if any. One whose
 * process died while it ran is a stopped one: nobody is running it any more.
 */
export function deletionOf(store: DeskStore, app: string): DeletionRecord | undefined {
  const record = store.read().deletions.find((d) => d.app === app)
  if (record?.phase !== 'Deleting' || processAlive(record.pid)) return record
  return { ...record, phase: 'Failed', error: `interrupted: the GitOps Desk process (${record.pid}) that ran it stopped` }
}

/** What the UI and the CLI are shown of a deletion (the consents stay in the store). */
export function deletionState(record: DeletionRecord | undefined): DeletionState | null {
  if (!record) return null
  const { app, cascade, context, startedAt, phase, error } = record
  return { app, cascade, context, startedAt, phase, ...(error ? { error } : {}) }
}

/** Writes (or replaces) an app's deletion record. */
export function saveDeletion(store: DeskStore, record: DeletionRecord): void {
  store.update((data) => void (data.deletions = [...data.deletions.filter((d) => d.app !== record.app), record]))
}

export function clearDeletion(store: DeskStore, app: string): void {
  if (deletionOf(store, app)) store.update((data) => void (data.deletions = data.deletions.filter((d) => d.app !== app)))
}

/**
 * Argo CD never operates on an app whose deletion has begun: from that moment no sync (manual or
 * automatic), rollback or resource action may start, or it would bring back what is being deleted.
 */
export function refuseIfDeleting(store: DeskStore, app: string, what: string): void {
  const record = deletionOf(store, app)
  if (!record) return
  const state = record.phase === 'Failed' ? `its deletion stopped (${record.error ?? 'failed'}): retry it (gitops-desk app retry-delete ${app}) or cancel it (gitops-desk app cancel-delete ${app}) first` : 'wait for the deletion to finish'
  throw new UserError('Conflict', `${app} is being deleted: no ${what} may start; ${state}`, app)
}

/** The condition a stopped deletion puts on its app (Argo CD's DeletionError). */
export function deletionConditions(record: DeletionRecord | undefined): { type: 'DeletionError'; message: string }[] {
  if (record?.phase !== 'Failed') return []
  return [{ type: 'DeletionError', message: `the deletion of the app from ${record.context} could not finish: ${record.error ?? 'failed'}; retry or cancel it` }]
}

/**
 * A cancelled deletion leaves the app with part of its resources gone. Its auto-sync would put
 * them back at once, which nobody asked for: it waits until the user syncs the app by hand.
 */
export function pauseAutoSync(store: DeskStore, app: string, reason: string): void {
  store.update((data) => void (data.autoSyncPaused = { ...data.autoSyncPaused, [app]: reason }))
}

/** Why an app's auto-sync waits for a sync by hand, if it does. */
export function autoSyncPause(store: DeskStore, app: string): string | undefined {
  return store.read().autoSyncPaused[app]
}

/** A sync the user asked for ends the pause. */
export function resumeAutoSync(store: DeskStore, app: string): void {
  if (autoSyncPause(store, app) === undefined) return
  store.update((data) => {
    const { [app]: _resumed, ...others } = data.autoSyncPaused
    data.autoSyncPaused = others
  })
}
