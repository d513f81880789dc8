import pLimit from 'p-limit'
import type { Application } from '../apps/schema'
import { owningApp } from '../cache/live-cache'
import type { Engine, SyncOptions, SyncOutcome } from '../engine'
import { UserError } from '../errors'
import { aggregateHealth, healthOf } from '../health/health'
import type { HealthStatus } from '../health/types'
import { resourceKey, type K8sObject } from '../render/objects'
import { childApp, parentOf, splitChildApps } from './app-of-apps'
import { clusterRetryDelay, selfHealDelay, withJitter } from './backoff'
import { EventBus } from './events'
import { mutedNotifier, type Notifier } from './notifier'
import { TargetIndex } from './target-index'
import type { AppCondition, AppStatus, Notification, ResourceStatus } from './types'

/** watch: re-compare from the cache, Git untouched; refresh: resolve the revision; hard: re-render too. */
export type ReconcileMode = 'watch' | 'cycle' | 'refresh' | 'hard'
const strength: Record<ReconcileMode, number> = { watch: 0, cycle: 1, refresh: 2, hard: 3 }

export interface ControllerOptions {
  /** Default: the reconcileIntervalSeconds setting (120 s). */
  intervalMs?: number
  /** Up to this much random delay on top of the interval (Argo CD: 60 s). */
  jitterMs?: number
  /** Apps reconciled at once. */
  concurrency?: number
  /** Watch events for one app within this window cause one re-compare. */
  watchDebounceMs?: number
  /** Act on syncPolicy.automated (off for a read-only pass such as `app list`). */
  autoSync?: boolean
  notifier?: Notifier
  events?: EventBus
  /** How often a sync looks at a wave's health. */
  syncPollMs?: number
}

interface AutoSyncRecord {
  revision: string
  failed: boolean
  message: string
  selfHealAttempts: number
  finishedAt: number
}

interface ClusterState {
  reachable: boolean
  message: string
  failures: number
  checkedAt: number
  retryAt: number
  probe?: Promise<void>
}

const probeTtlMs = 10_000

/**
 * The local application controller. Every app is compared on an interval (with jitter), on
 * demand (refresh, hard refresh) and when the watch cache sees one of its resources change;
 * work goes through a bounded queue, one run per app at a time. An unreachable cluster marks
 * its apps Unknown and is asked again with backoff, without holding up other clusters. Auto-sync
 * and self-heal act as Argo CD's do; app-of-apps children are registered as apps.
 */
export class ReconcileController {
  readonly events: EventBus
  private readonly statuses = new Map<string, AppStatus>()
  private readonly rendered = new Map<string, { objects: K8sObject[]; revision: string; message: string; context: string }>()
  private readonly targets = new TargetIndex()
  private readonly autoSyncs = new Map<string, AutoSyncRecord>()
  private readonly clusters = new Map<string, ClusterState>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly debounces = new Map<string, NodeJS.Timeout>()
  private readonly pending = new Map<string, { mode: ReconcileMode; promise: Promise<AppStatus | undefined> }>()
  private readonly active = new Map<string, Promise<AppStatus | undefined>>()
  private readonly syncs = new Set<Promise<unknown>>()
  private readonly watchedContexts = new Map<string, () => void>()
  private readonly limit: ReturnType<typeof pLimit>
  private readonly notifier: Notifier
  private running = false
  private paused = false
  private inFlight = 0
  /** Counters for tests, benchmarks and the status bar. */
  readonly stats = { reconciles: 0, peakConcurrent: 0 }

  constructor(
    private readonly engine: Engine,
    private readonly options: ControllerOptions = {},
  ) {
    this.events = options.events ?? new EventBus()
    this.limit = pLimit(options.concurrency ?? 10)
    const inner = options.notifier ?? { notify: () => undefined }
    const notifier = mutedNotifier(inner, () => this.engine.store.read().settings)
    this.notifier = { notify: (n) => (notifier.notify(n), this.events.emit({ type: 'notification', notification: n })) }
  }

  /** Starts the loop: every stored app now, then each on its own interval. */
  start(): void {
    this.running = true
    for (const app of this.apps()) void this.enqueue(app.metadata.name, 'cycle')
  }

