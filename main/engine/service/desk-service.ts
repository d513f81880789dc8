import type { z } from 'zod'
import type { AppForm, ClusterImport, RepoForm, SettingsPatch } from '../../../shared/api'
import type { AppDeletion, AppEvent, AppDiff, AppStatus, DeleteIntent, DeletionState, ResourceAction, AppSummary, ClusterInfo, DeskEvent, HistoryEntry, MenuAction, Operation, OperationInitiator, ProjectInfo, RepoInfo, ResourceDiff, Settings, SyncConsent, SyncIntent, TreeNode } from '../../../shared/model'
import { applicationFromForm } from '../apps/form'
import { sourcesOf, type Application } from '../model/app-schema'
import { Engine, type EngineOptions } from '../reconcile/engine'
import { errorMessage, UserError } from '../base/errors'
import { ReconcileController, type ControllerOptions } from '../reconcile/controller'
import { testRepository } from '../repos/test-repository'
import { sortVersions } from '../repos/helm-repo'
import { refuseIfDeleting } from '../sync/deletions'
import { AppDeletions, type DeletionOptions } from './app-deletions'
import { availableActions } from '../actions/available'
import type { Action } from '../actions/builtin'
import { runOperations } from '../actions/run-action'
import { eventsOf, recordEvent } from '../sync/history'
import { maskSecretObjects } from '../diff/mask'
import { requireContextConsent } from '../sync/consent'
import { AppSetCommands } from './appset-commands'
import { PluginCommands } from './plugin-commands'
import { ResourceCommands } from './resource-commands'
import { readArgoSecrets } from '../secrets/argo-secrets'
import type { K8sObject } from '../base/objects'
import { planImport, type ImportPlan } from '../argocd/import-plan'
import { readInstallation } from '../argocd/installation'
import { argoCmData, argoCmSnippet, readArgoSettings, withArgoSettings, withoutCustomization, type ArgoSettings, type CustomizationType } from '../argocd/argocd-cm'
import { argoClusterConfig } from '../argocd/cluster-config'
import { inClusterServer, planExport, type ExportCluster, type ExportPlan } from '../argocd/export-plan'
import type { GitCredentials } from '../repos/credentials'
import type { CompareMode } from '../diff/compare'
import { StoreService } from './store-service'
import { appYaml, clusterInfo, repoInfo, summaryOf } from './summaries'
import { waitForApp, type WaitFor } from './wait'
import { checkAppSource } from './app-form-check'
import { followOutsideChanges } from './outside-changes'

export interface DeskOptions extends EngineOptions {
  /** The reconcile loop's options; false for a one-shot command that needs no loop (the CLI). */
  controller?: ControllerOptions | false
  /** Start the loop now (default true when there is one). */
  start?: boolean
  /** How a cascading app deletion waits for its resources to go. */
  deletion?: DeletionOptions
}

/**
 * The engine as a service of commands: the API handlers and the CLI only map their arguments
 * onto these methods. Each rule lives in the module named beside it; nothing here hands out
 * the store, the keychain or the repository cache.
 */
export class DeskService {
  readonly engine: Engine
  /** The commands on stored data alone; the ones below add what the loop must follow. */
  readonly stored: StoreService
  /** ApplicationSets: stored, previewed, applied (and by the loop, without deleting resources). */
  readonly appsets: AppSetCommands
  /** Config management plugins: registered, listed with their apps, their secrets in the keychain. */
  readonly plugins: PluginCommands
  /** One resource's panel: details, Kubernetes Events, logs (reads only). */
  readonly resources: ResourceCommands
  /** App deletions: recorded, step by step, retried or cancelled. */
  readonly deletions: AppDeletions
  private appsetTimer: NodeJS.Timeout | undefined
  /** Stops following the store's changes by other processes (only a running loop follows them). */
  private stopFollowing = () => undefined as void
  private loop: ReconcileController | null

