import type { Application } from '../model/app-schema'
import { BackgroundWork } from '../base/background-work'
import { StageClock } from '../base/stage-clock'
import { AutoSyncer } from './auto-syncer'
import { ChildApps } from './child-apps'
import type { EventBus } from './events'
import { LastGoodRenders } from './last-good-render'
import type { Notifier } from './notifier'
import type { ReconcileEngine } from './ports'
import { AppTimers, ReconcileQueue, type ReconcileMode } from './queue'
import { Reachability } from './reachability'
import { ObjectDrift } from './object-drift'
import { reconcileApp, rediffAndPublish, type ComparedApp, type ReconcileParts } from './reconcile-app'
import { ClusterOutages, type OutageOptions } from './cluster-outages'
import { StatusBoard } from './status-board'
import { TargetIndex } from './target-index'
import { routeWatchEvents } from './watch-routing'
import { OrphanMonitor, TreeAnnouncer } from './status-extras'
import type { AppStatus } from '../../../shared/model'

export type { ReconcileMode }

export interface ControllerOptions {
  /** Default: the reconcileIntervalSeconds setting (120 s). */
  intervalMs?: number
  /** Up to this much random delay on top of the interval (Argo CD: 60 s). */
  jitterMs?: number
  /** Apps reconciled at once. */
  concurrency?: number
  /** Watch events for an app not compared whole yet (or Unknown) within this window cause one whole compare (default 250 ms); the others re-diff the changed objects at once (object-drift.ts). */
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
 *
 * Lifecycle: made idle (a one-shot pass such as the CLI's works without start()), running from
 * start(), closed for good from stop(). Every run, tree announcement, auto-sync and recovery it
 * starts is tracked background work that stop() waits for; a run asked for after stop does
 * nothing (it answers the last status), so no compare, watch or sync starts after it.
 */
export class ReconcileController {
  readonly events: EventBus
  private readonly background = new BackgroundWork()
  private readonly board: StatusBoard
  private readonly targets = new TargetIndex()
  private readonly renders: LastGoodRenders
  private readonly children: ChildApps
  private readonly autoSyncs: AutoSyncer
  private readonly queue: ReconcileQueue<AppStatus | undefined>
  /** Counters for tests, benchmarks and the status bar. */
  readonly stats: ReconcileQueue<unknown>['stats']
  /** Where refresh time goes: fetch, render, dry run, diff, publish (benchmarks). */
  readonly stages = new StageClock()
  private readonly timers = new AppTimers()
  private readonly clusters: Reachability
  private readonly outages: ClusterOutages
  private readonly watchedContexts = new Map<string, () => void>()
  /** When each watched context last sent a watch event (Date.now()): it answers. */
  private readonly heardAt = new Map<string, number>()
  private readonly trees: TreeAnnouncer
  private readonly orphans: OrphanMonitor
  private readonly objectDrift: ObjectDrift<ComparedApp>
  private readonly unsubscribe: (() => void)[] = []
  private running = false
  private paused = false

  constructor(
    private readonly engine: ReconcileEngine,
    private readonly options: ControllerOptions = {},
  ) {
    this.events = engine.events
    this.autoSyncs = new AutoSyncer(engine, (name, ms) => this.schedule(name, ms), this.background)
    this.trees = new TreeAnnouncer(engine, this.background)
    this.board = new StatusBoard(engine, this.trees)
    this.renders = new LastGoodRenders(engine, this.targets)
    this.orphans = new OrphanMonitor(engine, () => this.apps().map((a) => a.metadata.name))
    this.children = new ChildApps({
      store: engine.store,
      forget: (name) => this.forget(name),
      pruneDropped: (child) => this.autoSyncs.start(child, { prune: true, consent: { pruneAll: true } }, () => undefined, true),
      compare: (name) => void (this.running && this.enqueue(name, 'cycle')),
      appSetsChanged: (names) => this.onAppSetsChanged(names),
    })
    this.objectDrift = new ObjectDrift<ComparedApp>(
      {
        rediff: (base, changed, accept) => rediffAndPublish(this.parts(), base, changed, accept),
        compare: (name) => this.timers.debounce(name, this.options.watchDebounceMs ?? 250, () => void this.enqueue(name, 'watch')),
        track: (work) => this.background.track(work),
      },
      options.concurrency,
    )
    this.queue = new ReconcileQueue((name, mode, askedAt) => this.reconcile(name, mode, askedAt), options.concurrency ?? 10)
    this.stats = this.queue.stats
    this.clusters = new Reachability((context) => engine.checkConnection(context), {
      down: (context, message) => {
        this.events.emit({ type: 'cluster', context, reachable: false, message })
        // Every app of the cluster shows it at once, with its last known state as such.
        for (const app of this.apps()) {
          const s = this.board.get(app.metadata.name)
          if (s?.context === context && !s.lastKnownAt) this.board.publish(app, this.board.unknown(app, context, 'ComparisonError', `cluster ${context} is unreachable: ${message}`, true))
        }
      },
      up: (context) => {
        this.events.emit({ type: 'cluster', context, reachable: true, message: 'reachable again' })
        if (this.background.closed) return
        // Its watches and apps were waiting on their backoff: list, watch and compare them now.
        const waiting = this.board.all().filter((s) => s.context === context && s.sync === 'Unknown').map((s) => s.name)
        void this.background.track(this.engine.liveCache(context).retryNow().finally(() => this.running && waiting.forEach((name) => void this.enqueue(name, 'cycle'))))
      },
    })
    this.outages = new ClusterOutages((context, timeoutMs) => engine.probeConnection(context, timeoutMs), () => this.board.all().map((s) => s.context).filter(Boolean), this.clusters, options.outages, (context) => this.heardAt.get(context) ?? 0)
    // Whoever ran it, an operation that ended is followed by a compare of its app.
    this.unsubscribe.push(
      engine.operations.onFinished((operation) => {
        // As in Argo CD, a sync that succeeded ends a failed auto-sync's SyncError (an outage's too).
        if (operation.phase === 'Succeeded' && !operation.dryRun) this.autoSyncs.clearFailure(operation.app)
        if (operation.phase === 'Succeeded' && !operation.dryRun && operation.initiator !== 'auto-sync') this.autoSyncs.syncedByHand(operation.app)
        void this.enqueue(operation.app, 'watch')
      }),
    )
    const notifier = options.notifier
    if (notifier) this.unsubscribe.push(this.events.subscribe((batch) => batch.forEach((e) => e.type === 'notification' && notifier.notify(e.notification))))
  }

  /** Starts the loop: every stored app now, then each on its own interval. Nothing after stop(). */
  start(): void {
    if (this.background.closed) return
    this.running = true
    this.outages.start()
    for (const app of this.apps()) void this.enqueue(app.metadata.name, 'cycle')
  }

  /** Closes the controller: timers and watch subscriptions go, then it waits for every run, tree announcement and auto-sync under way. */
  async stop(): Promise<void> {
    this.running = false
    const closing = this.background.close()
    this.trees.flush()
    await this.outages.stop()
    this.timers.clear(true)
    for (const unsubscribe of this.watchedContexts.values()) unsubscribe()
    this.watchedContexts.clear()
    await closing
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe()
    this.events.flush()
  }

  /** True once stop() was called. */
  get closed(): boolean {
    return this.background.closed
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
    if (this.running) for (const app of this.apps()) void this.enqueue(app.metadata.name, 'cycle')
  }

  /** What the outage monitor knows of a context in use (undefined: not monitored, or no answer seen yet). */
  clusterState(context: string): { reachable: boolean; version?: string; reason?: string } | undefined {
    const known = this.clusters.known(context)
    const version = this.outages.version(context)
    if (!known || !this.running) return undefined
    if (!known.reachable) return { reachable: false, reason: known.message }
    return version ? { reachable: true, version } : undefined
  }

  /** A view shows the app's resource tree: its changes are announced as `app-tree` events from now on. */
  followTree(name: string): void {
    this.trees.follow(name)
  }

  status(name: string): AppStatus | undefined {
    return this.board.get(name)
  }

  list(): AppStatus[] {
    return this.apps().map((a) => this.board.get(a.metadata.name)).filter((s): s is AppStatus => !!s)
  }

  /** Compares one app now (refresh), or re-renders it (hard), or only against the watch cache (fromCache). */
  refresh(name: string, { hard = false, fromCache = false } = {}): Promise<AppStatus | undefined> {
    return this.enqueue(name, hard ? 'hard' : fromCache ? 'watch' : 'refresh')
  }

  /** One pass over every stored app (the CLI's --once); waits for auto-syncs it starts. */
  async reconcileAll(mode: ReconcileMode = 'cycle'): Promise<AppStatus[]> {
    await Promise.all(this.apps().map((a) => this.enqueue(a.metadata.name, mode)))
    // Children registered during the pass get their first compare too.
    const missing = this.apps().filter((a) => !this.board.has(a.metadata.name))
    await Promise.all(missing.map((a) => this.enqueue(a.metadata.name, mode)))
    await this.autoSyncs.idle()
    await this.queue.idle()
    return this.list()
  }

  /** Called with the ApplicationSets a parent registered or changed, to generate them (the desk applies them). */
  onAppSetsChanged: (names: string[]) => void = () => undefined

  private apps(): Application[] {
    return this.engine.store.read().apps
  }

  /** A run of the app through the queue, tracked as background work. */
  private enqueue(name: string, mode: ReconcileMode): Promise<AppStatus | undefined> {
    return this.background.track(this.queue.enqueue(name, mode))
  }

  private schedule(name: string, delayMs: number): void {
    if (!this.running || this.paused) return this.timers.cancel(name)
    this.timers.schedule(name, delayMs, () => void this.enqueue(name, 'cycle'))
  }

  private intervalMs(): number {
    return this.options.intervalMs ?? this.engine.store.read().settings.reconcileIntervalSeconds * 1000
  }

  private async reconcile(name: string, mode: ReconcileMode, askedAt: number): Promise<AppStatus | undefined> {
    // Closed: a run asked for before stop() but not started yet does nothing.
    if (this.background.closed) return this.board.get(name)
    const app = this.apps().find((a) => a.metadata.name === name)
    if (!app) {
      this.forget(name)
      return undefined
    }
    return reconcileApp(this.parts(), app, mode, askedAt)
  }

  /** The per-object path's samples and counters: each re-diff and whole compare that published (benchmarks, tests). */
  get drift(): Pick<ObjectDrift<ComparedApp>, 'onSample' | 'onWholeCompare' | 'stats'> {
    return this.objectDrift
  }

  private parts(): ReconcileParts {
    return {
      engine: this.engine,
      board: this.board,
      clusters: this.clusters,
      renders: this.renders,
      children: this.children,
      autoSyncs: this.autoSyncs,
      orphans: this.orphans,
      schedule: (n, ms) => this.schedule(n, ms),
      watchContext: (context) => this.watchContext(context),
      forget: (n) => this.forget(n),
      intervalMs: () => this.intervalMs(),
      jitterMs: this.options.jitterMs ?? 60_000,
      autoSync: this.options.autoSync !== false,
      drift: this.objectDrift,
      stages: this.stages,
    }
  }

  private forget(name: string): void {
    this.timers.cancel(name)
    this.renders.forget(name)
    this.autoSyncs.forget(name)
    this.orphans.forget(name)
    this.objectDrift.forget(name)
    this.board.forget(name)
  }

  /** Watch events on a context re-diff the objects of the apps they concern (Git untouched). */
  private watchContext(context: string): void {
    if (this.watchedContexts.has(context) || this.background.closed) return
    const routes = { targets: this.targets, events: this.events, orphans: this.orphans, drift: this.objectDrift, outages: this.outages, heard: (c: string) => this.heardAt.set(c, Date.now()), running: () => this.running }
    this.watchedContexts.set(context, routeWatchEvents(this.engine.liveCache(context), context, routes))
  }
}
