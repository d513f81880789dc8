import { isDeepStrictEqual } from 'node:util'
import type { AppCondition, AppStatus } from '../../../shared/model'
import { timed, type StageClock } from '../base/stage-clock'
import type { Application } from '../model/app-schema'
import { errorMessage } from '../base/errors'
import type { K8sObject } from '../base/objects'
import type { CompareResult } from '../diff/compare'
import type { HealthStatus } from '../health/types'
import { deletionConditions, deletionOf } from '../sync/deletions'
import { appStatus } from './app-status'
import type { AutoSyncer } from './auto-syncer'
import { withJitter } from './backoff'
import type { ChildApps } from './child-apps'
import type { LastGoodRenders, Rendered } from './last-good-render'
import type { ObjectDrift } from './object-drift'
import type { ReconcileEngine } from './ports'
import type { ReconcileMode } from './queue'
import type { Reachability } from './reachability'
import type { StatusBoard } from './status-board'
import type { OrphanMonitor } from './status-extras'

/** The controller's parts one reconcile goes through. */
export interface ReconcileParts {
  engine: ReconcileEngine
  board: StatusBoard
  clusters: Reachability
  renders: LastGoodRenders
  children: ChildApps
  autoSyncs: AutoSyncer
  orphans: OrphanMonitor
  /** The app's next run, after this many ms (nothing while the loop is stopped or asleep). */
  schedule(name: string, delayMs: number): void
  /** Watch events on this context re-compare the apps they concern from now on. */
  watchContext(context: string): void
  /** The app is no longer stored: everything known of it goes. */
  forget(name: string): void
  intervalMs(): number
  jitterMs: number
  /** Act on syncPolicy.automated. */
  autoSync: boolean
  /** The per-object path: told when a whole compare of an app begins and what it compared. */
  drift: Pick<ObjectDrift<ComparedApp>, 'beginCompare' | 'endCompare'>
  /** Where the time of each stage goes (whole compares and the per-object path alike). */
  stages?: StageClock
}

/** An app's last whole compare, what a watch event's objects are diffed against (object-drift.ts). */
export interface ComparedApp {
  app: Application
  /** The settings it was compared under. */
  settings: unknown
  context: string
  rendered: Rendered
  /** What it compared: the render less child apps and excluded kinds (hooks are left out by the compare). */
  targets: K8sObject[]
  children: K8sObject[]
  /** Found before the compare: child apps, excluded kinds, a render that failed. */
  conditions: AppCondition[]
  compare: CompareResult
}

/**
 * One reconcile of one app, in Argo CD's order: where it deploys, whether that cluster answers,
 * its render (or the last good one), child apps registered, compare with live state, status
 * (with orphans and why auto-sync holds back) published, then auto-sync if one is due.
 */
export async function reconcileApp(parts: ReconcileParts, app: Application, mode: ReconcileMode, askedAt = performance.now()): Promise<AppStatus> {
  const name = app.metadata.name
  let kept: ComparedApp | undefined
  // Watch events meanwhile wait for this compare; it is what their objects are diffed against next.
  parts.drift.beginCompare(name)
  try {
    return await reconcileOnce(parts, app, mode, askedAt, (compared) => (kept = compared))
  } finally {
    parts.drift.endCompare(name, kept)
  }
}

async function reconcileOnce(parts: ReconcileParts, app: Application, mode: ReconcileMode, askedAt: number, keep: (compared: ComparedApp) => void): Promise<AppStatus> {
  const { engine, board, clusters } = parts
  const name = app.metadata.name
  let context: string
  try {
    context = (await engine.loadContexts()).resolve(app.spec.destination)
  } catch (error) {
    return board.publish(app, board.unknown(app, '', 'InvalidSpecError', errorMessage(error)))
  }
  board.newDestination(name, `${context}\u0000${app.spec.destination.namespace ?? ''}`)
  const cluster = await clusters.check(context)
  if (!cluster.reachable) {
    parts.schedule(name, Math.max(cluster.retryAt - Date.now(), 1000))
    return board.publish(app, board.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${cluster.message}`, true))
  }
  const interval = withJitter(parts.intervalMs(), parts.jitterMs)
  try {
    parts.watchContext(context)
    // The timer's refresh fetches each repository once per cycle (a fetch younger than a fifth
    // of the interval, at most 30 s, is reused); a refresh the user asks for is answered by a
    // fetch that began after the ask (one for every app refreshed with it).
    const fetch = mode === 'cycle' ? { maxFetchAgeMs: Math.min(parts.intervalMs() / 5, 30_000) } : { fetchedSince: askedAt }
    const { rendered, failure } = await parts.renders.forCompare(app, context, mode, { ...fetch, ...stagesOf(parts) })
    return await compareAndPublish(parts, app, context, mode, rendered, failure, interval, keep)
  } catch (error) {
    parts.schedule(name, interval)
    // The cluster's own answer (refused, reset) marks it unreachable, as an Unavailable compare does.
    if (!connectionLost(error) && clusters.known(context)?.reachable !== false) return board.publish(app, board.unknown(app, context, 'ComparisonError', errorMessage(error)))
    if (clusters.known(context)?.reachable !== false) clusters.markUnreachable(context, errorMessage(error))
    return board.publish(app, board.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${errorMessage(error)}`, true))
  }
}