  constructor(options: DeskOptions) {
    this.engine = new Engine(options)
    this.stored = new StoreService(this.engine.store)
    this.loop = options.controller === false ? null : new ReconcileController(this.engine, options.controller ?? {})
    if (this.loop && (options.start ?? true)) this.loop.start()
    this.deletions = new AppDeletions({ engine: this.engine, app: (name) => this.app(name), removeApp: (name) => this.stored.deleteApp(name), compareSoon: (names) => this.compareSoon(names), destinationContext: (app) => this.destinationContext(app) }, options.deletion ?? {})
    this.resources = new ResourceCommands({ engine: this.engine, app: (name) => this.app(name), status: async (name) => this.loop?.status(name) ?? (await this.controller().refresh(name)) ?? null })
    this.plugins = new PluginCommands(this.engine, () => this.apps())
    this.appsets = new AppSetCommands({ engine: this.engine, stored: this.stored, deleteApp: (name, intent) => this.deleteApp(name, intent), compareSoon: (names) => this.compareSoon(names), syncUntilHealthy: (name, confirmProtected) => this.syncUntilHealthy(name, confirmProtected) })
    if (this.loop) this.loop.onAppSetsChanged = (names) => names.forEach((name) => this.later(this.appsets.apply(name)))
    if (this.loop && (options.start ?? true)) this.startAppSetLoop()
    if (this.loop) this.stopFollowing = followOutsideChanges(this.engine, (names) => this.compareSoon(names))
    this.later(this.engine.applyHealthCustomizations())
  }

  /** The reconcile loop (created on first use when the service was opened without one). */
  controller(options: ControllerOptions = {}): ReconcileController {
    this.loop ??= new ReconcileController(this.engine, options)
    return this.loop
  }

  subscribe(listener: (events: DeskEvent[]) => void): () => void {
    return this.engine.events.subscribe(listener)
  }

  /** The desktop shell's menu and notification clicks reach the renderer as events. */
  menu(action: MenuAction, app?: string): void {
    this.engine.emit({ type: 'menu', action, ...(app ? { app } : {}) })
  }

  /** Follows kubeconfig edits (the desktop app); returns the stop function. */
  watchKubeconfig(): () => void {
    let stop = () => undefined as void
    let stopped = false
    void this.engine.loadContexts().then(() => {
      if (!stopped) stop = this.engine.watchKubeconfig()
    }, () => undefined)
    return () => {
      stopped = true
      stop()
    }
  }

  warnings(): string[] {
    return this.stored.warnings()
  }

  // Applications and projects

  apps(): Application[] {
    return this.stored.apps()
  }

  app(name: string): Application {
    return this.stored.app(name)
  }

  listApps(): AppSummary[] {
    return this.apps().map((a) => this.summary(a))
  }

  getApp(name: string): { yaml: string; summary: AppSummary; status: AppStatus | null; history: HistoryEntry[]; events: AppEvent[]; operation: Operation | null; deletion: DeletionState | null } {
    const app = this.app(name)
    return { yaml: appYaml(app), summary: this.summary(app), status: this.loop?.status(name) ?? null, history: this.engine.history(name), events: eventsOf(this.engine.store, name), operation: this.engine.operations.current(name), deletion: this.deletions.state(name) }
  }

  /** Creates or replaces the Applications and AppProjects of a YAML text (all or nothing). */
  saveYaml(text: string, where: string): { apps: string[]; projects: string[] } {
    const saved = this.stored.saveYaml([{ text, where }])
    // A project's rules (orphaned resources, permitted kinds) change its apps' status: compare them too.
    const ofProjects = this.apps().filter((a) => saved.projects.includes(a.spec.project)).map((a) => a.metadata.name)
    this.compareSoon([...new Set([...saved.apps, ...ofProjects])])
    return saved
  }

  /** The New app form: stored once its repository answers and its path exists, as Argo CD checks. */
  async saveForm(form: z.output<typeof AppForm>): Promise<{ apps: string[] }> {
    const app = applicationFromForm(form)
    await checkAppSource(this.engine, app)
    this.stored.saveObjects([app], [])
    this.compareSoon([app.metadata.name])
    return { apps: [app.metadata.name] }
  }

