import { userInfo } from 'node:os'
import { join } from 'node:path'
import { projectViolations } from './apps/project'
import { defaultProject, type Application } from './apps/schema'
import { LiveCache } from './cache/live-cache'
import { ClusterClient } from './clusters/cluster-client'
import { checkConnection, type ConnectionStatus } from './clusters/connection'
import { ImportedClusters } from './clusters/imported'
import { KubeContexts } from './clusters/kubeconfig'
import { compareResources, DryRunCache, type CompareMode, type CompareResult } from './diff/compare'
import { UserError } from './errors'
import { resourceKey, type K8sObject } from './render/objects'
import { hookPhases } from './sync/plan'
import { healthOf } from './health/health'
import type { TreeNode } from '../../shared/model'
import { SyncOperation, type OperationState } from './sync/operation'
import { retryDelay } from './sync/retry'
import { windowBlock } from './apps/sync-windows'
import { splitChildApps } from './reconcile/app-of-apps'
import { RepoCredentials } from './repos/credentials'
import { GitRepoCache } from './repos/git-cache'
import { RenderCache } from './render/render-cache'
import { renderApp, type RenderedApp } from './render/render-app'
import { KeychainSecrets, type SecretStore } from './secrets/keychain'
import { openDeskStore, type DeskStore, type HistoryEntry } from './store/desk-store'

export interface SyncOptions {
  prune?: boolean
  dryRun?: boolean
  force?: boolean
  /** Selective sync: only these resource keys (group/kind/namespace/name), no hooks. */
  resources?: string[]
  /** Sync this revision instead of the source's targetRevision. */
  revision?: string
  context?: string
  /** The user confirmed: a protected context, Prune=confirm, pruning everything. */
  confirmed?: boolean
  noHooks?: boolean
  /** Started by auto-sync (sync windows treat manual syncs differently). */
  automated?: boolean
  pollMs?: number
  onState?: (state: OperationState) => void
}

export type SyncOutcome = OperationState & { context: string; revision: string; attempts: number }

interface RunningOperation {
  operation: SyncOperation | null
  terminated: boolean
  wake?: () => void
}

export interface EngineOptions {
  dataDir: string
  /** Defaults to the OS keychain. */
  secrets?: SecretStore
  /** Defaults to the desk store in dataDir (conf); the Electron app passes electron-store's. */
  store?: DeskStore
}

/** The small facade the API and the CLI use; each concern stays in its own module. */
export class Engine {
  readonly store: DeskStore
  readonly secrets: SecretStore
  readonly credentials: RepoCredentials
  readonly repos: GitRepoCache
  readonly renderCache: RenderCache
  readonly importedClusters: ImportedClusters
  private kubeContexts: KubeContexts | null = null
  private importedLoaded = false
  private readonly clients = new Map<string, ClusterClient>()
  private readonly caches = new Map<string, LiveCache>()
  private readonly dryRuns = new DryRunCache()
  private readonly operations = new Map<string, RunningOperation>()

  constructor(readonly options: EngineOptions) {
    this.store = options.store ?? openDeskStore(options.dataDir)
    this.secrets = options.secrets ?? new KeychainSecrets()
    this.credentials = new RepoCredentials(this.store, this.secrets)
    this.repos = new GitRepoCache(join(options.dataDir, 'cache'), this.credentials.lookup)
    this.renderCache = new RenderCache(join(options.dataDir, 'cache', 'render'))
    this.importedClusters = new ImportedClusters(this.store, this.secrets)
  }

  /**
   * The kubeconfig's contexts plus the imported clusters (their secrets read from the keychain),
   * with the remembered active context.
   */
  async loadContexts(): Promise<KubeContexts> {
    const contexts = this.contexts
    if (!this.importedLoaded) {
      await this.importedClusters.addTo(contexts.kubeConfig)
      this.importedLoaded = true
      const saved = this.store.read().settings.activeContext
      if (saved && contexts.active !== saved && contexts.contexts().some((c) => c.name === saved)) contexts.use(saved)
    }
    return contexts
  }

  /** The kubeconfig's contexts, with the active one restored from settings. Loaded on first use. */
  get contexts(): KubeContexts {
    if (!this.kubeContexts) {
      this.kubeContexts = new KubeContexts()
      const saved = this.store.read().settings.activeContext
      if (saved && this.kubeContexts.contexts().some((c) => c.name === saved)) this.kubeContexts.use(saved)
    }
    return this.kubeContexts
  }

