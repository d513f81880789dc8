import { userInfo } from 'node:os'
import type { Application } from '../model/app-schema'
import type { AppEvent, DeskStore, HistoryEntry } from '../store/desk-store'

/** Successful syncs of an app (partial ones marked), newest last. */
export function historyOf(store: DeskStore, appName: string): HistoryEntry[] {
  return store.read().history.filter((h) => h.app === appName)
}

/** Adds a successful sync, trimmed to the app's revisionHistoryLimit (default 10). */
export function recordHistory(store: DeskStore, app: Application, entry: { revisions: string[]; startedAt: Date; context: string; initiator?: HistoryEntry['initiator']; partial?: HistoryEntry['partial']; message?: string }): void {
  const limit = app.spec.revisionHistoryLimit ?? 10
  store.update((data) => {
    const own = data.history.filter((h) => h.app === app.metadata.name)
    const id = (own.at(-1)?.id ?? 0) + 1
    const managed = app.spec.syncPolicy?.managedNamespaceMetadata
    const added: HistoryEntry = { app: app.metadata.name, id, revisions: entry.revisions, startedAt: entry.startedAt.toISOString(), finishedAt: new Date().toISOString(), user: safeUser(), context: entry.context, ...(managed ? { managedNamespaceMetadata: managed } : {}), ...(entry.initiator ? { initiator: entry.initiator } : {}), ...(entry.partial ? { partial: entry.partial } : {}), ...(entry.message ? { message: entry.message } : {}) }
    const kept = [...own, added].slice(-Math.max(limit, 1))
    data.history = [...data.history.filter((h) => h.app !== app.metadata.name), ...kept]
  })
}

/**
 * A record written before a sync changes anything and removed when it ends: if the process dies
 * in between (killed, crashed, power lost), the next start reports the sync as interrupted.
 */
export function markRunning(store: DeskStore, record: { app: string; context: string; startedAt: string }): () => void {
  const entry = { ...record, pid: process.pid }
  store.update((data) => void (data.operations = [...data.operations.filter((o) => o.app !== entry.app), entry]))
  return () => store.update((data) => void (data.operations = data.operations.filter((o) => o.app !== entry.app)))
}

/** Syncs whose record outlived their process (and that no operation of ours runs now). */
export function interruptedSyncs(store: DeskStore, runningHere: (app: string) => boolean): { app: string; context: string; startedAt: string }[] {
  return store
    .read()
    .operations.filter((o) => !runningHere(o.app) && !processAlive(o.pid))
    .map(({ app, context, startedAt }) => ({ app, context, startedAt }))
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
