import YAML from 'yaml'
import type { ArgoAppDiff, ArgoTakeOverPlan, ResourceDiff, TreeNode } from '../../../shared/model'
import type { ResourceSyncStatus } from '../../../shared/statuses'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { inClusterServer } from '../argocd/export-plan'
import { planImport, type ImportContent } from '../argocd/import-plan'
import { argoApiVersion } from '../argocd/installation'
import type { ArgoApp } from '../../../shared/argocd-model'
import type { Engine } from '../reconcile/engine'
import type { ArgoBackends } from './argocd-backends'
import type { LoopHandle } from './loop-handle'
import type { StoreService } from './store-service'

export interface ArgoInsightDeps {
  engine: Engine
  backends: ArgoBackends
  stored: StoreService
  loop: LoopHandle
}

/**
 * Looking inside an Argo CD app with the desk's own tools: its tree (Argo CD's status.resources
 * joined with the live cache of its destination), its diff rendered here from the same source,
 * and "Manage locally" (a copy of it among the local apps, Argo CD's left untouched).
 */
export class ArgoAppInsight {
  constructor(private readonly deps: ArgoInsightDeps) {}

  /** The context an Argo CD app deploys to: the one Argo CD runs in for in-cluster, else the kubeconfig's match. */
  destinationContext(app: Pick<ArgoApp, 'context' | 'destination'>): string | null {
    const { server, name } = app.destination
    if (server === inClusterServer || name === 'in-cluster') return app.context
    try {
      return this.deps.engine.contexts.resolve({ ...(server ? { server } : {}), ...(name ? { name } : {}) })
    } catch {
      return null // a cluster this kubeconfig does not know: the tree has Argo CD's resources only
    }
  }

  /** Argo CD's resources (hooks aside) and what they own, from the live cache; each resource's health is Argo CD's. */
  async tree(id: string): Promise<TreeNode[]> {
    return (await this.treeAndContext(id)).tree
  }

  /**
   * Where the resource panel reads an Argo CD app's resources: its destination's context and its
   * tree there. A destination this kubeconfig does not know has nothing to look into: said so.
   */
  async resources(id: string): Promise<{ context: string; tree: TreeNode[] }> {
    const { context, tree } = await this.treeAndContext(id)
    if (!context) throw new UserError('NotFound', `${id} deploys to a cluster this kubeconfig does not reach: its resources cannot be read here`, id)
    return { context, tree }
  }

  private async treeAndContext(id: string): Promise<{ context: string | null; tree: TreeNode[] }> {
    const app = await this.deps.backends.app(id)
    const resources = app.resources.filter((r) => !r.hook)
    const status = (r: { status: string }) => (r.status ? { status: r.status as ResourceSyncStatus } : {})
    const own = (r: ArgoApp['resources'][number]): TreeNode => ({ key: r.key, kind: r.kind, name: r.name, namespace: r.namespace, ...status(r), health: (r.health as TreeNode['health']) ?? null, ...(r.healthMessage ? { healthMessage: r.healthMessage } : {}) })
    const context = this.destinationContext(app)
    if (!context) return { context, tree: resources.map(own) }
    const kinds = [...new Map(resources.map((r) => [`${r.group}/${r.kind}`, { apiVersion: r.group ? `${r.group}/${r.version}` : r.version || 'v1', kind: r.kind }])).values()]
    try {
      await this.deps.engine.liveCache(context).ensureWatching(kinds)
      const nodes = await this.deps.engine.resourceTree(context, resources.map((r) => ({ key: r.key, ...status(r) })))
      const argo = new Map(resources.map((r) => [r.key, r]))
      const tree = nodes.map((n) => {
        const r = argo.get(n.key)
        return r && !n.parent ? { ...n, health: (r.health as TreeNode['health']) ?? null, ...(r.healthMessage ? { healthMessage: r.healthMessage } : {}) } : n
      })
      return { context, tree }
    } catch {
      return { context, tree: resources.map(own) }
    }
  }

  /** The app's target rendered here from the same source (the panel's desired manifests), or null when it cannot be rendered here. */
  async target(id: string): Promise<K8sObject[] | null> {
    const app = (await this.content(id)).applications[0]!
    return this.deps.engine.render(app).then((rendered) => rendered.objects, () => null)
  }

  /** One resource's diff from the app's diff rendered here; the reason when the target is unavailable locally. */
  async diffResource(id: string, key: string): Promise<ResourceDiff> {
    const diff = await this.diff(id)
    if (!diff.available) throw new UserError('Unavailable', diff.reason, id)
    const found = diff.diff.resources.find((r) => r.key === key)
    if (!found) throw new UserError('NotFound', `${id} has no resource ${key}`, key)
    return found
  }

  /** What the app becomes among the local apps, as `import argocd` would bring it (its project too, if not here). */
  private async content(id: string): Promise<ImportContent> {
    const { obj, context, namespace } = await this.deps.backends.object(id)
    const projectName = ((obj as { spec?: { project?: string } }).spec?.project ?? 'default') || 'default'
    const storedProjects = this.deps.stored.listProjects().map((p) => p.name)
    let projects: K8sObject[] = []
    if (projectName !== 'default' && !storedProjects.includes(projectName)) {
      const project = await this.deps.engine.client(context).get({ apiVersion: argoApiVersion, kind: 'AppProject', metadata: { name: projectName, namespace } })
      projects = project ? [project] : []
    }
    return planImport({ context, namespace, applications: [obj], projects, applicationSets: [], secrets: [], config: {} }, { apps: this.deps.stored.apps().map((a) => a.metadata.name), projects: storedProjects })
  }

  /** The diff as Argo CD would compute it, rendered here; "target unavailable locally" when the source cannot be rendered here. */
  async diff(id: string): Promise<ArgoAppDiff> {
    const content = await this.content(id)
    const app = content.applications[0]!
    try {
      const result = await this.deps.engine.diff(app, {})
      return { available: true, diff: { status: result.status, context: result.context, revision: result.revision, resources: result.resources } }
    } catch (error) {
      return { available: false, reason: `target unavailable locally: ${error instanceof Error ? error.message : String(error)}` }
    }
  }

  /** "Manage locally": the preview, and with `apply` the copy stored as a local app (Argo CD's app is not touched). */
  async manageLocally(id: string, apply = false): Promise<ArgoTakeOverPlan> {
    const content = await this.content(id)
    const planned = content.plan.apps[0]!
    const app = content.applications[0]!
    const notes = ['Argo CD keeps managing its own app: two tools syncing the same resources undo each other. Turn off its auto-sync, or delete it there without a cascade, to hand it over.']
    if (content.plan.projects.length) notes.push(`project ${content.plan.projects.map((p) => p.name).join(', ')} is copied too`)
    else if (app.spec.project !== 'default' && !this.deps.stored.listProjects().some((p) => p.name === app.spec.project)) throw new UserError('NotFound', `project ${app.spec.project} is neither here nor readable in Argo CD`, id)
    const plan: ArgoTakeOverPlan = { id, app: planned.name, project: planned.project, destination: planned.destination, replaces: planned.replaces, projectCopied: content.plan.projects.length > 0, yaml: YAML.stringify(app), notes }
    if (!apply) return plan
    this.deps.stored.saveObjects(content.applications, content.projects)
    this.deps.loop.compareSoon([planned.name])
    this.deps.engine.emit({ type: 'apps-changed' })
    return plan
  }
}
