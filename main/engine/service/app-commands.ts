import type { z } from 'zod'
import type { AppForm } from '../../../shared/api'
import type { AppDiff, AppEvent, AppSyncWindows, AppStatus, AppSummary, DeletionState, HistoryEntry, Operation, ProjectInfo, ResourceDiff, TreeNode } from '../../../shared/model'
import { applicationFromForm } from '../apps/form'
import type { Application } from '../model/app-schema'
import { UserError } from '../base/errors'
import type { CompareMode } from '../diff/compare'
import { maskSecretObjects } from '../diff/mask'
import type { Engine } from '../reconcile/engine'
import { eventsOf } from '../sync/history'
import type { AppDeletions } from './app-deletions'
import { checkAppSource } from './app-form-check'
import type { LoopHandle } from './loop-handle'
import type { StoreService } from './store-service'
import { appYaml, summaryOf } from './summaries'
import { appWindowState } from './project-windows'
import { waitForApp, type WaitFor } from './wait'

export interface AppDeps {
  engine: Engine
  stored: StoreService
  loop: LoopHandle
  deletions: AppDeletions
}

/**
 * Applications and projects as commands: listed with their status, saved from YAML or the New
 * app form (all or nothing; the loop compares what changed), compared, diffed, waited on. The
 * cluster is only read here; deletions go through AppDeletions.
 */
export class AppCommands {
  constructor(private readonly deps: AppDeps) {}

  apps(): Application[] {
    return this.deps.stored.apps()
  }

  app(name: string): Application {
    return this.deps.stored.app(name)
  }

  list(): AppSummary[] {
    return this.apps().map((a) => this.summary(a))
  }

  get(name: string): { yaml: string; summary: AppSummary; status: AppStatus | null; history: HistoryEntry[]; events: AppEvent[]; operation: Operation | null; deletion: DeletionState | null } {
    const app = this.app(name)
    const { engine, loop, deletions } = this.deps
    return { yaml: appYaml(app), summary: this.summary(app), status: loop.status(name), history: engine.history(name), events: eventsOf(engine.store, name), operation: engine.operations.current(name), deletion: deletions.state(name) }
  }

  /** Creates or replaces the Applications and AppProjects of a YAML text (all or nothing). */
  saveYaml(text: string, where: string): { apps: string[]; projects: string[] } {
    const saved = this.deps.stored.saveYaml([{ text, where }])
    // A project's rules (orphaned resources, permitted kinds) change its apps' status: compare them too.
    const ofProjects = this.apps().filter((a) => saved.projects.includes(a.spec.project)).map((a) => a.metadata.name)
    this.deps.loop.compareSoon([...new Set([...saved.apps, ...ofProjects])])
    return saved
  }

  /** The New app form: stored once its repository answers and its path exists, as Argo CD checks. */
  async saveForm(form: z.output<typeof AppForm>): Promise<{ apps: string[] }> {
    const app = applicationFromForm(form)
    await checkAppSource(this.deps.engine, app)
    this.deps.stored.saveObjects([app], [])
    this.deps.loop.compareSoon([app.metadata.name])
    return { apps: [app.metadata.name] }
  }

  listProjects(): ProjectInfo[] {
    return this.deps.stored.listProjects()
  }

  deleteProject(name: string): boolean {
    const deleted = this.deps.stored.deleteProject(name)
    if (deleted) this.deps.loop.compareSoon(this.apps().filter((a) => a.spec.project === name).map((a) => a.metadata.name))
    return deleted
  }

  /** The target objects of an Application (stored or from a file), Secret values masked; hard skips the render cache. */
  async render(app: Application, hard = false): ReturnType<Engine['render']> {
    const rendered = await this.deps.engine.render(app, { hard })
    return { ...rendered, objects: maskSecretObjects(rendered.objects) }
  }

  /** A one-shot compare of an Application (stored or from a file), reading each object once. */
  diffDefinition(app: Application, options: { mode: CompareMode; context?: string }): ReturnType<Engine['diff']> {
    return this.deps.engine.diff(app, options)
  }

  async refresh(name: string, hard = false): Promise<AppStatus | null> {
    this.app(name)
    return this.deps.loop.refresh(name, hard)
  }

  async diff(name: string, mode?: CompareMode): Promise<AppDiff> {
    const result = await this.deps.engine.diff(this.app(name), { watch: true, ...(mode ? { mode } : {}) })
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
    return waitForApp(this.deps.loop.controller({ autoSync: false }), name, want, onStatus)
  }

  async resourceTree(name: string): Promise<TreeNode[]> {
    const app = this.app(name)
    const status = await this.deps.loop.statusOrCompare(name)
    const context = status?.context || (await this.destinationContext(app))
    return this.deps.engine.resourceTree(context, (status?.resources ?? []).map((r) => ({ key: r.key, status: r.status })))
  }

  /** Whether the app's project's windows block a sync now (a missing project blocks nothing here: the sync says so). */
  async syncWindows(name: string, now = new Date()): Promise<AppSyncWindows> {
    const app = this.app(name)
    const project = this.deps.stored.projectOrDefault(app.spec.project)
    if (!project) return { project: app.spec.project, matching: 0, manual: null, automated: null }
    const context = await this.destinationContext(app)
    const server = await this.deps.engine.serverOf(context).catch(() => '')
    return appWindowState(project, { app: name, namespace: app.spec.destination.namespace ?? '', server, cluster: context }, now)
  }

  /** The context an Application's destination resolves to now (the active one for in-cluster). */
  async destinationContext(app: Application): Promise<string> {
    return (await this.deps.engine.loadContexts()).resolve(app.spec.destination)
  }

  private summary(app: Application): AppSummary {
    return summaryOf(app, this.deps.loop.status(app.metadata.name) ?? undefined, this.deps.engine.operations.runningApps().includes(app.metadata.name))
  }
}
