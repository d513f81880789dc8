import { userInfo } from 'node:os'
import type { OperationState } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import type { AppEvent, DeskStore, HistoryEntry } from '../store/desk-store'

/** Successful syncs of an app (partial ones marked), newest last. */
export function historyOf(store: DeskStore, appName: string): HistoryEntry[] {
  return store.read().history.filter((h) => h.app === appName)
}

/** Each resource's result of a sync as its history keeps it (hooks too), without the phase and wave. */
export const resultsOf = (state: Pick<OperationState, 'resources'>): NonNullable<HistoryEntry['resources']> => state.resources.map((r) => ({ key: r.key, action: r.action, code: r.code, message: r.message }))

/** Adds a successful sync, trimmed to the app's revisionHistoryLimit (default 10). */
export function recordHistory(store: DeskStore, app: Application, entry: { revisions: string[]; startedAt: Date; context: string; initiator?: HistoryEntry['initiator']; partial?: HistoryEntry['partial']; message?: string; resources?: HistoryEntry['resources']; local?: HistoryEntry['local'] }): void {
  const limit = app.spec.revisionHistoryLimit ?? 10
  store.update((data) => {
    const own = data.history.filter((h) => h.app === app.metadata.name)
    const id = (own.at(-1)?.id ?? 0) + 1
    const managed = app.spec.syncPolicy?.managedNamespaceMetadata
    const added: HistoryEntry = { app: app.metadata.name, id, revisions: entry.revisions, startedAt: entry.startedAt.toISOString(), finishedAt: new Date().toISOString(), user: safeUser(), context: entry.context, ...(managed ? { managedNamespaceMetadata: managed } : {}), ...(entry.initiator ? { initiator: entry.initiator } : {}), ...(entry.partial ? { partial: entry.partial } : {}), ...(entry.message ? { message: entry.message } : {}), ...(entry.resources ? { resources: entry.resources } : {}), ...(entry.local ? { local: entry.local } : {}) }
    const kept = [...own, added].slice(-Math.max(limit, 1))
    data.history = [...data.history.filter((h) => h.app !== app.metadata.name), ...kept]
  })
}

/**
 * Adds the history entry of a sync whose process stopped while it ran (once per operation, even
 * when several processes notice it), with the keys it had applied; an app since removed gets none.
 */
export function recordInterrupted(store: DeskStore, entry: { app: string; operation: string; revisions: string[]; startedAt: string; finishedAt: string; context: string; initiator: HistoryEntry['initiator']; message: string; applied: string[] }): void {
  store.update((data) => {
    const app = data.apps.find((a) => a.metadata.name === entry.app)
    const own = data.history.filter((h) => h.app === entry.app)
    if (!app || own.some((h) => h.interrupted?.operation === entry.operation)) return
    const added: HistoryEntry = { app: entry.app, id: (own.at(-1)?.id ?? 0) + 1, revisions: entry.revisions, startedAt: entry.startedAt, finishedAt: entry.finishedAt, user: safeUser(), context: entry.context, ...(entry.initiator ? { initiator: entry.initiator } : {}), message: entry.message, interrupted: { operation: entry.operation, applied: entry.applied } }
    const kept = [...own, added].slice(-Math.max(app.spec.revisionHistoryLimit ?? 10, 1))
    data.history = [...data.history.filter((h) => h.app !== entry.app), ...kept]
  })
}

/** Whether a process of this machine still runs (a record's owner). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function safeUser(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

const eventsKept = 50

/** Records an app event (a resource action), keeping the app's last 50. */
export function recordEvent(store: DeskStore, event: Omit<AppEvent, 'at' | 'user'>): void {
  const added: AppEvent = { ...event, at: new Date().toISOString(), user: safeUser() }
  store.update((data) => {
    const own = [...data.events.filter((e) => e.app === event.app), added].slice(-eventsKept)
    data.events = [...data.events.filter((e) => e.app !== event.app), ...own]
  })
}

/** An app's events, newest last. */
export function eventsOf(store: DeskStore, appName: string): AppEvent[] {
  return store.read().events.filter((e) => e.app === appName)
}