  /** Follows kubeconfig edits: contexts are re-read and clients rebuilt on their next use. */
  watchKubeconfig(onChange: () => void = () => undefined): () => void {
    return this.contexts.watchFiles(() => {
      this.clients.clear()
      this.importedLoaded = false
      onChange()
    })
  }

  /** Contexts changed (a cluster imported or removed): read them again, rebuild clients on use. */
  reloadContexts(): void {
    this.kubeContexts?.reload()
    this.importedLoaded = false
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
      client = new ClusterClient(context, this.contexts.configFor(context))
      this.clients.set(context, client)
    }
    return client
  }

  async checkConnection(context: string): Promise<ConnectionStatus> {
    return checkConnection((await this.loadContexts()).configFor(context))
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
    const objects = splitChildApps(all, this.store.read().settings.applyChildApps).targets
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
    const compareOptions = { mode: options.mode ?? 'server-side', ignoreDifferences: app.spec.ignoreDifferences ?? [], ...(options.fresh ? {} : { dryRuns: this.dryRuns }), text: options.text ?? true } as const
    if (!options.watch) return compareResources(client, targets, compareOptions)
    const cache = this.liveCache(options.context)
    await cache.ensureWatching(targets)
    const targetKeys = new Set(objects.map(resourceKey))
    const extras = cache.trackedBy(app.metadata.name).filter((o) => !targetKeys.has(resourceKey(o)))
    return compareResources(client, targets, { ...compareOptions, liveOf: (t) => cache.get(resourceKey(t)) ?? null }, extras)
  }

  /**
   * Syncs an app to its destination (Argo CD's order and options). Prune candidates are the
   * live objects that track this app and Git no longer has. One operation per app at a time;
   * with `syncPolicy.retry`, a failed operation is retried with Argo CD's backoff.
   */
  async sync(app: Application, options: SyncOptions = {}): Promise<SyncOutcome> {
    const name = app.metadata.name
    if (this.operations.has(name)) throw new UserError('Conflict', `another operation is already in progress for ${name}`, name)
    const running: RunningOperation = { operation: null, terminated: false }
    this.operations.set(name, running)
    try {
      for (let attempt = 0; ; attempt++) {
        const result = await this.syncOnce(app, options, running)
        const delay = result.phase === 'Failed' && !running.terminated && !options.dryRun ? retryDelay(app.spec.syncPolicy?.retry, attempt) : null
        if (delay === null) return { ...result, attempts: attempt + 1 }
        options.onState?.({ ...result, phase: 'Running', message: `${result.message}; retrying in ${Math.round(delay / 1000)}s (attempt ${attempt + 2})` })
        await this.sleep(delay, running)
        if (running.terminated) return { ...result, message: `${result.message}; retry cancelled: operation terminated`, attempts: attempt + 1 }
      }
    } finally {
      this.operations.delete(name)
    }
  }

  /** Asks the running operation of an app to stop (between steps); false when none runs. */
  terminate(appName: string): boolean {
    const running = this.operations.get(appName)
    if (!running) return false
    running.terminated = true
    running.operation?.terminate()
    running.wake?.()
    return true
  }

  /** Syncs that were running when a previous process died (the record outlived its process). */
  interruptedOperations(): { app: string; context: string; startedAt: string }[] {
    return this.store
      .read()
      .operations.filter((o) => !this.operations.has(o.app) && !processAlive(o.pid))
      .map(({ app, context, startedAt }) => ({ app, context, startedAt }))
  }

  /** The apps with an operation running now. */
  runningOperations(): string[] {
    return [...this.operations.keys()]
  }

  private sleep(ms: number, running: RunningOperation): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      running.wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  private async syncOnce(app: Application, options: SyncOptions, running: RunningOperation): Promise<OperationState & { context: string; revision: string }> {
    const contexts = await this.loadContexts()
    const context = options.context ?? contexts.resolve(app.spec.destination)
    if (!options.dryRun && !options.confirmed && this.store.read().settings.protectedContexts.includes(context)) {
      throw new UserError('Forbidden', `${context} is a protected context: confirm the sync (--yes on the command line, or type the context name in the app)`, context)
    }
    const startedAt = new Date()
    const pinned = options.revision ? pinRevisions(app, options.revision.split(',')) : app
    const rendered = await this.render(pinned)
    const { sources } = rendered
    const objects = splitChildApps(rendered.objects, this.store.read().settings.applyChildApps).targets
    const projectName = app.spec.project
    const project = this.store.read().projects.find((p) => p.metadata.name === projectName) ?? (projectName === 'default' ? defaultProject : null)
    if (!project) throw new UserError('NotFound', `the app's project "${projectName}" does not exist (gitops-desk app add project.yaml)`, 'spec.project')
    const server = contexts.contexts().find((c) => c.name === context)?.server ?? ''
    const violations = projectViolations(project, app, { server, name: context, namespace: app.spec.destination.namespace ?? '' }, objects)
    if (violations.length) throw new UserError('Forbidden', `sync refused: ${violations.join('; ')}`, `project ${projectName}`)
    const blocked = windowBlock(project.spec.syncWindows ?? [], { app: app.metadata.name, namespace: app.spec.destination.namespace ?? '', server, cluster: context }, startedAt, !options.automated)
    if (blocked) throw new UserError('Forbidden', `sync refused by a sync window of project ${projectName}: ${blocked}`, `project ${projectName}`)
    const cache = this.liveCache(context)
    await cache.ensureWatching(objects)
    const targetKeys = new Set(objects.map(resourceKey))
    const extras = cache.trackedBy(app.metadata.name).filter((o) => !targetKeys.has(resourceKey(o)))
    const syncOptions = app.spec.syncPolicy?.syncOptions ?? []
    const revision = sources[0]?.commit ?? ''
    // Syncing the revision that was last synced puts back what was changed by hand (as Argo CD
    // does): fields another manager took over are taken back. A new revision reports conflicts.
    const lastSynced = this.history(app.metadata.name).at(-1)
    const revertsDrift = !!lastSynced && lastSynced.context === context && lastSynced.revisions.join(',') === sources.map((s) => s.commit).join(',')
    const operation = new SyncOperation(this.client(context), {
      targets: objects,
      extras,
      prune: options.prune ?? false,
      dryRun: options.dryRun ?? false,
      force: (options.force ?? false) || revertsDrift,
      appSyncOptions: syncOptions,
      plan: { revision, startedAt, ...(options.noHooks ? { noHooks: true } : {}), ...(options.resources?.length ? { only: new Set(options.resources) } : {}) },
      ...(syncOptions.includes('CreateNamespace=true') && app.spec.destination.namespace ? { createNamespace: app.spec.destination.namespace } : {}),
      propagation: propagationOf(syncOptions),
      allowEmpty: (app.spec.syncPolicy?.automated?.allowEmpty ?? false) || (options.confirmed ?? false),
      pruneConfirmed: options.confirmed ?? false,
      ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    })
    running.operation = operation
    if (running.terminated) operation.terminate()
    // Written before anything is applied, removed when the operation ends: if the process dies
    // in between (killed, crashed, power lost), the next start reports the sync as interrupted.
    const record = { app: app.metadata.name, context, startedAt: startedAt.toISOString(), pid: process.pid }
    if (!options.dryRun) this.store.update((data) => void (data.operations = [...data.operations.filter((o) => o.app !== record.app), record]))
    let state: OperationState
    try {
      state = await operation.run(options.onState)
    } finally {
      if (!options.dryRun) this.store.update((data) => void (data.operations = data.operations.filter((o) => o.app !== record.app)))
    }
    if (state.phase === 'Succeeded' && !options.dryRun && !options.resources?.length) this.recordHistory(app, sources.map((s) => s.commit), startedAt, context)
    return { ...state, context, revision }
  }

  /**
   * An app's resources and what they own, from the watch cache: Deployment → ReplicaSet → Pod.
   * ReplicaSets and Pods are watched too, with their status (the tree shows their health).
   */
  async resourceTree(context: string, resources: { key: string; status?: TreeNode['status'] }[]): Promise<TreeNode[]> {
    const cache = this.liveCache(context)
    await cache.ensureWatching([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
      { apiVersion: 'v1', kind: 'Pod' },
    ])
    const nodes: TreeNode[] = []
    const seen = new Set<string>()
    const visit = (obj: K8sObject, parent: string | undefined, status?: TreeNode['status']) => {
      const key = resourceKey(obj)
      if (seen.has(key) || nodes.length > 20_000) return
      seen.add(key)
      const health = healthOf(obj)
      nodes.push({ key, kind: obj.kind, name: obj.metadata.name ?? '', namespace: obj.metadata.namespace ?? '', ...(parent ? { parent } : {}), ...(status ? { status } : {}), health: health?.status ?? null, ...(health?.message ? { healthMessage: health.message } : {}) })
      const uid = obj.metadata.uid as string | undefined
      if (uid) for (const child of cache.ownedBy(uid)) visit(child, key)
    }
    for (const r of resources) {
      const live = cache.get(r.key)
      if (live) visit(live, undefined, r.status)
      else {
        const [, kind = '', namespace = '', name = ''] = r.key.split('/')
        seen.add(r.key)
        nodes.push({ key: r.key, kind, name, namespace, ...(r.status ? { status: r.status } : {}), health: 'Missing' })
      }
    }
    return nodes
  }

  /** Successful full syncs, newest last, trimmed to the app's revisionHistoryLimit (default 10). */
  history(appName: string): HistoryEntry[] {
    return this.store.read().history.filter((h) => h.app === appName)
  }

  private recordHistory(app: Application, revisions: string[], startedAt: Date, context: string): void {
    const limit = app.spec.revisionHistoryLimit ?? 10
    this.store.update((data) => {
      const own = data.history.filter((h) => h.app === app.metadata.name)
      const id = (own.at(-1)?.id ?? 0) + 1
      const entry: HistoryEntry = { app: app.metadata.name, id, revisions, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), user: safeUser(), context }
      const kept = [...own, entry].slice(-Math.max(limit, 1))
      data.history = [...data.history.filter((h) => h.app !== app.metadata.name), ...kept]
    })
  }

  /** Syncs the revisions of a history entry, without hooks; refused while auto-sync is on. */
  async rollback(app: Application, id: number, options: { confirmed?: boolean; onState?: (state: OperationState) => void } = {}): Promise<SyncOutcome> {
    const automated = app.spec.syncPolicy?.automated
    if (automated && automated.enabled !== false) throw new UserError('Invalid', `rollback is not allowed while auto-sync is on for ${app.metadata.name}: turn off syncPolicy.automated first`, 'spec.syncPolicy.automated')
    const entry = this.history(app.metadata.name).find((h) => h.id === id)
    if (!entry) throw new UserError('NotFound', `no history entry ${id} for ${app.metadata.name} (see gitops-desk app history ${app.metadata.name})`, `${app.metadata.name}#${id}`)
    return this.sync(pinRevisions(app, entry.revisions), { noHooks: true, ...(options.confirmed ? { confirmed: true } : {}), ...(options.onState ? { onState: options.onState } : {}) })
  }

  liveCache(context: string): LiveCache {
    let cache = this.caches.get(context)
    if (!cache) {
      cache = new LiveCache(this.client(context), this.contexts.configFor(context))
      this.caches.set(context, cache)
    }
    return cache
  }

  /** Stops every watch (shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.caches.values()].map((c) => c.stop()))
    this.caches.clear()
  }

  /** The target state of an app; `hard` re-renders even when the cache has it. */
  render(app: Application, { hard = false, maxFetchAgeMs = 0 } = {}): Promise<RenderedApp> {
    const settings = this.store.read().settings
    return renderApp(app, {
      repos: this.repos,
      cache: this.renderCache,
      hard,
      maxFetchAgeMs,
      settings: {
        tracking: settings.trackingMethod,
        ...(settings.helmPath ? { helmPath: settings.helmPath } : {}),
        ...(settings.kustomizePath ? { kustomizePath: settings.kustomizePath } : {}),
      },
    })
  }
}

/** The app with its sources' target revisions pinned (a rollback, or a sync of one revision). */
function pinRevisions(app: Application, revisions: string[]): Application {
  const pinned = structuredClone(app)
  if (pinned.spec.sources) pinned.spec.sources = pinned.spec.sources.map((s, i) => ({ ...s, targetRevision: revisions[i] ?? s.targetRevision }))
  else if (pinned.spec.source) pinned.spec.source = { ...pinned.spec.source, targetRevision: revisions[0] ?? pinned.spec.source.targetRevision }
  return pinned
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function safeUser(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

function propagationOf(syncOptions: string[]): 'Foreground' | 'Background' | 'Orphan' {
  const value = syncOptions.find((o) => o.startsWith('PrunePropagationPolicy='))?.split('=')[1]?.toLowerCase()
  return value === 'background' ? 'Background' : value === 'orphan' ? 'Orphan' : 'Foreground'
}