  /** Stops timers and watches subscriptions; waits for running compares and auto-syncs. */
  async stop(): Promise<void> {
    this.running = false
    for (const timer of [...this.timers.values(), ...this.debounces.values()]) clearTimeout(timer)
    this.timers.clear()
    this.debounces.clear()
    for (const unsubscribe of this.watchedContexts.values()) unsubscribe()
    this.watchedContexts.clear()
    await Promise.allSettled([...this.active.values(), ...this.syncs])
    this.events.flush()
  }

  /** The machine goes to sleep: no timers fire until resume(). */
  pause(): void {
    this.paused = true
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  /** Back from sleep: everything is stale, so every app is refreshed now. */
  resume(): void {
    if (!this.paused) return
    this.paused = false
    for (const state of this.clusters.values()) state.checkedAt = 0
    if (this.running) for (const app of this.apps()) void this.enqueue(app.metadata.name, 'cycle')
  }

  status(name: string): AppStatus | undefined {
    return this.statuses.get(name)
  }

  list(): AppStatus[] {
    return this.apps().map((a) => this.statuses.get(a.metadata.name)).filter((s): s is AppStatus => !!s)
  }

  /** Compares one app now (refresh), or re-renders it (hard); resolves with its new status. */
  refresh(name: string, { hard = false } = {}): Promise<AppStatus | undefined> {
    return this.enqueue(name, hard ? 'hard' : 'refresh')
  }

  /** One pass over every stored app (the CLI's --once); waits for auto-syncs it starts. */
  async reconcileAll(mode: ReconcileMode = 'cycle'): Promise<AppStatus[]> {
    await Promise.all(this.apps().map((a) => this.enqueue(a.metadata.name, mode)))
    // Children registered during the pass get their first compare too.
    const missing = this.apps().filter((a) => !this.statuses.has(a.metadata.name))
    await Promise.all(missing.map((a) => this.enqueue(a.metadata.name, mode)))
    while (this.syncs.size > 0) await Promise.allSettled([...this.syncs])
    await Promise.all([...this.active.values()])
    return this.list()
  }

  /** A sync through the controller: progress is streamed as events, notifications sent, status refreshed. */
  async sync(name: string, options: SyncOptions = {}): Promise<SyncOutcome> {
    const app = this.app(name)
    if (!app) throw new UserError('NotFound', `no stored app named "${name}"`, name)
    const outcome = await this.engine.sync(app, {
      pollMs: this.options.syncPollMs ?? 1000,
      ...options,
      onState: (state) => {
        this.events.emit({ type: 'operation', app: name, state })
        options.onState?.(state)
      },
    })
    if (!options.dryRun) this.notifySync(name, outcome)
    void this.enqueue(name, 'watch')
    return outcome
  }

  private apps(): Application[] {
    return this.engine.store.read().apps
  }

  private app(name: string): Application | undefined {
    return this.apps().find((a) => a.metadata.name === name)
  }

  private enqueue(name: string, mode: ReconcileMode): Promise<AppStatus | undefined> {
    const queued = this.pending.get(name)
    if (queued) {
      if (strength[mode] > strength[queued.mode]) queued.mode = mode
      return queued.promise
    }
    const entry = { mode, promise: Promise.resolve<AppStatus | undefined>(undefined) }
    entry.promise = (async () => {
      await this.active.get(name)?.catch(() => undefined)
      return this.limit(async () => {
        this.pending.delete(name)
        this.stats.reconciles++
        this.stats.peakConcurrent = Math.max(this.stats.peakConcurrent, ++this.inFlight)
        const run = this.reconcile(name, entry.mode)
        this.active.set(name, run)
        try {
          return await run
        } finally {
          this.inFlight--
          if (this.active.get(name) === run) this.active.delete(name)
        }
      })
    })()
    this.pending.set(name, entry)
    return entry.promise
  }

  private schedule(name: string, delayMs: number): void {
    clearTimeout(this.timers.get(name))
    if (!this.running || this.paused) return
    const timer = setTimeout(() => {
      this.timers.delete(name)
      void this.enqueue(name, 'cycle')
    }, delayMs)
    timer.unref?.()
    this.timers.set(name, timer)
  }

  /** A fetch younger than a fifth of the interval is reused by the loop (at most 30 s). */
  private cycleFetchAgeMs(): number {
    return Math.min((this.options.intervalMs ?? this.engine.store.read().settings.reconcileIntervalSeconds * 1000) / 5, 30_000)
  }

  private interval(): number {
    return withJitter(this.options.intervalMs ?? this.engine.store.read().settings.reconcileIntervalSeconds * 1000, this.options.jitterMs ?? 60_000)
  }

  private async reconcile(name: string, mode: ReconcileMode): Promise<AppStatus | undefined> {
    const app = this.app(name)
    if (!app) {
      this.forget(name)
      return undefined
    }
    let context: string
    try {
      context = (await this.engine.loadContexts()).resolve(app.spec.destination)
    } catch (error) {
      return this.publish(app, this.unknown(app, '', 'InvalidSpecError', messageOf(error)))
    }
    const cluster = await this.reachable(context)
    if (!cluster.reachable) {
      this.schedule(name, Math.max(cluster.retryAt - Date.now(), 1000))
      return this.publish(app, this.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${cluster.message}`))
    }
    try {
      this.watchContext(context)
      let rendered = this.rendered.get(name)
      if (mode !== 'watch' || !rendered || rendered.context !== context) {
        // The timer's refresh fetches each repository once per cycle, however many apps use it;
        // a refresh or hard refresh the user asks for always fetches.
        const result = await this.engine.render(app, { hard: mode === 'hard', maxFetchAgeMs: mode === 'cycle' ? this.cycleFetchAgeMs() : 0 })
        const first = result.sources[0]
        const message = first ? await this.engine.repos.commitMessage(first.repoURL, first.commit) : ''
        rendered = { objects: result.objects, revision: result.sources.map((s) => s.commit).join(','), message, context }
        this.rendered.set(name, rendered)
        this.targets.set(name, context, rendered.objects)
      }
      const { targets, children } = splitChildApps(rendered.objects, this.engine.store.read().settings.applyChildApps)
      const conditions = this.registerChildren(app, children)
      const compare = await this.engine.compareTargets(app, targets, { context, watch: true, text: false, fresh: mode === 'hard' })
      const unreachable = compare.resources.find((r) => r.error?.code === 'Unavailable')
      if (unreachable) throw new UserError('Unavailable', unreachable.error!.message, context)
      const status = { ...this.statusFrom(app, context, rendered.revision, compare.resources, conditions, children), ...(rendered.message ? { revisionMessage: rendered.message } : {}) }
      this.schedule(name, this.interval())
      const published = this.publish(app, status)
      if (this.options.autoSync !== false) this.autoSync(app, published, rendered.revision)
      return published
    } catch (error) {
      this.schedule(name, this.interval())
      if (error instanceof UserError && error.code === 'Unavailable') {
        this.markUnreachable(context, error.message)
        return this.publish(app, this.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${error.message}`))
      }
      return this.publish(app, this.unknown(app, context, 'ComparisonError', messageOf(error)))
    }
  }

  private statusFrom(app: Application, context: string, revision: string, diffs: { key: string; status: ResourceStatus['status']; requiresPruning: boolean; error?: { message: string } }[], conditions: AppCondition[], children: K8sObject[]): AppStatus {
    const name = app.metadata.name
    const cache = this.engine.liveCache(context)
    const resources: ResourceStatus[] = diffs.map((d) => {
      const live = cache.get(d.key) ?? null
      const health = d.status === 'Extra' ? healthOf(live) : d.status === 'Missing' ? { status: 'Missing' as const, message: '' } : healthOf(live)
      const owner = live ? owningApp(live) : undefined
      if (live && owner && owner !== name && d.status !== 'Extra') conditions.push({ type: 'SharedResourceWarning', message: `${d.key} is part of application ${owner} too` })
      if (d.error) conditions.push({ type: 'ComparisonError', message: d.error.message })
      return { key: d.key, status: d.status, health: health?.status ?? null, ...(health?.message ? { healthMessage: health.message } : {}), requiresPruning: d.requiresPruning }
    })
    const managed = resources.filter((r) => r.status !== 'Extra')
    const childHealth = children.map((c) => this.statuses.get(c.metadata.name ?? '')?.health).filter((h): h is HealthStatus => !!h)
    const health = aggregateHealth([...managed.map((r) => (r.health ? { status: r.health, message: '' } : null)), ...childHealth.map((status) => ({ status, message: '' }))])
    const worst = managed.find((r) => r.health === health && r.healthMessage)
    const interrupted = this.engine.interruptedOperations().find((o) => o.app === name)
    if (interrupted) conditions.push({ type: 'SyncError', message: `the sync started at ${interrupted.startedAt} on ${interrupted.context} was interrupted (GitOps Desk stopped while it ran); some resources may not have been applied: sync again` })
    const failed = this.autoSyncs.get(name)
    if (failed?.failed && failed.revision === revision) conditions.push({ type: 'SyncError', message: `auto-sync of ${revision.slice(0, 8)} failed and will not be retried for this revision: ${failed.message}` })
    const inSync = diffs.some((d) => d.error) ? 'Unknown' : resources.every((r) => r.status === 'Synced' || (r.status === 'Extra' && !this.countsAsExtra(context, r.key))) ? 'Synced' : 'OutOfSync'
    return {
      name,
      ...(parentOf(app) ? { parent: parentOf(app)! } : {}),
      context,
      sync: inSync,
      revision,
      health,
      healthMessage: worst?.healthMessage ?? '',
      conditions,
      resources,
      reconciledAt: new Date().toISOString(),
      ...this.lastSyncOf(name),
      autoSync: isAutomated(app),
    }
  }

  /** IgnoreExtraneous extras do not make an app OutOfSync. */
  private countsAsExtra(context: string, key: string): boolean {
    const live = this.engine.liveCache(context).get(key)
    const options = live?.metadata.annotations?.['argocd.argoproj.io/compare-options'] ?? ''
    return !options.split(',').map((o) => o.trim()).includes('IgnoreExtraneous')
  }

  private lastSyncOf(name: string): Pick<AppStatus, 'lastSync'> {
    const last = this.engine.history(name).at(-1)
    return last ? { lastSync: { id: last.id, revision: last.revisions.join(','), finishedAt: last.finishedAt, user: last.user } } : {}
  }

  private unknown(app: Application, context: string, type: AppCondition['type'], message: string): AppStatus {
    const previous = this.statuses.get(app.metadata.name)
    return {
      name: app.metadata.name,
      ...(parentOf(app) ? { parent: parentOf(app)! } : {}),
      context,
      sync: 'Unknown',
      revision: previous?.revision ?? '',
      health: 'Unknown',
      healthMessage: message,
      conditions: [{ type, message }],
      resources: previous?.resources ?? [],
      reconciledAt: new Date().toISOString(),
      ...this.lastSyncOf(app.metadata.name),
      autoSync: isAutomated(app),
    }
  }

  /** Stores a status; emits it (and notifications) when something a user sees changed. */
  private publish(app: Application, status: AppStatus): AppStatus {
    const name = app.metadata.name
    const previous = this.statuses.get(name)
    this.statuses.set(name, status)
    if (!previous || visible(previous) !== visible(status)) this.events.emit({ type: 'app-status', app: name, status })
    if (previous && previous.health !== 'Degraded' && status.health === 'Degraded') {
      this.notifier.notify({ kind: 'health-degraded', app: name, title: `${name} is Degraded`, body: status.healthMessage || 'a resource of the app is Degraded' })
    }
    if (previous?.sync === 'Synced' && status.sync === 'OutOfSync' && !status.autoSync) {
      this.notifier.notify({ kind: 'out-of-sync', app: name, title: `${name} is OutOfSync`, body: `${status.resources.filter((r) => r.status !== 'Synced').length} resource(s) differ from Git at ${status.revision.slice(0, 8)}` })
    }
    return status
  }

  private forget(name: string): void {
    clearTimeout(this.timers.get(name))
    this.timers.delete(name)
    this.rendered.delete(name)
    this.targets.delete(name)
    this.autoSyncs.delete(name)
    if (this.statuses.delete(name)) this.events.emit({ type: 'app-removed', app: name })
  }

  /** Registers the children a parent renders, and removes the ones it no longer renders. */
  private registerChildren(parent: Application, children: K8sObject[]): AppCondition[] {
    const conditions: AppCondition[] = []
    const parentName = parent.metadata.name
    const apps = children.map((c) => childApp(parentName, c))
    for (const a of apps) if ('error' in a) conditions.push({ type: 'InvalidSpecError', message: a.error })
    const wanted = apps.flatMap((a) => ('app' in a ? [a.app] : []))
    const stored = this.apps()
    const mine = stored.filter((a) => parentOf(a) === parentName)
    const clash = wanted.filter((w) => stored.some((a) => a.metadata.name === w.metadata.name && parentOf(a) !== parentName))
    for (const c of clash) conditions.push({ type: 'InvalidSpecError', message: `child Application ${c.metadata.name} clashes with an app of that name that ${parentName} does not own` })
    const register = wanted.filter((w) => !clash.includes(w))
    const removed = mine.filter((m) => !register.some((w) => w.metadata.name === m.metadata.name))
    const changed = register.filter((w) => JSON.stringify(w) !== JSON.stringify(mine.find((m) => m.metadata.name === w.metadata.name)))
    if (changed.length === 0 && removed.length === 0) return conditions
    this.engine.store.update((data) => {
      const names = new Set([...changed, ...removed].map((a) => a.metadata.name))
      data.apps = [...data.apps.filter((a) => !names.has(a.metadata.name)), ...changed]
    })
    for (const child of removed) {
      this.forget(child.metadata.name)
      if (isAutomated(parent) && parent.spec.syncPolicy?.automated?.prune) this.trackSync(this.pruneChild(child))
    }
    for (const child of changed) if (this.running) void this.enqueue(child.metadata.name, 'cycle')
    return conditions
  }

  /** With the parent's prune, a child the parent dropped takes its resources with it. */
  private async pruneChild(child: Application): Promise<void> {
    try {
      const context = (await this.engine.loadContexts()).resolve(child.spec.destination)
      const client = this.engine.client(context)
      for (const obj of this.engine.liveCache(context).trackedBy(child.metadata.name)) await client.delete(obj)
    } catch (error) {
      this.events.emit({ type: 'error', message: `pruning the resources of ${child.metadata.name}: ${messageOf(error)}`, where: child.metadata.name })
    }
  }

  /** Auto-sync as Argo CD does it; runs beside the queue so a long sync holds no compare slot. */
  private autoSync(app: Application, status: AppStatus, revision: string): void {
    if (!isAutomated(app)) return
    const name = app.metadata.name
    const automated = app.spec.syncPolicy!.automated!
    const record = this.autoSyncs.get(name)
    if (status.sync !== 'OutOfSync') {
      if (status.sync === 'Synced' && record && record.revision === revision && !record.failed) record.selfHealAttempts = 0
      return
    }
    if (this.engine.runningOperations().includes(name)) return
    const differing = status.resources.filter((r) => r.status !== 'Synced')
    if (differing.every((r) => r.status === 'Extra') && !automated.prune) return // only pruning is needed, and prune is off
    let resources: string[] | undefined
    if (record && record.revision === revision) {
      if (record.failed) return // never retry a revision whose sync failed
      if (!automated.selfHeal) return
      const wait = selfHealDelay(record.selfHealAttempts + 1) - (Date.now() - record.finishedAt)
      if (wait > 0) {
        this.schedule(name, wait)
        return
      }
      record.selfHealAttempts++
      resources = differing.filter((r) => r.status !== 'Extra' || automated.prune).map((r) => r.key)
    }
    const attempts = record && record.revision === revision ? record.selfHealAttempts : 0
    this.trackSync(
      (async () => {
        let outcome: { failed: boolean; message: string }
        try {
          // Self-heal means Git wins over a hand edit, so fields taken by another manager are taken
          // back (force); a new revision's auto-sync reports such conflicts instead.
          const result = await this.sync(name, { automated: true, prune: automated.prune ?? false, ...(resources ? { resources, force: true } : {}), revision })
          outcome = { failed: result.phase !== 'Succeeded', message: result.message }
        } catch (error) {
          outcome = { failed: true, message: messageOf(error) }
          this.events.emit({ type: 'error', message: `auto-sync of ${name}: ${outcome.message}`, where: name })
          this.notifier.notify({ kind: 'sync-failed', app: name, title: `Auto-sync of ${name} failed`, body: outcome.message })
        }
        this.autoSyncs.set(name, { revision, ...outcome, selfHealAttempts: attempts, finishedAt: Date.now() })
      })(),
    )
  }

  private trackSync(work: Promise<unknown>): void {
    this.syncs.add(work)
    void work.finally(() => this.syncs.delete(work))
  }

  private notifySync(name: string, outcome: SyncOutcome): void {
    const short = outcome.revision.slice(0, 8)
    const notification: Notification =
      outcome.phase === 'Succeeded'
        ? { kind: 'sync-succeeded', app: name, title: `${name} synced`, body: `${short} is on ${outcome.context}` }
        : { kind: 'sync-failed', app: name, title: `Sync of ${name} ${outcome.phase === 'Error' ? 'errored' : 'failed'}`, body: outcome.message }
    this.notifier.notify(notification)
  }

  /** Whether a context answers, probing at most every few seconds, and backing off while it does not. */
  private async reachable(context: string): Promise<ClusterState> {
    let state = this.clusters.get(context)
    if (!state) {
      state = { reachable: true, message: '', failures: 0, checkedAt: 0, retryAt: 0 }
      this.clusters.set(context, state)
    }
    const now = Date.now()
    const fresh = state.reachable ? now - state.checkedAt < probeTtlMs : now < state.retryAt
    if (fresh) return state
    state.probe ??= (async () => {
      const result = await this.engine.checkConnection(context)
      if (result.reachable) this.markReachable(context)
      else this.markUnreachable(context, result.reason ?? 'unreachable')
    })().finally(() => {
      state.probe = undefined
    })
    await state.probe
    return state
  }

  private markUnreachable(context: string, message: string): void {
    const state = this.clusters.get(context) ?? { reachable: true, message: '', failures: 0, checkedAt: 0, retryAt: 0 }
    const wasReachable = state.reachable
    state.reachable = false
    state.message = message
    state.failures++
    state.checkedAt = Date.now()
    state.retryAt = Date.now() + clusterRetryDelay(state.failures)
    this.clusters.set(context, state)
    if (wasReachable) this.events.emit({ type: 'cluster', context, reachable: false, message })
  }

  private markReachable(context: string): void {
    const state = this.clusters.get(context)!
    const wasDown = !state.reachable
    Object.assign(state, { reachable: true, message: '', failures: 0, checkedAt: Date.now(), retryAt: 0 })
    if (wasDown) {
      this.events.emit({ type: 'cluster', context, reachable: true, message: 'reachable again' })
      // Its apps were waiting on the backoff; compare them now.
      for (const s of this.statuses.values()) if (s.context === context && s.sync === 'Unknown') void this.enqueue(s.name, 'cycle')
    }
  }

  /** Watch events on a context re-compare the apps they concern (debounced, Git untouched). */
  private watchContext(context: string): void {
    if (this.watchedContexts.has(context)) return
    const unsubscribe = this.engine.liveCache(context).onChange((obj) => {
      const key = resourceKey(obj)
      const names = new Set<string>()
      const owner = owningApp(obj)
      if (owner) names.add(owner)
      for (const name of this.targets.appsFor(context, key)) names.add(name)
      for (const name of names) this.debounce(name)
    })
    this.watchedContexts.set(context, unsubscribe)
  }

  private debounce(name: string): void {
    if (!this.running || this.debounces.has(name)) return
    const timer = setTimeout(() => {
      this.debounces.delete(name)
      void this.enqueue(name, 'watch')
    }, this.options.watchDebounceMs ?? 1000)
    timer.unref?.()
    this.debounces.set(name, timer)
  }
}

const isAutomated = (app: Application) => !!app.spec.syncPolicy?.automated && app.spec.syncPolicy.automated.enabled !== false

/** What a user sees of a status (the compare time changes every run and is not news). */
const visible = (s: AppStatus) => JSON.stringify({ ...s, reconciledAt: undefined })

const messageOf = (error: unknown) => (error instanceof UserError ? error.message : error instanceof Error ? error.message : String(error))
