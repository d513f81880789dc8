import { join } from 'node:path'
import type { DeskEvent, Notification } from '../../shared/model'
import type { Application } from './apps/schema'
import type { TreeNode } from '../../shared/model'
import type { LiveCache } from './cache/live-cache'
import { resourceTree } from './cache/resource-tree'
import type { ClusterClient } from './clusters/cluster-client'
import type { ConnectionStatus } from './clusters/connection'
import { ImportedClusters } from './clusters/imported'
import type { KubeContexts } from './clusters/kubeconfig'
import { compareModeOf, compareResources, DryRunCache, type CompareMode, type CompareResult } from './diff/compare'
import { resourceKey, type K8sObject } from './kube/objects'
import { EventBus } from './reconcile/events'
import { mutedNotifier, type Notifier } from './reconcile/notifier'
import { hookPhases } from './sync/plan'
import { isExcludedFor, splitTargets } from './reconcile/targets'
import { ignoreRulesFor } from './customizations/ignore-rules'
import { RepoCredentials } from './repos/credentials'
import { GitRepoCache } from './repos/git-cache'
import { HelmRepoCache } from './repos/helm-repo'
import { setCustomHealthRules } from './health/health'
import { LuaScripts } from './lua/lua-scripts'
import { RenderCache } from './render/render-cache'
import { setExecTimeout, setToolMemoryLimit } from './render/tools'
import { pluginOfApp, pluginParametersOf, renderApp, type RenderDeps, type RenderedApp } from './render/render-app'
import { renderCacheKey } from './secrets/cache-key'
import { KeychainSecrets, type SecretStore } from './secrets/keychain'
import { openDeskStore, type DeskStore, type HistoryEntry } from './store/desk-store'
import { secureDataDir } from './store/data-dir'
import { historyOf } from './sync/history'
import { Operations } from './sync/operations'
import type { OpenLog } from './resources/log-streams'

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

/** The small facade the API and the CLI use; each concern stays in its own module. */
/** The keychain account of a plugin's secret. */
export const pluginSecretAccount = (plugin: string, name: string) => `plugin:${plugin}:${name}`

export class Engine {
  readonly store: DeskStore
  readonly secrets: SecretStore
  readonly credentials: RepoCredentials
  readonly repos: GitRepoCache
  readonly renderCache: RenderCache
  readonly importedClusters: ImportedClusters
  private kubeContexts: KubeContexts | null = null
  /** The Kubernetes client's part of the engine, loaded on first use (see clusters/runtime.ts). */
  private kube: typeof import('./clusters/runtime') | null = null
  private importedLoaded = false
  /** The import of the imported clusters under way, shared by concurrent callers; its generation. */
  private importing: Promise<void> | undefined
  private contextsGeneration = 0
  private readonly clients = new Map<string, ClusterClient>()
  private readonly caches = new Map<string, LiveCache>()
  /** After close(), no cache watches anything (late work such as a tree announcement must not hold the process). */
  private closed = false
  private readonly dryRuns = new DryRunCache()
  private lua: Promise<LuaScripts> | undefined
  private readonly namespacedKinds = new Map<string, { kinds: { apiVersion: string; kind: string }[]; at: number }>()
  private readonly capabilities = new Map<string, { value: { kubeVersion?: string; apiVersions?: string[] }; at: number }>()
  readonly helmRepos: HelmRepoCache
  /** The event stream: status, operations, clusters, notifications. */
  readonly events: EventBus
  /** Every sync and rollback, whoever starts it. */
  readonly operations: Operations
  private readonly notifier: Notifier

  constructor(readonly options: EngineOptions) {
    secureDataDir(options.dataDir)
    this.store = options.store ?? openDeskStore(options.dataDir)
    this.secrets = options.secrets ?? new KeychainSecrets()
    this.credentials = new RepoCredentials(this.store, this.secrets)
    this.repos = new GitRepoCache(join(options.dataDir, 'cache'), this.credentials.lookup)
    this.renderCache = new RenderCache(join(options.dataDir, 'cache', 'render'), 256, renderCacheKey(this.secrets))
    this.helmRepos = new HelmRepoCache(join(options.dataDir, 'cache'), this.credentials.lookup)
    this.importedClusters = new ImportedClusters(this.store, this.secrets)
    this.events = new EventBus(options.eventBatchMs ?? 500)
    this.notifier = mutedNotifier(options.notifier ?? { notify: () => undefined }, () => this.store.read().settings)
    this.operations = new Operations({
      store: this.store,
      syncPollMs: options.syncPollMs ?? 1000,
      resolveContext: async (destination) => (await this.loadContexts()).resolve(destination),
      serverOf: (context) => this.serverOf(context),
      render: (app) => this.render(app),
      client: (context) => this.client(context),
      liveState: (context) => this.liveCache(context),
      outOfSync: async (app, targets, context) => new Set((await this.compareTargets(app, targets, { context, watch: true, text: false })).resources.filter((r) => r.status !== 'Synced').map((r) => r.key)),
      emit: (event) => this.events.emit(event),
      notify: (notification) => this.notify(notification),
    })
  }

