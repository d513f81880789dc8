import { isDeepStrictEqual } from 'node:util'
import type { AppCondition, AppStatus, HealthStatus, ResourceStatus } from '../../../shared/model'
import { isAutomated, type Application } from '../model/app-schema'
import { owningApp, sharedResourceMessage } from '../cache/owning-app'
import { isWorse } from '../health/types'
import type { HealthChecks } from '../health/custom-health'
import { parseResourceKey, type K8sObject } from '../base/objects'
import { ignoresExtraneous } from '../base/annotation-options'
import type { HistoryEntry } from '../store/desk-store'
import { pruneNeedsConsent } from '../sync/tasks'
import { deleteNeedsConsent, keptBecause } from '../sync/app-deletion'
import { allowsEmpty, pruneAllNeedsConsent, rollbackAllowed } from '../sync/app-rules'
import { parentOf } from '../render/app-of-apps'
import { sameJson } from '../diff/normalize'
import { needsAttention } from './attention'
import type { TrackingMethod } from '../base/tracking'

export interface CompareInput {
  key: string
  status: ResourceStatus['status']
  requiresPruning: boolean
  error?: { message: string }
}

/** Everything an app's status is made of; nothing here reads a cluster, Git or a clock. */
export interface StatusInput {
  app: Application
  context: string
  revision: string
  revisionMessage?: string
  diffs: CompareInput[]
  liveOf(key: string): K8sObject | null
  /**
   * After watch events: whether no event arrived for this resource since its diff was made (its
   * live object is the one the diff read), so a resource entry derived with that same diff holds
   * without reading the live object again. A re-diff of 1 object of 100 read all 100 otherwise.
   */
  liveUnchanged?: (key: string) => boolean
  /** Conditions found before the compare (child Applications). */
  conditions: AppCondition[]
  /** Health of the child apps this app renders (app-of-apps). */
  childHealth: HealthStatus[]
  interrupted?: { startedAt: string; context: string } | undefined
  /** The auto-sync of this revision failed (it is not retried). */
  failedAutoSync?: { revision: string; message: string } | undefined
  lastSync?: HistoryEntry | undefined
  /** How objects name their app (settings; Argo CD's application.resourceTrackingMethod). */
  trackingMethod?: TrackingMethod
  now: Date
  /** The engine's health checks (its customizations included). */
  health: Pick<HealthChecks, 'healthOf' | 'countsForAppHealth'>
}

/** An app's state the last time its cluster answered. */
export interface LastKnown {
  at: string
  sync: AppStatus['sync']
  health: HealthStatus
}

/**
 * What one resource's entry was derived from and what it gave. A compare makes each diff anew, and
 * a re-diff after watch events keeps the others' diffs: an entry is derived again only when its
 * diff, its live object, the app or the rules changed (a 100-resource app re-derived all 100 on
 * every watch event).
 */
interface Derived {
  live: K8sObject | null
  app: Application
  health: StatusInput['health']
  tracking: TrackingMethod | undefined
  entry: ResourceStatus
  conditions: AppCondition[]
  counts: boolean
}
const derivedOf = new WeakMap<CompareInput, Derived>()

/** The pure step from a compare to what the user sees: sync status, health, conditions (each resource's part memoized, see Derived). */
export function appStatus(input: StatusInput): AppStatus {
  const { app, context, revision } = input
  const name = app.metadata.name
  const conditions = [...input.conditions]
  const appSyncOptions = app.spec.syncPolicy?.syncOptions ?? []
  // One pass over the resources (a re-diff of 1 object of 100 derives 1 entry; the rest is this
  // loop): conditions, the entries, the worst health among those that count, and Synced.
  const resources: ResourceStatus[] = new Array(input.diffs.length)
  let health: HealthStatus = 'Healthy'
  let worst: ResourceStatus | undefined
  let failed = false
  let synced = true
  let extras = 0
  for (let i = 0; i < input.diffs.length; i++) {
    const d = input.diffs[i]!
    const { entry, conditions: found, counts } = derive(d, input, appSyncOptions)
    resources[i] = entry
    if (found.length) conditions.push(...found)
    if (d.error) failed = true
    if (entry.status === 'Extra') {
      extras++
      if (synced && !ignoresExtraneous(input.liveOf(entry.key))) synced = false
      continue
    }
    if (entry.status !== 'Synced') synced = false
    if (!counts || !entry.health) continue
    // The first resource of the worst health that has a message says why (as Argo CD's app message).
    if (isWorse(entry.health, health)) [health, worst] = [entry.health, entry.healthMessage ? entry : undefined]
    else if (!worst && entry.health === health && entry.healthMessage) worst = entry
  }
  for (const child of input.childHealth) if (isWorse(child, health)) [health, worst] = [child, undefined]
  if (input.interrupted) conditions.push({ type: 'SyncError', message: `the sync started at ${input.interrupted.startedAt} on ${input.interrupted.context} was interrupted (GitOps Desk stopped while it ran); some resources may not have been applied: sync again` })
  const failedAutoSync = input.failedAutoSync
  if (failedAutoSync && failedAutoSync.revision === revision) conditions.push({ type: 'SyncError', message: `auto-sync of ${revision.slice(0, 8)} failed and will not be retried for this revision: ${failedAutoSync.message}` })
  const sync = failed ? 'Unknown' : synced && !namespaceMetadataChanged(app, input.lastSync) ? 'Synced' : 'OutOfSync'
  return withRules(app, {
    name,
    ...(parentOf(app) ? { parent: parentOf(app)! } : {}),
    context,
    sync,
    revision,
    ...(input.revisionMessage ? { revisionMessage: input.revisionMessage } : {}),
    health,
    healthMessage: worst?.healthMessage ?? '',
    conditions,
    resources,
    reconciledAt: input.now.toISOString(),
    ...lastSyncOf(input.lastSync),
  }, extras)
}

