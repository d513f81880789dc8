import { isArgoAppId } from '../../../shared/argocd-model'
import type { DeskEvent, MenuAction } from '../../../shared/model'
import { Engine, type EngineOptions } from '../reconcile/engine'
import type { ControllerOptions, ReconcileController } from '../reconcile/controller'
import { attentionCount } from '../reconcile/attention'
import { AppCommands } from './app-commands'
import { AppDeletions, type DeletionOptions } from './app-deletions'
import { AppSetCommands } from './appset-commands'
import { AppSetController } from './appset-controller'
import { ArgoCDCommands } from './argocd-commands'
import { ArgoAppInsight } from './argocd-app-insight'
import { ArgoBackends } from './argocd-backends'
import { NotificationCommands } from './notification-commands'
import { ClusterCommands } from './cluster-commands'
import { CompareCommands, compareDepsOf } from './compare-commands'
import { LiveResourceCommands } from './live-resource-commands'
import { later, LoopHandle } from './loop-handle'
import { OperationCommands } from './operation-commands'
import { followOutsideChanges } from './outside-changes'
import { PluginCommands } from './plugin-commands'
import { PodAccessCommands } from './pod-access-commands'
import { RepoCommands } from './repo-commands'
import { ResourceCommands } from './resource-commands'
import { SettingsCommands } from './settings-commands'
import { StoreService } from './store-service'
import { windowTimeline } from './project-windows'
import { WorkingCopyCommands } from './working-copy-commands'

/** Where notifications go besides the event stream (the desktop's notifications, the CLI's output). */
export type { Notifier } from '../reconcile/notifier'

export interface DeskOptions extends EngineOptions {
  /** The reconcile loop's options; false for a one-shot command that needs no loop (the CLI). */
  controller?: ControllerOptions | false
  /** Start the loop now (default true when there is one). */
  start?: boolean
  /** How a cascading app deletion waits for its resources to go. */
  deletion?: DeletionOptions
}

/**
 * The composition root: the engine, the reconcile loop and the command groups, wired together
 * and started and stopped in order. The API handlers and the CLI only map their arguments onto
 * these commands; each rule lives in its group (the files beside this one), and the methods
 * below only pass calls on, under the names the handlers and the CLI have always used.
 */
export class DeskService {
  readonly engine: Engine
  /** The commands on stored data alone; the groups below add what the loop must follow. */
  readonly stored: StoreService
  readonly applications: AppCommands
  readonly deletions: AppDeletions
  readonly operations: OperationCommands
  /** One resource's panel: details, Kubernetes Events, logs (reads only). */
  readonly resources: ResourceCommands
  /** Shells in containers and port-forwards to pods and Services of an app. */
  readonly podAccess: PodAccessCommands
  /** Actions on and deletion of one live resource. */
  readonly liveResources: LiveResourceCommands
  /** Side by side: two apps, two revisions, live or rendered. */
  readonly comparisons: CompareCommands
  readonly clusters: ClusterCommands
  readonly argocd: ArgoCDCommands
  /** The Argo CD instances the kubeconfig reaches, and their apps (`argocd --core`). */
  readonly argoBackends: ArgoBackends
  /** An Argo CD app's tree and diff, and Manage locally. */
  readonly argoInsight: ArgoAppInsight
  /** Argo CD's notifications: the config (imported or the catalog), failed deliveries. */
  readonly notifications: NotificationCommands
  readonly repositories: RepoCommands
  readonly settingsCommands: SettingsCommands
  readonly appsets: AppSetCommands
  readonly plugins: PluginCommands
  /** Apps pointed at local checkouts: their live diff as the user edits, syncs from them. */
  readonly workingCopies: WorkingCopyCommands
  private readonly loop: LoopHandle
  private readonly appsetController: AppSetController
  /** Stops following the store's changes by other processes (only a running loop follows them). */
  private readonly stopFollowing: () => void