  /** A notification: to the notifier unless muted, and to the event stream. */
  notify(notification: Notification): void {
    this.notifier.notify(notification)
    this.events.emit({ type: 'notification', notification })
  }

  emit(event: DeskEvent): void {
    this.events.emit(event)
  }

  /**
   * The kubeconfig's contexts plus the imported clusters (their secrets read from the keychain),
   * with the remembered active context.
   */
  async loadContexts(): Promise<KubeContexts> {
    this.kube ??= await import('./clusters/runtime')
    const contexts = this.contexts
    // One import at a time: two compares starting together would each add the same cluster
    // ("Duplicate cluster"); one that a reload overtook is done again.
    while (!this.importedLoaded) {
      this.importing ??= this.importClusters(contexts)
      await this.importing
    }
    return contexts
  }

  private async importClusters(contexts: KubeContexts): Promise<void> {
    const generation = this.contextsGeneration
    try {
      await this.importedClusters.addTo(contexts.kubeConfig)
      if (generation !== this.contextsGeneration) return
      this.importedLoaded = true
      const saved = this.store.read().settings.activeContext
      if (saved && contexts.active !== saved && contexts.contexts().some((c) => c.name === saved)) contexts.use(saved)
    } finally {
      if (generation === this.contextsGeneration) this.importing = undefined
    }
  }

  private contextsChanged(): void {
    this.contextsGeneration++
    this.importing = undefined
    this.importedLoaded = false
  }

  /** The kubeconfig's contexts, with the active one restored from settings. Loaded on first use. */
  get contexts(): KubeContexts {
    if (!this.kubeContexts) {
      // Every way to a cluster starts with loadContexts(), which loads the client first.
      if (!this.kube) throw new Error('the engine touched a cluster before loadContexts()')
      this.kubeContexts = new this.kube.KubeContexts()
      const saved = this.store.read().settings.activeContext
      if (saved && this.kubeContexts.contexts().some((c) => c.name === saved)) this.kubeContexts.use(saved)
    }
    return this.kubeContexts
  }

  /** Follows kubeconfig edits: contexts are re-read and clients rebuilt on their next use. */
  watchKubeconfig(onChange: () => void = () => undefined): () => void {
    return this.contexts.watchFiles(() => {
      this.clients.clear()
      this.contextsChanged()
      onChange()
    })
  }

  /** Contexts changed (a cluster imported or removed): read them again, rebuild clients on use. */
  reloadContexts(): void {
    this.kubeContexts?.reload()
    this.contextsChanged()
    this.clients.clear()
  }

  /** Switches the active context (where in-cluster destinations go) and remembers it. */
  async useContext(context: string): Promise<void> {
    const contexts = await this.loadContexts()
    contexts.use(context)
    this.store.update((data) => void (data.settings.activeContext = context))
  }

  client(context: string): ClusterClient {
    let client = this.clients.get(context)
    if (!client) {
      const { ClusterClient } = this.kubeRuntime()
      client = new ClusterClient(context, this.contexts.configFor(context))
      this.clients.set(context, client)
    }
    return client
  }

  async checkConnection(context: string): Promise<ConnectionStatus> {
    const contexts = await this.loadContexts()
    return this.kubeRuntime().checkConnection(contexts.configFor(context))
  }

  /** A cheap, cancellable GET /version (the outage monitor's probe). */
  async probeConnection(context: string, timeoutMs: number): Promise<ConnectionStatus> {
    const contexts = await this.loadContexts()
    return this.kubeRuntime().probeVersion(contexts.configFor(context), timeoutMs)
  }

  private kubeRuntime(): typeof import('./clusters/runtime') {
    if (!this.kube) throw new Error('the engine touched a cluster before loadContexts()')
    return this.kube
  }

  /** A context's API server URL ('' when the kubeconfig has none). */
  async serverOf(context: string): Promise<string> {
    return (await this.loadContexts()).contexts().find((c) => c.name === context)?.server ?? ''
  }

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
  async diff(app: Application, options: { mode?: CompareMode; context?: string; watch?: boolean; hard?: boolean } = {}): Promise<CompareResult & { context: string; revision: string }> {
    const contexts = await this.loadContexts()
    const context = options.context ?? contexts.resolve(app.spec.destination)
    const { objects: all, sources } = await this.render(app, { hard: options.hard ?? false })
    const objects = (await this.splitTargets(all, context)).targets
    const result = await this.compareTargets(app, objects, { context, ...(options.mode ? { mode: options.mode } : {}), watch: options.watch ?? false, fresh: options.hard ?? false })
    return { ...result, context, revision: sources.map((s) => s.commit).join(',') }
  }