/** A resource's entry, conditions and whether its health counts, derived again only when what it was derived from changed (Derived). */
function derive(d: CompareInput, input: StatusInput, appSyncOptions: readonly string[]): Derived {
  const { app } = input
  const known = derivedOf.get(d)
  const holds = known && known.app === app && known.health === input.health && known.tracking === input.trackingMethod
  if (holds && input.liveUnchanged?.(d.key)) return known
  const live = input.liveOf(d.key)
  if (holds && known.live === live) return known
  const found: AppCondition[] = []
  const health = d.status === 'Missing' ? { status: 'Missing' as const, message: '' } : input.health.healthOf(live)
  const owner = live ? owningApp(live, input.trackingMethod ?? 'annotation') : undefined
  if (live && owner && owner !== app.metadata.name && d.status !== 'Extra') found.push({ type: 'SharedResourceWarning', message: sharedResourceMessage(live, app.metadata.name, owner) })
  if (d.error) found.push({ type: 'ComparisonError', message: d.error.message })
  const consent = d.status === 'Extra' && live && pruneNeedsConsent(appSyncOptions, live)
  const kept = live ? keptBecause(live) : undefined
  const confirmDelete = live && !kept && deleteNeedsConsent(live)
  const entry: ResourceStatus = { key: d.key, status: d.status, health: health?.status ?? null, ...(health?.message ? { healthMessage: health.message } : {}), requiresPruning: d.requiresPruning, ...(consent ? { pruneNeedsConsent: true } : {}), ...(kept ? { keptOnDelete: kept } : {}), ...(confirmDelete ? { deleteNeedsConsent: true } : {}) }
  const { group, kind } = parseResourceKey(d.key)
  const result = { live, app, health: input.health, tracking: input.trackingMethod, entry, conditions: found, counts: input.health.countsForAppHealth(group, kind, entry.health, live) }
  derivedOf.set(d, result)
  return result
}

/**
 * An app that could not be compared: Unknown with the reason; the last known resources stay (not
 * when the destination changed: they were another cluster's). When its cluster does not answer,
 * the state last seen stays too (lastKnown), marked with when it was seen.
 */
export function unknownStatus(app: Application, context: string, condition: AppCondition, previous: AppStatus | undefined, lastSync: HistoryEntry | undefined, now: Date, lastKnown?: LastKnown): AppStatus {
  const seen = previous && (!context || previous.context === context) ? previous : undefined
  const known = lastKnown ? { lastKnownAt: lastKnown.at, lastKnown: { sync: lastKnown.sync, health: lastKnown.health } } : {}
  return withRules(app, {
    name: app.metadata.name,
    ...(parentOf(app) ? { parent: parentOf(app)! } : {}),
    context,
    sync: 'Unknown',
    revision: previous?.revision ?? '',
    health: 'Unknown',
    healthMessage: condition.message,
    conditions: [condition],
    resources: seen?.resources ?? [],
    reconciledAt: now.toISOString(),
    ...lastSyncOf(lastSync),
    ...known,
  })
}

type AppRules = 'autoSync' | 'rollbackAllowed' | 'pruneAllNeedsConsent' | 'needsAttention'

/** The status with the rules the UI and CLI show (sync/app-rules.ts, attention.ts), decided here once. */
export function withRules(app: Application, status: Omit<AppStatus, AppRules>, extras = status.resources.filter((r) => r.status === 'Extra').length): AppStatus {
  return {
    ...status,
    autoSync: isAutomated(app),
    rollbackAllowed: rollbackAllowed(app),
    pruneAllNeedsConsent: pruneAllNeedsConsent(status.resources.length - extras, extras, allowsEmpty(app)),
    needsAttention: needsAttention(status),
  }
}

/**
 * A user sees the same of both statuses (the compare time changes every run and is not news).
 * Compared in place, unchanged resource entries by identity (appStatus keeps them): under a stream
 * of watch events this ran hundreds of times a second, and serializing both statuses cost more
 * than deriving them.
 */
export const sameVisibleStatus = (a: AppStatus, b: AppStatus): boolean => sameJson({ ...a, reconciledAt: undefined }, { ...b, reconciledAt: undefined })

/** managedNamespaceMetadata changed since the last sync (Argo CD's HasChangedManagedNamespaceMetadata). */
function namespaceMetadataChanged(app: Application, last: HistoryEntry | undefined): boolean {
  const managed = app.spec.syncPolicy?.managedNamespaceMetadata
  return !!managed && !!last && !isDeepStrictEqual(normalizedMetadata(managed), normalizedMetadata(last.managedNamespaceMetadata))
}

const normalizedMetadata = (m: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined) => ({ labels: m?.labels ?? {}, annotations: m?.annotations ?? {} })

function lastSyncOf(last: HistoryEntry | undefined): Pick<AppStatus, 'lastSync'> {
  return last ? { lastSync: { id: last.id, revision: last.revisions.join(','), finishedAt: last.finishedAt, user: last.user } } : {}
}

