import { join } from 'node:path'
import type { DeskEvent, Notification, TreeNode } from '../../../shared/model'
import type { K8sObject } from '../base/objects'
import { storedKinds, trackedKinds } from '../cache/app-kinds'
import type { LiveCache } from '../cache/live-cache'
import { LiveCaches } from '../cache/live-caches'
import { resourceTree } from '../cache/resource-tree'
import type { ClusterClient } from '../clusters/cluster-client'
import type { ConnectionStatus } from '../clusters/connection'
import { DiscoveryCache } from '../clusters/discovery'
import { ImportedClusters } from '../clusters/imported'
import type { KubeContexts } from '../clusters/kubeconfig'
import { ClusterRegistry } from '../clusters/registry'
import { DryRunCache, type CompareResult } from '../diff/compare'
import { HealthChecks } from '../health/custom-health'
import type { LuaScripts } from '../lua/lua-scripts'
import { LuaRuntime } from '../lua/lua-runtime'
import { BundledScripts } from '../customizations/bundled-scripts'
import type { Application } from '../model/app-schema'
import type { RenderedApp } from '../render/render-app'
import { RenderCache } from '../render/render-cache'
import { fetchedAfter, RenderService, type RenderOptions } from '../render/render-service'
import { isExcludedFor, splitTargets } from '../render/targets'
import { RepoCredentials } from '../repos/credentials'
import { GitRepoCache } from '../repos/git-cache'
import { HelmRepoCache } from '../repos/helm-repo'
import type { OpenLog } from '../resources/log-streams'
import { renderCacheKey } from '../secrets/cache-key'
import { KeychainSecrets, type SecretStore } from '../secrets/keychain'
import { secureDataDir } from '../store/data-dir'
import { openDeskStore, type DeskStore, type HistoryEntry } from '../store/desk-store'
import { historyOf } from '../sync/history'
import { Operations } from '../sync/operations'
import { compareApp, compareTargets, type CompareAppOptions, type CompareDeps, type CompareTargetsOptions } from './compare-app'
import { EventBus } from './events'
import { notificationFeedFor, type NotificationFeed } from './notification-feed'
import { mutedNotifier, type Notifier } from './notifier'
export { pluginSecretAccount } from '../render/render-service'

export interface EngineOptions {
  dataDir: string
  /** Defaults to the OS keychain. */
  secrets?: SecretStore
  /** Defaults to the desk store in dataDir (conf); the Electron app passes electron-store's. */
  store?: DeskStore
  /** Where notifications go besides the event stream (desktop notifications, the CLI's output). */
  notifier?: Notifier
  /** Event batching window (ms); 0 delivers each event at once. */
  eventBatchMs?: number
  /** How often a sync looks at a wave's health (default 1 s). */
  syncPollMs?: number
}

/**
 * The engine the service, the controller and the CLI use: a composition of its parts (cluster
 * registry, discovery cache, live caches, render service, health checks, operations), each in its
 * own module; the members here delegate to them.
 */
export class Engine {
  readonly store: DeskStore
  readonly secrets: SecretStore
  readonly credentials: RepoCredentials
  readonly repos: GitRepoCache
  readonly helmRepos: HelmRepoCache
  readonly renderCache: RenderCache
  readonly importedClusters: ImportedClusters
  /** Contexts, imported clusters, one client per context. */
  readonly clusters: ClusterRegistry
  /** What discovery said about each cluster (namespaced kinds, Helm's capabilities). */
  readonly discovery: DiscoveryCache
  /** One watch cache per context. */
  readonly liveCaches: LiveCaches
  readonly renderer: RenderService
  /** Argo CD's own health checks and actions (its resource_customizations), bundled with the app. */
  readonly bundledScripts = new BundledScripts()
  private readonly luaRuntime = new LuaRuntime()
  /** This engine's health checks: the user's argocd-cm scripts, Argo CD's, the compiled rules. */
  readonly health = new HealthChecks({ lua: () => this.luaRuntime.vm(), bundled: this.bundledScripts })
  /** The event stream: status, operations, clusters, notifications. */
  readonly events: EventBus
  /** Every sync and rollback, whoever starts it. */
  readonly operations: Operations
  /** Argo CD's notifications (triggers over app states, to the desktop and the config's services); runs with the loop. */
  readonly notifications: NotificationFeed
  private readonly dryRuns = new DryRunCache()
  /** What compareApp reads (see compare-app.ts). */
  private readonly compareDeps: CompareDeps