  constructor(options: DeskOptions) {
    const engine = (this.engine = new Engine(options))
    const stored = (this.stored = new StoreService(engine.store))
    const loop = (this.loop = new LoopHandle(engine, options.controller ?? {}))
    const start = loop.current !== null && (options.start ?? true)
    // Notifications first: they see every status the loop publishes from its first compare.
    if (start) engine.notifications.start()
    if (start) loop.current!.start()
    const compareSoon = (names: string[]) => loop.compareSoon(names)
    const app = (name: string) => stored.app(name)
    const workingCopies = (this.workingCopies = new WorkingCopyCommands({ engine, app, compareSoon }))
    // A removed app's working copy is no longer watched.
    const removeApp = (name: string) => (later(workingCopies.release(name)), stored.deleteApp(name))
    this.deletions = new AppDeletions({ engine, app, removeApp, compareSoon, destinationContext: (a) => this.applications.destinationContext(a) }, options.deletion ?? {})
    const applications = (this.applications = new AppCommands({ engine, stored, loop, deletions: this.deletions }))
    const refresh = (name: string) => applications.refresh(name)
    const operations = (this.operations = new OperationCommands({ operations: engine.operations, stored, refresh }))
    // The Argo CD backends are made below; these are only called later, on an argocd@… app.
    this.resources = new ResourceCommands({ engine, app, status: (name) => loop.statusOrCompare(name), argoResources: (id) => this.argoInsight.resources(id), argoTarget: (id) => this.argoInsight.target(id) })
    this.podAccess = new PodAccessCommands({ engine, resources: this.resources })
    this.liveResources = new LiveResourceCommands({ store: engine.store, settings: () => stored.settings(), refresh, live: (context, key) => engine.liveCache(context).get(key), client: (context) => engine.client(context), luaScripts: () => engine.luaScripts(), bundled: engine.bundledScripts, compareSoon, argoResource: (id, key) => this.resources.resolve(id, key) })
    this.comparisons = new CompareCommands(compareDepsOf(engine, app, (a) => applications.destinationContext(a)))
    this.plugins = new PluginCommands(engine, () => stored.apps())
    const appsets = (this.appsets = new AppSetCommands({ engine, stored, deleteApp: (name, intent) => this.deletions.delete(name, intent), compareSoon, syncUntilHealthy: (name, confirm) => operations.syncUntilHealthy(name, confirm) }))
    this.clusters = new ClusterCommands({ engine, stored, loop, applyAppSets: () => appsets.applyAll() })
    this.repositories = new RepoCommands(engine, stored)
    this.settingsCommands = new SettingsCommands({ engine, stored, loop })
    this.notifications = new NotificationCommands({ engine, requireContext: async (context) => void (await this.clusters.requireContext(context)) })
    this.argocd = new ArgoCDCommands({ engine, stored, loop, clusters: this.clusters, repos: this.repositories, settings: this.settingsCommands })
    this.argoBackends = new ArgoBackends({ engine })
    this.argoInsight = new ArgoAppInsight({ engine, backends: this.argoBackends, stored, loop })
    this.appsetController = new AppSetController({ applyAll: () => appsets.applyAll(), apply: (name) => appsets.apply(name), intervalMs: () => stored.settings().reconcileIntervalSeconds * 1000 })
    if (loop.current) loop.current.onAppSetsChanged = (names) => this.appsetController.changed(names)
    if (start) this.appsetController.start()
    this.stopFollowing = loop.current ? followOutsideChanges(engine, compareSoon) : () => undefined
    later(engine.applyHealthCustomizations())
  }

  /** A window closed or reloaded: the log streams and shells it opened stop (port-forwards stay, listed in Settings). */
  closeWindowStreams(): void {
    this.resources.close()
    this.podAccess.closeShells()
  }

  /** A clean shutdown: running operations are terminated, the loop, the ApplicationSet controller and the watches stop. */
  async close(): Promise<void> {
    this.stopFollowing()
    this.argoBackends.close()
    await this.workingCopies.close()
    this.resources.close()
    await this.podAccess.close()
    this.operations.close()
    await this.appsetController.stop()
    await this.loop.stop()
    await this.engine.close()
  }