  /**
   * Compares rendered target objects with the cluster (hooks and Skip resources never count).
   * With `watch`, live state comes from the cluster's watch cache and tracked extras are found.
   */
  async compareTargets(app: Application, objects: K8sObject[], options: { context: string; mode?: CompareMode; watch?: boolean; text?: boolean; fresh?: boolean }): Promise<CompareResult> {
    const targets = objects.filter((o) => hookPhases(o).length === 0)
    const client = this.client(options.context)
    // A hard refresh asks the server again for every prediction (the cache and carried predictions are skipped).
    const compareOptions = { mode: options.mode ?? compareModeOf(app), ignoreDifferences: ignoreRulesFor(app, this.store.read().settings.customizations), ...(options.fresh ? {} : { dryRuns: this.dryRuns }), text: options.text ?? true } as const
    if (!options.watch) return compareResources(client, targets, compareOptions)
    const cache = this.liveCache(options.context)
    await cache.ensureWatching(targets)
    const targetKeys = new Set(objects.map(resourceKey))
    const excluded = await this.excludedOn(options.context)
    const extras = cache.trackedBy(app.metadata.name, this.store.read().settings.trackingMethod).filter((o) => !targetKeys.has(resourceKey(o)) && !excluded(o))
    return compareResources(client, targets, { ...compareOptions, liveOf: (t) => cache.get(resourceKey(t)) ?? null }, extras)
  }

  /**
   * The live objects whose tracking id names this app, with the kinds it renders watched. A
   * source that cannot be rendered fails: the app's kinds would be unknown and objects missed.
   */
  async trackedObjects(app: Application, context: string): Promise<K8sObject[]> {
    await this.loadContexts()
    const cache = this.liveCache(context)
    const { objects } = await this.render(app)
    await cache.ensureWatching(objects)
    const excluded = await this.excludedOn(context)
    return cache.trackedBy(app.metadata.name, this.store.read().settings.trackingMethod).filter((o) => !excluded(o))
  }

  /** An app's resources and what they own, from the watch cache (kinds the settings exclude left out). */
  async resourceTree(context: string, resources: { key: string; status?: TreeNode['status'] }[]): Promise<TreeNode[]> {
    return resourceTree(this.liveCache(context), resources, await this.excludedOn(context))
  }

  /**
   * The live objects of a namespace, every kind it can hold watched there (discovery kept for 10
   * minutes); kinds the settings exclude are left out. For orphaned resources.
   */
  async namespaceObjects(context: string, namespace: string): Promise<K8sObject[]> {
    const known = this.namespacedKinds.get(context)
    let kinds = known?.kinds
    if (!kinds || Date.now() - known!.at > 600_000) {
      kinds = await withTimeout(this.kubeRuntime().namespacedKinds(this.contexts.configFor(context)), 10_000, `discovery of ${context}`)
      this.namespacedKinds.set(context, { kinds, at: Date.now() })
    }
    const cache = this.liveCache(context)
    await cache.ensureWatching(kinds, namespace)
    const excluded = await this.excludedOn(context)
    return cache.inNamespace(namespace).filter((o) => !excluded(o))
  }

  /** Opens container logs on a context (the API server's pods/log). */
  openLog(context: string): OpenLog {
    const config = this.contexts.configFor(context, { forWatches: true })
    const { openPodLog } = this.kubeRuntime()
    return (target, options, onLine, onEnd) => openPodLog(config, target, options, onLine, onEnd)
  }

  /** Successful full syncs, newest last, trimmed to the app's revisionHistoryLimit (default 10). */
  history(appName: string): HistoryEntry[] {
    return historyOf(this.store, appName)
  }

  liveCache(context: string): LiveCache {
    let cache = this.caches.get(context)
    if (!cache) {
      const { LiveCache } = this.kubeRuntime()
      cache = new LiveCache(this.client(context), this.contexts.configFor(context, { forWatches: true }))
      if (this.closed) void cache.stop()
      else this.caches.set(context, cache)
    }
    return cache
  }