  constructor(readonly options: EngineOptions) {
    secureDataDir(options.dataDir)
    this.store = options.store ?? openDeskStore(options.dataDir)
    this.secrets = options.secrets ?? new KeychainSecrets()
    this.credentials = new RepoCredentials(this.store, this.secrets)
    this.repos = new GitRepoCache(join(options.dataDir, 'cache'), this.credentials.lookup)
    this.renderCache = new RenderCache(join(options.dataDir, 'cache', 'render'), 256, renderCacheKey(this.secrets))
    this.helmRepos = new HelmRepoCache(join(options.dataDir, 'cache'), this.credentials.lookup)
    this.importedClusters = new ImportedClusters(this.store, this.secrets)
    this.clusters = new ClusterRegistry(this.store, this.importedClusters)
    const clusters = this.clusters
    // Discovery loads contexts as every way to a cluster does: the engine's loadContexts (watch caches too).
    this.discovery = new DiscoveryCache({ runtime: () => clusters.runtime(), get contexts() { return clusters.contexts }, loadContexts: () => this.loadContexts(), oneShotConfig: (context) => clusters.oneShotConfig(context) })
    this.liveCaches = new LiveCaches(this.clusters, (context, cache) => cache.onConnectionLost(() => this.dryRuns.verified.schemaChanged(context)))
    this.renderer = new RenderService({ store: this.store, secrets: this.secrets, repos: this.repos, helmRepos: this.helmRepos, renderCache: this.renderCache, capabilities: (app, fresh) => this.discovery.capabilitiesFor(app.spec.destination, fresh) })
    this.events = new EventBus(options.eventBatchMs ?? 500)
    this.notifications = notificationFeedFor({ store: this.store, secrets: this.secrets, events: this.events, desktop: mutedNotifier(options.notifier ?? { notify: () => undefined }, () => this.store.read().settings) })
    this.compareDeps = {
      settings: () => this.store.read().settings,
      resolveContext: async (destination) => (await this.loadContexts()).resolve(destination),
      serverOf: (context) => this.serverOf(context),
      render: (app, renderOptions) => this.render(app, renderOptions),
      client: (context) => this.client(context),
      liveCache: (context) => this.liveCache(context),
      dryRuns: this.dryRuns,
      schemaHashes: (context) => this.discovery.schemaHashes(context),
      health: this.health,
      appKinds: storedKinds(this.store),
    }
    this.operations = new Operations({
      store: this.store,
      syncPollMs: options.syncPollMs ?? 1000,
      resolveContext: async (destination) => (await this.loadContexts()).resolve(destination),
      serverOf: (context) => this.serverOf(context),
      render: (app) => this.render(app, fetchedAfter(this.operations.current(app.metadata.name)?.startedAt)),
      client: (context) => this.client(context),
      liveState: (context) => this.liveCache(context),
      outOfSync: async (app, targets, context) => new Set((await this.compareTargets(app, targets, { context, watch: true, text: false })).resources.filter((r) => r.status !== 'Synced').map((r) => r.key)),
      healthOf: this.health.healthOf,
      dryRunLedger: this.dryRuns.verified,
      emit: (event) => this.events.emit(event),
      notify: (notification) => this.notify(notification),
    })
  }

  /** A notification to the event stream (the desktop's come from the notification triggers). */
  notify(notification: Notification): void {
    this.events.emit({ type: 'notification', notification })
  }

  emit(event: DeskEvent): void {
    this.events.emit(event)
  }

  // Clusters: contexts, clients, connections (clusters/registry.ts).

  /** The kubeconfig's contexts plus the imported clusters, with the remembered active context. */
  async loadContexts(): Promise<KubeContexts> {
    const [contexts] = await Promise.all([this.clusters.loadContexts(), this.liveCaches.load()])
    return contexts
  }

  get contexts(): KubeContexts {
    return this.clusters.contexts
  }

  watchKubeconfig(onChange?: () => void): () => void {
    return this.clusters.watchKubeconfig(onChange)
  }

  reloadContexts(): void {
    this.clusters.reloadContexts()
  }

  useContext(context: string): Promise<void> {
    return this.clusters.useContext(context)
  }

  client(context: string): ClusterClient {
    return this.clusters.client(context)
  }

  checkConnection(context: string): Promise<ConnectionStatus> {
    return this.clusters.checkConnection(context)
  }

  probeConnection(context: string, timeoutMs: number): Promise<ConnectionStatus> {
    return this.clusters.probeConnection(context, timeoutMs)
  }

  serverOf(context: string): Promise<string> {
    return this.clusters.serverOf(context)
  }

  liveCache(context: string): LiveCache {
    return this.liveCaches.of(context)
  }

  /** Opens container logs on a context (the API server's pods/log). */
  openLog(context: string): OpenLog {
    const config = this.contexts.configFor(context, { forWatches: true })
    const { openPodLog } = this.clusters.runtime()
    return (target, options, onLine, onEnd) => openPodLog(config, target, options, onLine, onEnd)
  }

  // Compare (compare-app.ts).