  /** The reconcile loop (created on first use when the service was opened without one). */
  controller(options: ControllerOptions = {}): ReconcileController {
    return this.loop.controller(options)
  }

  /**
   * Starts what a service opened with `start: false` would have started (the web harness serves
   * its page first): the notifications, then the loop, as the constructor orders them.
   */
  start(): void {
    this.engine.notifications.start()
    this.loop.controller().start()
  }

  subscribe(listener: (events: DeskEvent[]) => void): () => void {
    return this.engine.events.subscribe(listener)
  }

  /** The desktop shell's menu and notification clicks reach the renderer as events. */
  menu(action: MenuAction, app?: string): void {
    this.engine.emit({ type: 'menu', action, ...(app ? { app } : {}) })
  }

  /** How many apps need a look now: out of sync or degraded (the tray's number). */
  attentionCount(): number {
    return attentionCount(this.loop.statuses())
  }

  /** Compares changed apps soon (a removed one: forgets its status). */
  compareSoon(names: string[]): void {
    this.loop.compareSoon(names)
  }

  readonly warnings = () => this.stored.warnings()

  // Applications and projects (app-commands.ts, app-deletions.ts)
  readonly apps: AppCommands['apps'] = () => this.applications.apps()
  readonly app: AppCommands['app'] = (name) => this.applications.app(name)
  readonly listApps: AppCommands['list'] = () => this.applications.list()
  readonly getApp: AppCommands['get'] = (name) => this.applications.get(name)
  readonly saveYaml: AppCommands['saveYaml'] = (text, where) => this.applications.saveYaml(text, where)
  readonly saveForm: AppCommands['saveForm'] = (form) => this.applications.saveForm(form)
  readonly setSyncPolicy: AppCommands['setSyncPolicy'] = (name, policy, consent) => this.applications.setSyncPolicy(name, policy, consent)
  readonly deleteApp: AppDeletions['delete'] = (name, intent) => this.deletions.delete(name, intent)
  readonly retryDeletion: AppDeletions['retry'] = (name) => this.deletions.retry(name)
  readonly cancelDeletion: AppDeletions['cancel'] = (name) => this.deletions.cancel(name)
  readonly listProjects: AppCommands['listProjects'] = () => this.applications.listProjects()
  readonly deleteProject: AppCommands['deleteProject'] = (name) => this.applications.deleteProject(name)
  readonly appSyncWindows: AppCommands['syncWindows'] = (name, now) => this.applications.syncWindows(name, now)
  readonly getProject: StoreService['projectYaml'] = (name) => this.stored.projectYaml(name)
  readonly projectWindows = (name: string, hours = 24, now = new Date()) => windowTimeline(this.stored.project(name), now, hours)
  readonly render: AppCommands['render'] = (app, hard) => this.applications.render(app, hard)
  readonly diffDefinition: AppCommands['diffDefinition'] = (app, options) => this.applications.diffDefinition(app, options)
  readonly refresh: AppCommands['refresh'] = (name, hard) => this.applications.refresh(name, hard)
  readonly diff: AppCommands['diff'] = (name, mode) => this.applications.diff(name, mode)
  readonly compareApps: CompareCommands['compare'] = (left, right) => this.comparisons.compare(left, right)
  readonly diffResource: AppCommands['diffResource'] = (name, key) => (isArgoAppId(name) ? this.argoInsight.diffResource(name, key) : this.applications.diffResource(name, key))
  readonly waitFor: AppCommands['waitFor'] = (name, want, onStatus) => this.applications.waitFor(name, want, onStatus)
  readonly resourceTree: AppCommands['resourceTree'] = (name) => this.applications.resourceTree(name)
  readonly destinationContext: AppCommands['destinationContext'] = (app) => this.applications.destinationContext(app)

  // One live resource (live-resource-commands.ts)
  readonly resourceActions: LiveResourceCommands['actions'] = (name, key) => this.liveResources.actions(name, key)
  readonly runResourceAction: LiveResourceCommands['runAction'] = (name, key, action, options) => this.liveResources.runAction(name, key, action, options)
  readonly editResource: LiveResourceCommands['edit'] = (name, key, yaml, options) => this.liveResources.edit(name, key, yaml, options)
  readonly deleteResource: LiveResourceCommands['delete'] = (name, key, options) => this.liveResources.delete(name, key, options)