  /**
   * Deletes an app. As Argo CD's resources finalizer does (or the cascade asked for), its live
   * resources go first, highest sync wave first (Delete=false, Helm's keep and CRDs stay), with
   * the consents that needs; from the start no operation may begin for the app, each step is an
   * app event, and a deletion that cannot finish waits to be retried or cancelled
   * (service/app-deletions.ts). Without a cascade the cluster is not touched.
   */
  deleteApp(name: string, intent: DeleteIntent = {}): Promise<AppDeletion> {
    return this.deletions.delete(name, intent)
  }

  /** Runs a deletion that stopped (a DeletionError) again, with the consents it was given. */
  retryDeletion(name: string): Promise<AppDeletion> {
    return this.deletions.retry(name)
  }

  /** Gives up a deletion: the app stays with what is left of its resources. */
  cancelDeletion(name: string): boolean {
    return this.deletions.cancel(name)
  }

  listProjects(): ProjectInfo[] {
    return this.stored.listProjects()
  }

  deleteProject(name: string): boolean {
    const deleted = this.stored.deleteProject(name)
    if (deleted) this.compareSoon(this.apps().filter((a) => a.spec.project === name).map((a) => a.metadata.name))
    return deleted
  }

  // Status, diff, tree

  /** The target objects of an Application (stored or from a file), Secret values masked; hard skips the render cache. */
  async render(app: Application, hard = false): ReturnType<Engine['render']> {
    const rendered = await this.engine.render(app, { hard })
    return { ...rendered, objects: maskSecretObjects(rendered.objects) }
  }

  /** A one-shot compare of an Application (stored or from a file), reading each object once. */
  diffDefinition(app: Application, options: { mode: CompareMode; context?: string }): ReturnType<Engine['diff']> {
    return this.engine.diff(app, options)
  }

  async refresh(name: string, hard = false): Promise<AppStatus | null> {
    this.app(name)
    return (await this.controller().refresh(name, { hard })) ?? null
  }

  async diff(name: string, mode?: CompareMode): Promise<AppDiff> {
    const result = await this.engine.diff(this.app(name), { watch: true, ...(mode ? { mode } : {}) })
    return { status: result.status, context: result.context, revision: result.revision, resources: result.resources }
  }

  async diffResource(name: string, key: string): Promise<ResourceDiff> {
    const found = (await this.diff(name)).resources.find((r) => r.key === key)
    if (!found) throw new UserError('NotFound', `${name} has no resource ${key}`, key)
    return found
  }

  /** Waits until the app is Synced and/or Healthy (the CLI's `app wait`). */
  waitFor(name: string, want: WaitFor, onStatus?: (status: AppStatus) => void): Promise<{ met: boolean; status: AppStatus | null }> {
    this.app(name)
    return waitForApp(this.controller({ autoSync: false }), name, want, onStatus)
  }

  async resourceTree(name: string): Promise<TreeNode[]> {
    const app = this.app(name)
    const status = this.loop?.status(name) ?? (await this.controller().refresh(name))
    const context = status?.context || (await this.engine.loadContexts()).resolve(app.spec.destination)
    return this.engine.resourceTree(context, (status?.resources ?? []).map((r) => ({ key: r.key, status: r.status })))
  }

  // Resource actions (Argo CD's built-in ones, and Lua actions from an imported argocd-cm)

  /** The actions one of the app's live resources offers now. */
  async resourceActions(name: string, key: string): Promise<ResourceAction[]> {
    const { live } = await this.liveResource(name, key)
    return (await this.actionsOf(live)).map(({ run: _run, ...action }) => action)
  }

