import { isAutomated, sourcesOf, type Application } from '../model/app-schema'
import type { Engine } from './engine'
import { errorMessage } from '../base/errors'
import type { HealthStatus } from '../health/types'
import { resourceKey, type K8sObject } from '../base/objects'
import { childAppSetChanges, childChanges } from '../render/app-of-apps'
import { appStatus, unknownStatus, visibleStatus, type LastKnown } from './app-status'
import { AutoSyncer } from './auto-syncer'
import { deletionConditions, deletionOf } from '../sync/deletions'
import { withJitter } from './backoff'
import type { EventBus } from './events'
import type { Notifier } from './notifier'
import { AppTimers, ReconcileQueue, type ReconcileMode } from './queue'
import { Reachability } from './reachability'
import { ClusterOutages, type OutageOptions } from './cluster-outages'
import { appsConcerned, TargetIndex } from './target-index'
import { OrphanMonitor, TreeAnnouncer } from './status-extras'
import type { AppCondition, AppStatus } from '../../../shared/model'

export type { ReconcileMode }

export interface ControllerOptions {
  /** Default: the reconcileIntervalSeconds setting (120 s). */
  intervalMs?: number
  /** Up to this much random delay on top of the interval (Argo CD: 60 s). */
  jitterMs?: number
  /** Apps reconciled at once. */
  concurrency?: number
  /** Watch events for one app within this window cause one re-compare (default 250 ms: a hand edit shows within about half a second, as in Argo CD, while a rollout's burst is one compare). */
  watchDebounceMs?: number
  /** Act on syncPolicy.automated (off for a read-only pass such as `app list`). */
  autoSync?: boolean
  /** Also gets the engine's notifications (they are events too). */
  notifier?: Notifier
  /** How often the clusters in use are probed while the loop runs (outage detection). */
  outages?: OutageOptions
}

/**
 * The local application controller. Every app is compared on an interval (with jitter), on
 * demand (refresh, hard refresh) and when the watch cache sees one of its resources change;
 * work goes through a bounded queue, one run per app at a time. An unreachable cluster marks
 * its apps Unknown and is asked again with backoff, without holding up other clusters. Auto-sync
 * and self-heal start operations as Argo CD's do; app-of-apps children are registered as apps.
 */
export class ReconcileController {
  readonly events: EventBus
  private readonly statuses = new Map<string, AppStatus>()
  /** The last good render of each app, and the spec it was made from. */
  private readonly rendered = new Map<string, { objects: K8sObject[]; revision: string; message: string; context: string; spec: string }>()
  private readonly targets = new TargetIndex()
  private readonly autoSyncs: AutoSyncer
  private readonly queue: ReconcileQueue<AppStatus | undefined>
  /** Counters for tests, benchmarks and the status bar. */
  readonly stats: ReconcileQueue<unknown>['stats']
  private readonly timers = new AppTimers()
  private readonly clusters: Reachability
  private readonly outages: ClusterOutages
  /** Each app's destination (context NUL namespace) last compared: a new one drops the old tree. */
  private readonly destinations = new Map<string, string>()
  /** Each app's state the last time a compare succeeded (shown as such while its cluster is down). */
  private readonly lastGood = new Map<string, LastKnown>()
  private readonly watchedContexts = new Map<string, () => void>()
  private readonly trees: TreeAnnouncer
  private readonly orphans: OrphanMonitor
  private readonly unsubscribe: (() => void)[] = []
  private running = false
  private paused = false