  /** An app's rendered objects as targets for this context: child apps apart, excluded kinds out (with conditions). */
  async splitTargets(objects: K8sObject[], context: string): Promise<ReturnType<typeof splitTargets>> {
    return splitTargets(objects, this.store.read().settings, [context, await this.serverOf(context)])
  }

  /** Whether the settings exclude an object's kind on this context (never compared, pruned or deleted). */
  async excludedOn(context: string): Promise<(obj: K8sObject) => boolean> {
    return isExcludedFor(this.store.read().settings, [context, await this.serverOf(context)])
  }

  /**
   * Compares an app's target with its destination cluster. With `watch`, live state comes from
   * the cluster's watch cache (kept for later compares) and tracked extras are found; without,
   * each object is read once (a one-shot CLI run).
   */
  async diff(app: Application, options: Pick<CompareAppOptions, 'mode' | 'context' | 'watch' | 'hard' | 'workingCopy'> = {}): Promise<CompareResult & { context: string; revision: string }> {
    const { status, resources, context, revision } = await compareApp(this.compareDeps, app, options)
    return { status, resources, context, revision }
  }

  /** Compares rendered target objects with the cluster (hooks and Skip resources never count). */
  compareTargets(app: Application, objects: K8sObject[], options: CompareTargetsOptions): Promise<CompareResult> {
    return compareTargets(this.compareDeps, app, objects, options)
  }

  /**
   * The live objects whose tracking id names this app, the kinds it renders and has had live watched. A
   * source that cannot be rendered fails: the app's kinds would be unknown and objects missed.
   */
  async trackedObjects(app: Application, context: string): Promise<K8sObject[]> {
    await this.loadContexts()
    const cache = this.liveCache(context)
    const excluded = await this.excludedOn(context)
    await cache.ensureWatching(trackedKinds((await this.render(app)).objects, this.compareDeps.appKinds.remembered(app.metadata.name), excluded))
    return cache.trackedBy(app.metadata.name, this.store.read().settings.trackingMethod).filter((o) => !excluded(o))
  }

  /** An app's resources and what they own, from the watch cache (kinds the settings exclude left out). */
  async resourceTree(context: string, resources: { key: string; status?: TreeNode['status'] }[]): Promise<TreeNode[]> {
    return resourceTree(this.liveCache(context), resources, this.health.healthOf, await this.excludedOn(context))
  }

  /**
   * The live objects of a namespace, every kind it can hold watched there (discovery kept for 10
   * minutes); kinds the settings exclude are left out. For orphaned resources.
   */
  async namespaceObjects(context: string, namespace: string): Promise<K8sObject[]> {
    const kinds = await this.discovery.namespacedKinds(context)
    const cache = this.liveCache(context)
    await cache.ensureWatching(kinds, namespace)
    const excluded = await this.excludedOn(context)
    return cache.inNamespace(namespace).filter((o) => !excluded(o))
  }

  /** Successful full syncs, newest last, trimmed to the app's revisionHistoryLimit (default 10). */
  history(appName: string): HistoryEntry[] {
    return historyOf(this.store, appName)
  }

  // Render (render/render-service.ts).

  /** The target state of an app; `hard` re-renders even when the cache has it. */
  render(app: Application, options: RenderOptions = {}): Promise<RenderedApp> {
    return this.renderer.render(app, options)
  }

  pluginOf(app: Application): Promise<string | null> {
    return this.renderer.pluginOf(app)
  }

  pluginParameters(app: Application): ReturnType<RenderService['pluginParameters']> {
    return this.renderer.pluginParameters(app)
  }

  /** Which plugin rendered each app last (a plugin an app uses is not removed). */
  get pluginUse(): Map<string, string> {
    return this.renderer.pluginUse
  }

  pluginSecrets(plugin: string): Promise<Record<string, string>> {
    return this.renderer.pluginSecrets(plugin)
  }

  // Health customizations (health/custom-health.ts).

  /**
   * The Lua health checks in settings (imported from argocd-cm) as this engine's health rules;
   * the Lua VM starts only when there are some.
   */
  async applyHealthCustomizations(): Promise<string[]> {
    const { healthScripts: scripts, healthOpenLibs: openLibs } = this.store.read().settings
    this.health.useScripts(scripts, openLibs)
    if (Object.keys(scripts).length) await this.luaScripts()
    return Object.keys(scripts)
  }

  /** The Lua VM for Argo CD's scripts and the user's, started. */
  luaScripts = (): Promise<LuaScripts> => this.luaRuntime.started()

  /** Stops every watch and the notifications' deliveries (shutdown). */
  async close(): Promise<void> {
    for (const app of this.operations.runningApps()) this.operations.terminate(app)
    await Promise.all([this.liveCaches.close(), this.luaRuntime.close(), this.notifications.stop()])
  }
}