  /**
   * Runs an action on one of the app's live resources: the server checks every change first (a
   * dry run), a protected context needs its name typed, then the changes are made, recorded in
   * the app's events, and the app is compared again.
   */
  async runResourceAction(name: string, key: string, action: string, options: { dryRun?: boolean; consent?: { context?: string }; params?: Record<string, string> } = {}): Promise<{ message: string }> {
    refuseIfDeleting(this.engine.store, name, 'resource action')
    const { live, context } = await this.liveResource(name, key)
    const actions = await this.actionsOf(live)
    const found = actions.find((a) => a.name === action)
    if (!found) throw new UserError('NotFound', `${key} has no action "${action}"${actions.length ? ` (it has: ${actions.map((a) => a.name).join(', ')})` : ''}`, key)
    if (found.disabled) throw new UserError('Conflict', `"${action}" does not apply to ${key} as it is now`, key)
    requireContextConsent(context, this.settings().protectedContexts, { ...(options.dryRun ? { dryRun: true } : {}), ...(options.consent ? { consent: options.consent } : {}) })
    const missing = (found.params ?? []).filter((p) => options.params?.[p.name] === undefined && p.default === undefined).map((p) => p.name)
    if (missing.length) throw new UserError('Invalid', `"${action}" needs ${missing.join(', ')} (--param ${missing[0]}=VALUE)`, key)
    const params = { ...Object.fromEntries((found.params ?? []).filter((p) => p.default !== undefined).map((p) => [p.name, p.default!])), ...options.params }
    const operations = found.run(live, new Date(), params)
    const client = this.engine.client(context)
    const checked = await runOperations(client, live, operations, true)
    if (options.dryRun) return { message: `dry run: ${action} on ${key} would be accepted by ${context} (${checked.join('; ')})` }
    refuseIfDeleting(this.engine.store, name, 'resource action') // it may have begun while the dry run ran
    const done = await runOperations(client, live, operations, false)
    recordEvent(this.engine.store, { app: name, context, resource: key, action, message: done.join('; ') })
    this.compareSoon([name])
    return { message: `${action}: ${done.join('; ')} in ${context}` }
  }

  /**
   * Deletes one of the app's live resources (Argo CD's delete in the resource menu): foreground,
   * background or orphan (its dependents stay); a protected context needs its name typed. The
   * deletion is an app event; the app is compared again (the resource shows Missing).
   */
  async deleteResource(name: string, key: string, options: { propagation?: 'foreground' | 'background' | 'orphan'; consent?: { context?: string } } = {}): Promise<{ message: string }> {
    const { live, context } = await this.liveResource(name, key)
    requireContextConsent(context, this.settings().protectedContexts, options.consent ? { consent: options.consent } : {})
    const propagation = options.propagation ?? 'foreground'
    await this.engine.client(context).delete(live, propagation === 'orphan' ? 'Orphan' : propagation === 'background' ? 'Background' : 'Foreground')
    const message = `deleted ${key} from ${context} (${propagation})`
    recordEvent(this.engine.store, { app: name, context, resource: key, action: 'delete', message })
    this.compareSoon([name])
    return { message }
  }

  private async actionsOf(live: K8sObject): Promise<Action[]> {
    const { customizations } = this.settings()
    return availableActions(live, customizations, Object.keys(customizations.actions).length ? await this.engine.luaScripts() : undefined)
  }

  /** A live resource of the app (compared now, so it is watched), and its context. */
  private async liveResource(name: string, key: string): Promise<{ live: K8sObject; context: string }> {
    const status = await this.refresh(name)
    if (!status?.resources.some((r) => r.key === key)) throw new UserError('NotFound', `${name} has no resource ${key}`, key)
    const live = this.engine.liveCache(status.context).get(key)
    if (!live) throw new UserError('NotFound', `${key} is not in ${status.context} (Missing): sync it first`, key)
    return { live, context: status.context }
  }

  // Operations: every sync and rollback goes through the engine's Operations

  /** Starts a sync of a stored app; returns at once with the running operation. */
  sync(name: string, intent: SyncIntent, initiator: OperationInitiator = 'user'): Promise<Operation> {
    return this.engine.operations.start(this.app(name), intent, { initiator })
  }