  /**
   * The destination cluster's version and API versions for Helm (as Argo CD passes them), from
   * discovery kept for 10 minutes (a hard refresh asks again); an unreachable cluster gives the
   * last values known, and an unknown one none (Helm's defaults).
   */
  private async destinationCapabilities(app: Application, fresh: boolean): Promise<{ kubeVersion?: string; apiVersions?: string[] }> {
    let context: string
    try {
      context = (await this.loadContexts()).resolve(app.spec.destination)
    } catch {
      return {}
    }
    const known = this.capabilities.get(context)
    if (known && !fresh && Date.now() - known.at < 600_000) return known.value
    try {
      const value = await withTimeout(this.kubeRuntime().readCapabilities(this.contexts.configFor(context)), 5000, `discovery of ${context}`)
      this.capabilities.set(context, { value, at: Date.now() })
      return value
    } catch {
      // Asked again in a minute; meanwhile renders use what was known.
      this.capabilities.set(context, { value: known?.value ?? {}, at: Date.now() - 540_000 })
      return known?.value ?? {}
    }
  }

  /**
   * The Lua health checks in settings (imported from argocd-cm) as health rules; the Lua VM
   * starts only when there are some.
   */
  async applyHealthCustomizations(): Promise<string[]> {
    const { healthScripts: scripts, healthOpenLibs: openLibs } = this.store.read().settings
    if (Object.keys(scripts).length === 0) {
      setCustomHealthRules({})
      return []
    }
    const lua = await this.luaScripts()
    setCustomHealthRules(Object.fromEntries(Object.entries(scripts).map(([kind, script]) => [kind, (obj: K8sObject) => lua.health(script, obj, openLibs.includes(kind))])))
    return Object.keys(scripts)
  }

  /** The Lua VM for Argo CD's customization scripts, made when first needed. */
  luaScripts(): Promise<LuaScripts> {
    this.lua ??= LuaScripts.create()
    return this.lua
  }

  /** Stops every watch (shutdown). */
  async close(): Promise<void> {
    this.closed = true
    for (const app of this.operations.runningApps()) this.operations.terminate(app)
    await Promise.all([...this.caches.values()].map((c) => c.stop()))
    this.caches.clear()
    const lua = this.lua
    this.lua = undefined
    await lua?.then((scripts) => scripts.close(), () => undefined)
  }

  /** The plugin an app uses: the one that rendered it last here, else the one it names or discovery picks. */
  async pluginOf(app: Application): Promise<string | null> {
    return this.pluginUse.get(app.metadata.name) ?? pluginOfApp(app, await this.renderDeps(app, {}))
  }

  /** The parameters an app's plugin announces (static and dynamic), for the app editor. */
  async pluginParameters(app: Application): ReturnType<typeof pluginParametersOf> {
    return pluginParametersOf(app, await this.renderDeps(app, {}))
  }

  /** The target state of an app; `hard` re-renders even when the cache has it. */
  async render(app: Application, options: { hard?: boolean; maxFetchAgeMs?: number } = {}): Promise<RenderedApp> {
    return renderApp(app, await this.renderDeps(app, options))
  }

  private async renderDeps(app: Application, { hard = false, maxFetchAgeMs = 0 }: { hard?: boolean; maxFetchAgeMs?: number }): Promise<RenderDeps> {
    const settings = this.store.read().settings
    // Every helm, kustomize and Jsonnet run of this render is bounded by it (plugins get it below).
    setExecTimeout(settings.execTimeoutSeconds)
    // Every helm, kustomize and plugin command of this render is bounded by it.
    setToolMemoryLimit(settings.toolMemoryLimitMiB)
    return {
      repos: this.repos,
      helmRepos: this.helmRepos,
      cache: this.renderCache,
      hard,
      maxFetchAgeMs,
      ...(await this.destinationCapabilities(app, hard)),
      settings: {
        tracking: settings.trackingMethod,
        ...(settings.helmPath ? { helmPath: settings.helmPath } : {}),
        ...(settings.kustomizePath ? { kustomizePath: settings.kustomizePath } : {}),
        ...(settings.kustomizeBuildOptions ? { kustomizeBuildOptions: settings.kustomizeBuildOptions } : {}),
        helmRepositories: this.store.read().repositories.filter((r) => r.type === 'helm' && r.name).map((r) => ({ name: r.name!, url: r.url })),
      },
      plugins: {
        list: this.store.read().plugins,
        secrets: (plugin) => this.pluginSecrets(plugin),
        timeoutMs: settings.execTimeoutSeconds * 1000,
        used: (name, plugin) => this.pluginUse.set(name, plugin),
      },
    }
  }

  /** Which plugin rendered each app last (a plugin an app uses is not removed). */
  readonly pluginUse = new Map<string, string>()

  /** A plugin's secrets from the keychain, by environment variable name (never stored elsewhere). */
  async pluginSecrets(plugin: string): Promise<Record<string, string>> {
    const names = this.store.read().settings.pluginSecrets[plugin] ?? []
    const values = await Promise.all(names.map(async (name) => [name, await this.secrets.get(pluginSecretAccount(plugin, name))] as const))
    return Object.fromEntries(values.filter((v): v is readonly [string, string] => v[1] !== null))
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms)))
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}