  constructor(
    private readonly engine: Engine,
    private readonly options: ControllerOptions = {},
  ) {
    this.events = engine.events
    this.autoSyncs = new AutoSyncer(engine, (name, ms) => this.schedule(name, ms))
    this.trees = new TreeAnnouncer(engine)
    this.orphans = new OrphanMonitor(engine, () => this.apps().map((a) => a.metadata.name))
    this.queue = new ReconcileQueue((name, mode) => this.reconcile(name, mode), options.concurrency ?? 10)
    this.stats = this.queue.stats
    this.clusters = new Reachability((context) => engine.checkConnection(context), {
      down: (context, message) => {
        this.events.emit({ type: 'cluster', context, reachable: false, message })
        // Every app of the cluster shows it at once, with its last known state as such.
        for (const app of this.apps()) {
          const s = this.statuses.get(app.metadata.name)
          if (s?.context === context && !s.lastKnownAt) this.publish(app, this.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${message}`, true))
        }
      },
      up: (context) => {
        this.events.emit({ type: 'cluster', context, reachable: true, message: 'reachable again' })
        // Its watches and apps were waiting on their backoff: list, watch and compare them now.
        const waiting = [...this.statuses.values()].filter((s) => s.context === context && s.sync === 'Unknown').map((s) => s.name)
        void this.engine.liveCache(context).retryNow().finally(() => this.running && waiting.forEach((name) => void this.queue.enqueue(name, 'cycle')))
      },
    })
    this.outages = new ClusterOutages((context, timeoutMs) => engine.probeConnection(context, timeoutMs), () => [...this.statuses.values()].map((s) => s.context).filter(Boolean), this.clusters, options.outages)
    // Whoever ran it, an operation that ended is followed by a compare of its app.
    this.unsubscribe.push(
      engine.operations.onFinished((operation) => {
        // As in Argo CD, a sync that succeeded ends a failed auto-sync's SyncError (an outage's too).
        if (operation.phase === 'Succeeded' && !operation.dryRun) this.autoSyncs.clearFailure(operation.app)
        if (operation.phase === 'Succeeded' && !operation.dryRun && operation.initiator !== 'auto-sync') this.autoSyncs.syncedByHand(operation.app)
        void this.queue.enqueue(operation.app, 'watch')
      }),
    )
    const notifier = options.notifier
    if (notifier) this.unsubscribe.push(this.events.subscribe((batch) => batch.forEach((e) => e.type === 'notification' && notifier.notify(e.notification))))
  }

  /** Starts the loop: every stored app now, then each on its own interval. */
  start(): void {
    this.running = true
    this.outages.start()
    for (const app of this.apps()) void this.queue.enqueue(app.metadata.name, 'cycle')
  }

  /** Stops timers and watch subscriptions; waits for running compares and auto-syncs. */
  async stop(): Promise<void> {
    this.running = false
    await this.outages.stop()
    this.timers.clear(true)
    for (const unsubscribe of this.watchedContexts.values()) unsubscribe()
    this.watchedContexts.clear()
    await Promise.allSettled([this.queue.idle(), this.autoSyncs.idle()])
    await this.trees.idle()
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe()
    this.events.flush()
  }

  /** The machine goes to sleep: no timers fire until resume(). */
  pause(): void {
    this.paused = true
    this.timers.clear(false)
  }

  /** Back from sleep: everything is stale, so every app is refreshed now. */
  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.clusters.expireAll()
    if (this.running) for (const app of this.apps()) void this.queue.enqueue(app.metadata.name, 'cycle')
  }

  /** What the outage monitor knows of a context in use (undefined: not monitored, or no answer seen yet). */
  clusterState(context: string): { reachable: boolean; version?: string; reason?: string } | undefined {
    const known = this.clusters.known(context)
    const version = this.outages.version(context)
    if (!known || !this.running) return undefined
    if (!known.reachable) return { reachable: false, reason: known.message }
    return version ? { reachable: true, version } : undefined
  }

  status(name: string): AppStatus | undefined {
    return this.statuses.get(name)
  }

  list(): AppStatus[] {
    return this.apps().map((a) => this.statuses.get(a.metadata.name)).filter((s): s is AppStatus => !!s)
  }

  /** Compares one app now (refresh), or re-renders it (hard), or only against the watch cache (fromCache). */
  refresh(name: string, { hard = false, fromCache = false } = {}): Promise<AppStatus | undefined> {
    return this.queue.enqueue(name, hard ? 'hard' : fromCache ? 'watch' : 'refresh')
  }

  /** One pass over every stored app (the CLI's --once); waits for auto-syncs it starts. */
  async reconcileAll(mode: ReconcileMode = 'cycle'): Promise<AppStatus[]> {
    await Promise.all(this.apps().map((a) => this.queue.enqueue(a.metadata.name, mode)))
    // Children registered during the pass get their first compare too.
    const missing = this.apps().filter((a) => !this.statuses.has(a.metadata.name))
    await Promise.all(missing.map((a) => this.queue.enqueue(a.metadata.name, mode)))
    await this.autoSyncs.idle()
    await this.queue.idle()
    return this.list()
  }

  private apps(): Application[] {
    return this.engine.store.read().apps
  }

  private schedule(name: string, delayMs: number): void {
    if (!this.running || this.paused) return this.timers.cancel(name)
    this.timers.schedule(name, delayMs, () => void this.queue.enqueue(name, 'cycle'))
  }

  private intervalMs(): number {
    return this.options.intervalMs ?? this.engine.store.read().settings.reconcileIntervalSeconds * 1000
  }

  private async reconcile(name: string, mode: ReconcileMode): Promise<AppStatus | undefined> {
    const app = this.apps().find((a) => a.metadata.name === name)
    if (!app) {
      this.forget(name)
      return undefined
    }
    let context: string
    try {
      context = (await this.engine.loadContexts()).resolve(app.spec.destination)
    } catch (error) {
      return this.publish(app, this.unknown(app, '', 'InvalidSpecError', errorMessage(error)))
    }
    this.newDestination(name, `${context}\u0000${app.spec.destination.namespace ?? ''}`)
    const cluster = await this.clusters.check(context)
    if (!cluster.reachable) {
      this.schedule(name, Math.max(cluster.retryAt - Date.now(), 1000))
      return this.publish(app, this.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${cluster.message}`, true))
    }
    const interval = withJitter(this.intervalMs(), this.options.jitterMs ?? 60_000)
    let renderFailure: string | undefined
    try {
      this.watchContext(context)
      let rendered = this.rendered.get(name)
      if (mode !== 'watch' || !rendered || rendered.context !== context) {
        // The timer's refresh fetches each repository once per cycle (a fetch younger than a fifth
        // of the interval, at most 30 s, is reused); a refresh the user asks for always fetches.
        const spec = JSON.stringify(app.spec)
        try {
          const result = await this.engine.render(app, { hard: mode === 'hard', maxFetchAgeMs: mode === 'cycle' ? Math.min(this.intervalMs() / 5, 30_000) : 0 })
          const first = result.sources[0]
          const message = first ? await this.engine.repos.commitMessage(first.repoURL, first.commit) : ''
          const fresh = { objects: result.objects, revision: result.sources.map((s) => s.commit).join(','), message, context, spec }
          rendered = fresh
          this.rendered.set(name, fresh)
          this.targets.set(name, context, fresh.objects)
        } catch (error) {
          // A plugin that fails keeps the app on its last good render (same spec, same cluster), with the reason.
          const usesPlugin = sourcesOf(app).some((s) => s.plugin !== undefined)
          if (!usesPlugin || !rendered || rendered.context !== context || rendered.spec !== spec) throw error
          renderFailure = `${errorMessage(error)} (comparing the last good render, ${rendered.revision.slice(0, 8)})`
        }
      }
      if (!rendered) throw new Error('no render')
      const { targets, children, appsets, conditions: excluded } = await this.engine.splitTargets(rendered.objects, context)
      const conditions = [...this.registerChildren(app, children), ...this.registerAppSets(app, appsets), ...excluded, ...(renderFailure ? [{ type: 'ComparisonError' as const, message: renderFailure }] : []), ...deletionConditions(deletionOf(this.engine.store, name))]
      const compare = await this.engine.compareTargets(app, targets, { context, watch: true, text: false, fresh: mode === 'hard' })
      // Only a cluster that does not answer is unreachable: a missing helm is no cluster problem,
      // and neither is an API server's answer such as a 500 about one object (a ComparisonError).
      const unreachable = compare.resources.find((r) => r.error?.code === 'Unavailable' && connectionLost(r.error))
      if (unreachable) {
        this.schedule(name, interval)
        this.clusters.markUnreachable(context, unreachable.error!.message)
        return this.publish(app, this.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${unreachable.error!.message}`, true))
      }
      const cache = this.engine.liveCache(context)
      const failed = this.autoSyncs.record(name)
      const status = appStatus({
        app,
        context,
        revision: rendered.revision,
        revisionMessage: rendered.message,
        diffs: compare.resources,
        liveOf: (key) => cache.get(key) ?? null,
        conditions,
        childHealth: children.map((c) => this.statuses.get(c.metadata.name ?? '')?.health).filter((h): h is HealthStatus => !!h),
        interrupted: this.engine.operations.interrupted().find((o) => o.app === name),
        failedAutoSync: failed?.failed ? failed : undefined,
        lastSync: this.engine.history(name).at(-1),
        trackingMethod: this.engine.store.read().settings.trackingMethod,
        now: new Date(),
        health: this.engine.health,
      })
      this.schedule(name, interval)
      const automatic = this.options.autoSync !== false
      const published = this.publish(app, await this.orphans.apply(app, context, automatic ? this.autoSyncs.annotate(app, status) : status))
      if (automatic) this.autoSyncs.run(app, published, rendered.revision)
      return published
    } catch (error) {
      this.schedule(name, interval)
      // The cluster's own answer (refused, reset) marks it unreachable, as an Unavailable compare does.
      if (!connectionLost(error) && this.clusters.known(context)?.reachable !== false) return this.publish(app, this.unknown(app, context, 'ComparisonError', errorMessage(error)))
      if (this.clusters.known(context)?.reachable !== false) this.clusters.markUnreachable(context, errorMessage(error))
      return this.publish(app, this.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${errorMessage(error)}`, true))
    }
  }

  private unknown(app: Application, context: string, type: AppCondition['type'], message: string, lastKnown = false): AppStatus {
    const name = app.metadata.name
    return unknownStatus(app, context, { type, message }, this.statuses.get(name), this.engine.history(name).at(-1), new Date(), lastKnown ? this.lastGood.get(name) : undefined)
  }

  /** The app now deploys elsewhere: what was shown of the old destination goes at once. */
  private newDestination(name: string, destination: string): void {
    const before = this.destinations.get(name)
    this.destinations.set(name, destination)
    if (before === undefined || before === destination) return
    const status = this.statuses.get(name)
    if (status) this.statuses.set(name, { ...status, resources: [] })
    this.lastGood.delete(name)
    this.trees.forget(name)
    this.events.emit({ type: 'app-tree', app: name, nodes: [] })
  }

  /** Stores a status; emits it (and notifications) when something a user sees changed. */
  private publish(app: Application, status: AppStatus): AppStatus {
    const name = app.metadata.name
    const previous = this.statuses.get(name)
    this.statuses.set(name, status)
    if (status.sync !== 'Unknown') this.lastGood.set(name, { at: status.reconciledAt, sync: status.sync, health: status.health })
    if (!previous || visibleStatus(previous) !== visibleStatus(status)) this.events.emit({ type: 'app-status', app: name, status })
    void this.trees.announce(name, status)
    if (previous && previous.health !== 'Degraded' && status.health === 'Degraded') {
      this.engine.notify({ kind: 'health-degraded', app: name, title: `${name} is Degraded`, body: status.healthMessage || 'a resource of the app is Degraded' })
    }
    if (previous?.sync === 'Synced' && status.sync === 'OutOfSync' && !status.autoSync) {
      this.engine.notify({ kind: 'out-of-sync', app: name, title: `${name} is OutOfSync`, body: `${status.resources.filter((r) => r.status !== 'Synced').length} resource(s) differ from Git at ${status.revision.slice(0, 8)}` })
    }
    return status
  }

  private forget(name: string): void {
    this.timers.cancel(name)
    this.rendered.delete(name)
    this.targets.delete(name)
    this.autoSyncs.forget(name)
    this.trees.forget(name)
    this.orphans.forget(name)
    this.destinations.delete(name)
    this.lastGood.delete(name)
    if (this.statuses.delete(name)) this.events.emit({ type: 'app-removed', app: name })
  }

  /** Called with the ApplicationSets a parent registered or changed, to generate them (the desk applies them). */
  onAppSetsChanged: (names: string[]) => void = () => undefined

  /** Registers the ApplicationSets a parent renders (an app of ApplicationSets); they then generate their apps. */
  private registerAppSets(parent: Application, rendered: K8sObject[]): AppCondition[] {
    const { conditions, changed } = childAppSetChanges(parent, rendered, this.engine.store.read().appsets)
    if (changed.length === 0) return conditions
    this.engine.store.update((data) => {
      const names = new Set(changed.map((a) => a.metadata.name))
      data.appsets = [...data.appsets.filter((a) => !names.has(a.metadata.name)), ...changed]
    })
    this.onAppSetsChanged(changed.map((a) => a.metadata.name))
    return conditions
  }

  /** Registers the children a parent renders, and removes the ones it no longer renders. */
  private registerChildren(parent: Application, children: K8sObject[]): AppCondition[] {
    const { conditions, changed, removed } = childChanges(parent, children, this.apps())
    if (changed.length === 0 && removed.length === 0) return conditions
    this.engine.store.update((data) => {
      const names = new Set([...changed, ...removed].map((a) => a.metadata.name))
      data.apps = [...data.apps.filter((a) => !names.has(a.metadata.name)), ...changed]
    })
    for (const child of removed) {
      this.forget(child.metadata.name)
      // With the parent's prune, a child the parent dropped takes its resources with it, through
      // a sync operation (so Prune=false and the propagation policy hold).
      if (isAutomated(parent) && parent.spec.syncPolicy?.automated?.prune) this.autoSyncs.start(child, { prune: true, consent: { pruneAll: true } }, () => undefined, true)
    }
    for (const child of changed) if (this.running) void this.queue.enqueue(child.metadata.name, 'cycle')
    return conditions
  }

  /** Watch events on a context re-compare the apps they concern (debounced, Git untouched). */
  private watchContext(context: string): void {
    if (this.watchedContexts.has(context)) return
    const cache = this.engine.liveCache(context)
    const unwatchLoss = cache.onConnectionLost(() => this.outages.connectionLost(context))
    const unwatchChanges = cache.onChange((obj) => {
      if (!this.running) return
      const concerned = appsConcerned(this.targets, context, obj)
      for (const name of this.orphans.appsWatching(context, obj)) concerned.add(name)
      for (const name of concerned) this.timers.debounce(name, this.options.watchDebounceMs ?? 250, () => void this.queue.enqueue(name, 'watch'))
      for (const name of appsConcerned(this.targets, context, obj)) this.events.emit({ type: 'resource-changed', app: name, key: resourceKey(obj) })
    })
    this.watchedContexts.set(context, () => {
      unwatchLoss()
      unwatchChanges()
    })
  }
}

/** A failure that says the cluster did not answer (not a render or a rule problem). */
// A resource's error is already data ({ code, message }): read as is, not logged as a bug.
const connectionLost = (error: unknown): boolean => /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up|cannot reach the cluster|unreachable|\(HTTP 50[234]\)/i.test(isErrorData(error) ? error.message : errorMessage(error))
const isErrorData = (value: unknown): value is { message: string } => !(value instanceof Error) && typeof (value as { message?: unknown } | null)?.message === 'string'