  // Syncs and rollbacks (operation-commands.ts)
  readonly sync: OperationCommands['sync'] = (name, intent, initiator) => this.operations.sync(name, intent, initiator)
  readonly syncDefinition: OperationCommands['syncDefinition'] = (app, intent, options) => this.operations.syncDefinition(app, intent, options)
  readonly rollback: OperationCommands['rollback'] = (name, id, consent, initiator) => this.operations.rollback(name, id, consent, initiator)
  readonly rollbackDefinition: OperationCommands['rollbackDefinition'] = (app, id, consent) => this.operations.rollbackDefinition(app, id, consent)
  readonly operation: OperationCommands['operation'] = (name) => this.operations.operation(name)
  readonly waitForOperation: OperationCommands['waitForOperation'] = (name) => this.operations.waitForOperation(name)
  readonly terminate: OperationCommands['terminate'] = (name) => this.operations.terminate(name)
  readonly history: OperationCommands['history'] = (name) => this.operations.history(name)

  // Clusters (cluster-commands.ts)
  readonly listClusters: ClusterCommands['list'] = () => this.clusters.list()
  readonly useCluster: ClusterCommands['use'] = (name) => this.clusters.use(name)
  readonly protectCluster: ClusterCommands['protect'] = (name, on) => this.clusters.protect(name, on)
  readonly importCluster: ClusterCommands['import'] = (request, where) => this.clusters.import(request, where)
  readonly removeCluster: ClusterCommands['remove'] = (name) => this.clusters.remove(name)
  readonly labelCluster: ClusterCommands['label'] = (name, set, remove) => this.clusters.label(name, set, remove)
  readonly watchKubeconfig: ClusterCommands['watchKubeconfig'] = () => this.clusters.watchKubeconfig()

  // Argo CD (argocd-commands.ts)
  readonly importArgoCD: ArgoCDCommands['import'] = (context, namespace, apply) => this.argocd.import(context, namespace, apply)
  readonly exportArgoCD: ArgoCDCommands['export'] = (context, namespace, names, apply, consent) => this.argocd.export(context, namespace, names, apply, consent)
  readonly importArgoSettings: ArgoCDCommands['importSettings'] = (text, where) => this.argocd.importSettings(text, where)
  readonly importArgoSettingsFrom: ArgoCDCommands['importSettingsFrom'] = (context, namespace) => this.argocd.importSettingsFrom(context, namespace)
  readonly describeArgoSettings: ArgoCDCommands['describeSettings'] = (read) => this.argocd.describeSettings(read)

  // Repositories (repo-commands.ts)
  readonly listRepos: RepoCommands['list'] = () => this.repositories.list()
  readonly saveRepo: RepoCommands['save'] = (form) => this.repositories.save(form)
  readonly importRepoSecrets: RepoCommands['importSecrets'] = (text, where) => this.repositories.importSecrets(text, where)
  readonly removeRepo: RepoCommands['remove'] = (url) => this.repositories.remove(url)
  readonly helmCharts: RepoCommands['helmCharts'] = (url) => this.repositories.helmCharts(url)
  readonly testRepo: RepoCommands['test'] = (url) => this.repositories.test(url)

  // Settings (settings-commands.ts)
  readonly settings: SettingsCommands['get'] = () => this.settingsCommands.get()
  readonly updateSettings: SettingsCommands['update'] = (patch) => this.settingsCommands.update(patch)
  readonly bundledCustomizations: SettingsCommands['bundled'] = () => this.settingsCommands.bundled()
  readonly customizationYaml: SettingsCommands['customizationYaml'] = (type, kind) => this.settingsCommands.customizationYaml(type, kind)
  readonly removeCustomization: SettingsCommands['removeCustomization'] = (type, kind) => this.settingsCommands.removeCustomization(type, kind)
}