  /** Starts a sync of an Application that may not be stored (the CLI's `sync app.yaml`). */
  syncDefinition(app: Application, intent: SyncIntent, options: { context?: string } = {}): Promise<Operation> {
    return this.engine.operations.start(app, intent, { initiator: 'cli', ...options })
  }

  /** The context an Application's destination resolves to now (the active one for in-cluster). */
  async destinationContext(app: Application): Promise<string> {
    return (await this.engine.loadContexts()).resolve(app.spec.destination)
  }

  rollback(name: string, id: number, consent: SyncConsent, initiator: OperationInitiator = 'user'): Promise<Operation> {
    return this.engine.operations.startRollback(this.app(name), id, consent, { initiator })
  }

  rollbackDefinition(app: Application, id: number, consent: SyncConsent): Promise<Operation> {
    return this.engine.operations.startRollback(app, id, consent, { initiator: 'cli' })
  }

  operation(name: string): Operation | null {
    return this.engine.operations.current(name)
  }

  /** Resolves once the app's operation has ended. */
  waitForOperation(name: string): Promise<Operation | null> {
    return this.engine.operations.wait(name)
  }

  terminate(name: string): boolean {
    return this.engine.operations.terminate(name)
  }

  history(name: string): HistoryEntry[] {
    return this.stored.history(name)
  }

  // Clusters

  async listClusters(): Promise<ClusterInfo[]> {
    const contexts = await this.engine.loadContexts()
    const imported = new Set(this.engine.importedClusters.list().map((c) => c.name))
    const { protectedContexts, clusterLabels } = this.settings()
    // A context the loop monitors is shown as the apps show it (the same state, the same moment).
    const connection = async (name: string) => this.loop?.clusterState(name) ?? (await this.engine.checkConnection(name))
    return Promise.all(contexts.contexts().map(async (c) => clusterInfo(c, { active: c.name === contexts.active, protected: protectedContexts.includes(c.name), imported: imported.has(c.name), labels: clusterLabels[c.name] ?? {} }, await connection(c.name))))
  }

  /** The contexts, once `name` is known to be one of them (a clear error otherwise). */
  private async requireContext(name: string): Promise<Awaited<ReturnType<Engine['loadContexts']>>> {
    const contexts = await this.engine.loadContexts()
    const names = contexts.contexts().map((c) => c.name)
    if (!names.includes(name)) throw new UserError('NotFound', `no context "${name}" in the kubeconfig or among imported clusters (${names.join(', ') || 'none'})`, name)
    return contexts
  }

  /** Switches the active context (where in-cluster destinations go); every app is compared again. */
  async useCluster(name: string): Promise<void> {
    await this.engine.useContext(name)
    this.engine.emit({ type: 'clusters-changed' })
    for (const app of this.apps()) this.later(this.loop?.refresh(app.metadata.name))
  }

  /** A protected context's syncs need its name typed (the rule is in sync/consent.ts). */
  async protectCluster(name: string, on: boolean): Promise<string[]> {
    await this.requireContext(name)
    this.engine.store.update((data) => {
      const others = data.settings.protectedContexts.filter((c) => c !== name)
      data.settings.protectedContexts = on ? [...others, name] : others
    })
    this.engine.emit({ type: 'clusters-changed' })
    // Its apps are compared again: the status says at once what auto-sync does there now (an
    // auto-sync refused while it was protected goes ahead).
    this.compareSoon(this.apps().map((a) => a.metadata.name))
    return this.settings().protectedContexts
  }