/** Compares a render with the cluster and publishes the status; starts an auto-sync if one is due. */
async function compareAndPublish(parts: ReconcileParts, app: Application, context: string, mode: ReconcileMode, rendered: Rendered, renderFailure: string | undefined, interval: number, keep: (compared: ComparedApp) => void): Promise<AppStatus> {
  const { engine, board } = parts
  const name = app.metadata.name
  // What the compare is made under: a change of either sends the next watch event to a whole compare.
  const settings = engine.store.read().settings
  const endDiff = parts.stages?.start('diff')
  const { targets, children, appsets, conditions: excluded } = await engine.splitTargets(rendered.objects, context)
  const conditions = [...parts.children.register(app, children, appsets), ...excluded, ...(renderFailure ? [{ type: 'ComparisonError' as const, message: renderFailure }] : [])]
  const compare = await engine.compareTargets(app, targets, { context, watch: true, text: false, fresh: mode === 'hard', ...stagesOf(parts) }).finally(endDiff)
  // Only a cluster that does not answer is unreachable: a missing helm is no cluster problem,
  // and neither is an API server's answer such as a 500 about one object (a ComparisonError).
  const unreachable = compare.resources.find((r) => r.error?.code === 'Unavailable' && connectionLost(r.error))
  if (unreachable) {
    parts.schedule(name, interval)
    parts.clusters.markUnreachable(context, unreachable.error!.message)
    return board.publish(app, board.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${unreachable.error!.message}`, true))
  }
  parts.schedule(name, interval)
  const compared: ComparedApp = { app, settings, context, rendered, targets, children, conditions, compare }
  return (await timed(parts.stages, 'publish', () => publishCompared(parts, compared, () => (keep(compared), true))))!
}

/**
 * After watch events on some of an app's objects: those objects diffed again against the last
 * whole compare's targets and predictions, the app's status derived again from every resource's
 * result and published (what a whole compare of the same live state gives). 'compare' when only a
 * whole compare will do (the app or the settings changed, an object could not be compared);
 * 'stale' when a whole compare began meanwhile (`accept` said no: it covers these events).
 */
export async function rediffAndPublish(parts: ReconcileParts, base: ComparedApp, changed: ReadonlySet<string>, accept: (next: ComparedApp) => boolean): Promise<{ status: AppStatus; diffedAt: number } | 'compare' | 'stale'> {
  const stored = parts.engine.store.read()
  const app = stored.apps.find((a) => a.metadata.name === base.app.metadata.name)
  // Unknown (its cluster stopped answering, an object could not be compared): a whole compare says why, or that it is over.
  if (!app || !same(app, base.app) || !same(stored.settings, base.settings) || parts.board.get(app.metadata.name)?.sync === 'Unknown') return 'compare'
  const compare = await timed(parts.stages, 'diff', () => parts.engine.compareTargets(app, base.targets, { context: base.context, watch: true, text: false, reuse: { previous: base.compare.resources, changed }, ...stagesOf(parts) }))
  const diffedAt = performance.now()
  if (compare.resources.some((r) => r.error)) return 'compare'
  // Equal values, so the next re-diff compares them by reference.
  const status = await timed(parts.stages, 'publish', () => publishCompared(parts, { ...base, app, settings: stored.settings, compare }, accept, (key) => !changed.has(key)))
  return status ? { status, diffedAt } : 'stale'
}

/** The status of a compare: derived (app-status.ts), orphans and auto-sync's notes added, published once `accept` agrees; then auto-sync if one is due. */
async function publishCompared(parts: ReconcileParts, compared: ComparedApp, accept: (compared: ComparedApp) => boolean, liveUnchanged?: (key: string) => boolean): Promise<AppStatus | undefined> {
  const { engine, board } = parts
  const { app, context, rendered, compare } = compared
  const name = app.metadata.name
  const cache = engine.liveCache(context)
  const failed = parts.autoSyncs.record(name)
  // One look at the store for the whole derivation (deletion, interruption, history, settings).
  const status = engine.store.pinned(() => appStatus({
    app,
    context,
    revision: rendered.revision,
    revisionMessage: rendered.message,
    diffs: compare.resources,
    liveOf: (key) => cache.get(key) ?? null,
    ...(liveUnchanged ? { liveUnchanged } : {}),
    conditions: [...compared.conditions, ...deletionConditions(deletionOf(engine.store, name))],
    childHealth: compared.children.map((c) => board.get(c.metadata.name ?? '')?.health).filter((h): h is HealthStatus => !!h),
    interrupted: engine.operations.interruptedOf(name),
    failedAutoSync: failed?.failed ? failed : undefined,
    lastSync: engine.history(name).at(-1),
    trackingMethod: engine.store.read().settings.trackingMethod,
    now: new Date(),
    health: engine.health,
  }))
  const withOrphans = await parts.orphans.apply(app, context, parts.autoSync ? parts.autoSyncs.annotate(app, status) : status)
  if (!accept(compared)) return undefined
  const published = board.publish(app, withOrphans)
  if (parts.autoSync) parts.autoSyncs.run(app, published, rendered.revision)
  return published
}

const stagesOf = (parts: ReconcileParts) => (parts.stages ? { stages: parts.stages } : {})

/** Equal values, cheaply when they are the same object (the store copies its data on each change). */
const same = (a: unknown, b: unknown) => a === b || isDeepStrictEqual(a, b)

/** A failure that says the cluster did not answer (not a render or a rule problem). */
// A resource's error is already data ({ code, message }): read as is, not logged as a bug.
const connectionLost = (error: unknown): boolean => /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up|cannot reach the cluster|unreachable|\(HTTP 50[234]\)/i.test(isErrorData(error) ? error.message : errorMessage(error))
const isErrorData = (value: unknown): value is { message: string } => !(value instanceof Error) && typeof (value as { message?: unknown } | null)?.message === 'string'