  async importCluster(request: z.output<typeof ClusterImport> | { kind: 'kubeconfig-file'; file: string; context: string; name?: string | undefined }, where = 'the Secret'): Promise<{ name: string; server: string }[]> {
    const clusters = this.engine.importedClusters
    const imported =
      request.kind === 'kubeconfig' ? [await clusters.importKubeconfigText(request.text, 'the kubeconfig', request.context, request.name ?? request.context)]
      : request.kind === 'kubeconfig-file' ? [await clusters.importKubeconfig(request.file, request.context, request.name)]
      : await clusters.importArgoSecret(request.text, where)
    if (request.kind === 'argo-secret') {
      // A cluster Secret's labels are what Argo CD's clusters generator selects by: they come along.
      const labelled = readArgoSecrets(request.text, where, ['cluster']).map((s) => ({ name: s.field('name') ?? s.field('server') ?? '', labels: s.labels })).filter((s) => Object.keys(s.labels).length)
      if (labelled.length) this.engine.store.update((d) => void (d.settings.clusterLabels = { ...d.settings.clusterLabels, ...Object.fromEntries(labelled.map((s) => [s.name, { ...(d.settings.clusterLabels[s.name] ?? {}), ...s.labels }])) }))
    }
    this.engine.reloadContexts()
    this.engine.emit({ type: 'clusters-changed' })
    return imported.map((c) => ({ name: c.name, server: c.server }))
  }

  async removeCluster(name: string): Promise<boolean> {
    const removed = await this.engine.importedClusters.remove(name)
    this.engine.reloadContexts()
    this.engine.emit({ type: 'clusters-changed' })
    return removed
  }

  // Argo CD

  /**
   * What a running Argo CD holds (Applications, AppProjects, repository and cluster Secrets,
   * argocd-cm's tracking method) and what importing it adds; with `apply`, adds it all: secrets
   * into the keychain first, then apps and projects in one store write.
   */
  async importArgoCD(context: string, namespace = 'argocd', apply = false): Promise<ImportPlan> {
    await this.requireContext(context)
    const installation = await readInstallation(this.engine.client(context), namespace)
    if (installation.applications.length + installation.projects.length + installation.secrets.length === 0) {
      throw new UserError('NotFound', `no Argo CD in namespace ${namespace} of ${context}: no Applications, AppProjects or credential Secrets there (--namespace?)`, `${context}/${namespace}`)
    }
    const content = planImport(installation, { apps: this.apps().map((a) => a.metadata.name), projects: this.listProjects().map((p) => p.name) })
    if (!apply) return content.plan
    for (const secret of content.repositorySecrets) await this.importRepoSecrets(secret.text, secret.where)
    for (const secret of content.clusterSecrets) await this.importCluster({ kind: 'argo-secret', text: secret.text }, secret.where)
    if (content.plan.settings.length) await this.takeArgoSettings(content.argoSettings)
    this.stored.saveObjects(content.applications, content.projects)
    this.compareSoon(content.applications.map((a) => a.metadata.name))
    return content.plan
  }

  /**
   * Hands apps over to an Argo CD (context, namespace): the Applications as stored, their
   * projects, and the repository and cluster credentials they need as Argo CD Secrets (read from
   * the keychain). Without `apply`, only the plan, which names each Secret and shows no value.
   */
  async exportArgoCD(context: string, namespace = 'argocd', names: string[] = [], apply = false): Promise<ExportPlan> {
    const contexts = await this.requireContext(context)
    const apps = names.length ? names.map((n) => this.app(n)) : this.apps()
    if (apps.length === 0) throw new UserError('NotFound', 'no apps to export', 'apps')
    const client = this.engine.client(context)
    const installed = await client.list('argoproj.io/v1alpha1', 'Application', namespace).then(() => true, () => false)
    if (!installed) throw new UserError('NotFound', `no Argo CD in ${context}: the Application resource is not served there`, context)
    const repositories = new Map<string, GitCredentials | null>()
    for (const app of apps) for (const source of sourcesOf(app)) repositories.set(source.repoURL, await this.engine.credentials.lookup(source.repoURL))
    const clusters = new Map<string, ExportCluster>()
    for (const { spec } of apps) {
      const key = spec.destination.name ?? spec.destination.server ?? ''
      let target: string
      try {
        target = contexts.resolve(spec.destination)
      } catch {
        continue // unknown here: the plan warns
      }
      if (spec.destination.name && target === context) clusters.set(key, { name: key, server: inClusterServer, inCluster: true })
      else clusters.set(key, { name: spec.destination.name ?? target, inCluster: false, ...argoClusterConfig(contexts.configFor(target), target) })
    }
    const { plan, objects } = planExport({ context, namespace, apps, projects: this.engine.store.read().projects, repositories, clusters, ...(contexts.active ? { activeContext: contexts.active } : {}) })
    if (apply) for (const obj of objects) await client.apply(obj, { force: true })
    return plan
  }

  /**
   * Takes Argo CD settings from an argocd-cm's YAML: Lua health checks (merged over the ones
   * stored), the tracking method, Kustomize build options; returns what was read and skipped.
   */
  async importArgoSettings(text: string, where: string): Promise<ArgoSettings> {
    const read = readArgoSettings(argoCmData(text, where), where)
    await this.takeArgoSettings(read)
    return read
  }

  /** Takes Argo CD settings from the argocd-cm of a running Argo CD (context, namespace). */
  async importArgoSettingsFrom(context: string, namespace = 'argocd'): Promise<ArgoSettings> {
    await this.requireContext(context)
    const cm = (await this.engine.client(context).get({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace } })) as (K8sObject & { data?: Record<string, string> }) | null
    const where = `ConfigMap argocd-cm in ${namespace} (${context})`
    if (!cm) throw new UserError('NotFound', `no ${where}: is Argo CD installed there (--namespace?)`, `${context}/${namespace}`)
    const read = readArgoSettings(cm.data ?? {}, where)
    await this.takeArgoSettings(read)
    return read
  }

  /** One stored customization as argocd-cm YAML, to edit and import again. */
  customizationYaml(type: CustomizationType, kind: string): string {
    return argoCmSnippet(this.settings(), type, kind)
  }

  /** Removes one customization (health, ignoreDifferences or actions of a kind); apps are compared again. */
  async removeCustomization(type: CustomizationType, kind: string): Promise<Settings> {
    this.customizationYaml(type, kind) // NotFound when there is none
    this.engine.store.update((d) => void (d.settings = withoutCustomization(d.settings, type, kind)))
    await this.engine.applyHealthCustomizations()
    for (const app of this.apps()) this.later(this.loop?.refresh(app.metadata.name))
    return this.settings()
  }

  /** Stores what an argocd-cm gave and compares every app again under it. */
  private async takeArgoSettings(read: ArgoSettings): Promise<void> {
    this.engine.store.update((d) => void (d.settings = withArgoSettings(d.settings, read)))
    await this.engine.applyHealthCustomizations()
    for (const app of this.apps()) this.later(this.loop?.refresh(app.metadata.name))
  }

  // Repositories

  listRepos(): RepoInfo[] {
    return this.stored.listRepos()
  }

  /** Secret fields are write-only: absent keeps the keychain's, null deletes, a string sets. */
  async saveRepo(form: z.output<typeof RepoForm> & { name?: string }): Promise<RepoInfo> {
    const { password, sshPrivateKey, ...entry } = form
    return repoInfo(await this.engine.credentials.save(entry, { ...(password !== undefined ? { password } : {}), ...(sshPrivateKey !== undefined ? { sshPrivateKey } : {}) }))
  }

  async importRepoSecrets(text: string, where: string): Promise<RepoInfo[]> {
    return (await this.engine.credentials.importArgoSecrets(text, where)).map(repoInfo)
  }

  removeRepo(url: string): Promise<boolean> {
    return this.engine.credentials.remove(url)
  }

  /** A Helm chart repository's charts and versions, newest first (its index, at most 5 minutes old). */
  async helmCharts(url: string): Promise<{ name: string; versions: string[] }[]> {
    const { entries } = await this.engine.helmRepos.index(url, { maxAgeMs: 300_000 })
    return Object.entries(entries).map(([name, versions]) => ({ name, versions: sortVersions(versions.map((v) => v.version)) })).sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Tries to reach a repository with its credentials. */
  testRepo(url: string): Promise<{ ok: boolean; message: string; commit?: string }> {
    const isHelm = this.stored.listRepos().some((r) => r.url === url && r.type === 'helm')
    return testRepository(this.engine.repos, url, isHelm ? this.engine.helmRepos : undefined)
  }

  // Settings

  settings(): Settings {
    return this.stored.settings()
  }

  updateSettings(patch: z.output<typeof SettingsPatch>): Settings {
    return this.stored.updateSettings(patch)
  }

  /** A clean shutdown: running operations are terminated, the loop and the watches stop. */
  async close(): Promise<void> {
    clearTimeout(this.appsetTimer)
    this.stopFollowing()
    this.resources.close()
    for (const app of this.engine.operations.runningApps()) this.engine.operations.terminate(app)
    await this.loop?.stop()
    await this.engine.close()
  }

  private summary(app: Application): AppSummary {
    return summaryOf(app, this.loop?.status(app.metadata.name), this.engine.operations.runningApps().includes(app.metadata.name))
  }

  /** One app synced unless it is Synced and Healthy already, then waited on (RollingSync's unit; 10 minutes at most). */
  private async syncUntilHealthy(name: string, confirmProtected: boolean): Promise<{ ok: boolean; message: string }> {
    const now = await this.refresh(name)
    if (now?.sync === 'Synced' && now.health === 'Healthy') return { ok: true, message: 'already Synced and Healthy' }
    try {
      await this.sync(name, confirmProtected && now?.context ? { consent: { context: now.context } } : {})
    } catch (error) {
      return { ok: false, message: errorMessage(error) }
    }
    const operation = await this.waitForOperation(name)
    if (operation?.phase !== 'Succeeded') return { ok: false, message: `sync ${operation?.phase ?? 'ended'}: ${operation?.message ?? ''}` }
    const deadline = Date.now() + 600_000
    for (;;) {
      const status = await this.refresh(name)
      if (status?.sync === 'Synced' && status.health === 'Healthy') return { ok: true, message: 'Synced and Healthy' }
      if (status?.health === 'Degraded') return { ok: false, message: `Degraded: ${status.healthMessage ?? ''}` }
      if (Date.now() > deadline) return { ok: false, message: `not Synced and Healthy after 10 minutes (${status?.sync ?? '?'}, ${status?.health ?? '?'})` }
      await new Promise((r) => setTimeout(r, 1000))
    }
  }

  /** ApplicationSets are generated again every reconcile interval, as Argo CD's controller requeues them. */
  private startAppSetLoop(): void {
    const tick = () => {
      this.appsetTimer = setTimeout(() => void this.appsets.applyAll().finally(tick), this.settings().reconcileIntervalSeconds * 1000)
      this.appsetTimer.unref()
    }
    this.later(this.appsets.applyAll())
    tick()
  }

  /**
   * Sets and removes labels of a cluster (`k=v` to set, `k-` to remove), which the clusters
   * generator selects by; every ApplicationSet is generated again at once (creates and updates; a
   * delete that would remove resources waits for `appset apply --yes`), and what each did is returned.
   */
  async labelCluster(name: string, set: Record<string, string>, remove: string[]): Promise<{ labels: Record<string, string>; appsets: Awaited<ReturnType<AppSetCommands['applyAll']>> }> {
    await this.requireContext(name)
    this.engine.store.update((d) => {
      const labels = { ...(d.settings.clusterLabels[name] ?? {}), ...set }
      for (const key of remove) delete labels[key]
      d.settings.clusterLabels = { ...d.settings.clusterLabels, [name]: labels }
    })
    return { labels: this.settings().clusterLabels[name] ?? {}, appsets: await this.appsets.applyAll() }
  }

  /** Compares changed apps soon (a removed one: forgets its status). */
  compareSoon(names: string[]): void {
    for (const name of names) this.later(this.loop?.refresh(name))
  }

  /** Work whose result nobody waits for (a compare after an edit); its failure shows in the app's status. */
  private later(work: Promise<unknown> | undefined): void {
    void work?.catch(() => undefined)
  }
}
