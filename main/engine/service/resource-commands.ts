import { isArgoAppId } from '../../../shared/argocd-model'
import { parseResourceKey } from '../../../shared/resource-key'
import type { AppStatus, KubeEvent, LogRequest, PodContainers, ResourceDetails, TreeNode } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import type { Engine } from '../reconcile/engine'
import { UserError } from '../base/errors'
import { resourceKey, type K8sObject } from '../base/objects'
import { descendants, eventsAbout, isPod, logKinds, podContainers, resourceDetails } from '../resources/details'
import { LogStreams } from '../resources/log-streams'
import { rolloutView } from '../resources/rollout-view'

export interface ResourceDeps {
  engine: Engine
  app(name: string): Application
  /** The app's last status (compared now when there is none). */
  status(name: string): Promise<AppStatus | null>
  /** An Argo CD app's resources (argocd@…): the context they are in and its tree there. */
  argoResources(id: string): Promise<{ context: string; tree: TreeNode[] }>
  /** An Argo CD app's target rendered here, or null when it cannot be. */
  argoTarget(id: string): Promise<K8sObject[] | null>
}

const analysisRunKind = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun' }
const isRollout = (obj: K8sObject) => obj.kind === 'Rollout' && obj.apiVersion.startsWith('argoproj.io/')

/** Most open log streams at once: an old window that never stopped its streams cannot pile them up. */
const maxStreams = 50

/** Argo CD apps' resources followed for open panels: more than a window shows, bounded. */
const maxFollowedArgoResources = 64

/**
 * What the resource panel reads: one resource of an app (or something it owns) with its live and
 * desired manifests, its Kubernetes Events and its pods' logs. Reads only: nothing here changes a
 * cluster. Keys outside the app's tree are refused, so the panel cannot read the rest of a cluster.
 */
export class ResourceCommands {
  readonly logs: LogStreams
  private readonly eventWatches = new Set<string>()
  private readonly listening = new Set<string>()
  /** Argo CD apps' resources a panel read, by context and key (the last ones read; see followArgoResource). */
  private readonly argoFollowed = new Map<string, Set<string>>()
  private readonly argoListening = new Set<string>()

  constructor(private readonly deps: ResourceDeps) {
    this.logs = new LogStreams((event) => deps.engine.emit(event))
  }

  async details(name: string, key: string): Promise<ResourceDetails> {
    const { node, context, live, managed } = await this.resolve(name, key)
    if (isArgoAppId(name)) this.followArgoResource(name, context, key)
    const cache = this.deps.engine.liveCache(context)
    const targets = !managed ? null : isArgoAppId(name) ? await this.deps.argoTarget(name) : (await this.deps.engine.render(this.deps.app(name))).objects
    const target = targets?.find((o) => resourceKey(o) === key) ?? null
    const healthSource = this.deps.engine.health.sourceOf(parseResourceKey(key).group, node.kind)
    const details = resourceDetails({ node, context, managed, live, target, pods: live ? this.podsOf(live, (uid) => cache.ownedBy(uid)) : [], healthSource })
    if (live && isRollout(live)) {
      // A Rollout's AnalysisRuns are watched in its namespace from the first look (the tree then shows them too, as Argo CD's does).
      // Credentials that may not list them still see the rest, with the reason in place of the runs.
      const unlisted = await cache.ensureWatching([analysisRunKind], live.metadata.namespace).then(() => null, (e: unknown) => (e instanceof Error ? e.message : String(e)))
      const owned = cache.ownedBy(String(live.metadata.uid ?? ''))
      details.rollout = rolloutView(live, owned.filter((o) => o.kind === 'ReplicaSet' && o.apiVersion === 'apps/v1'), owned.filter((o) => o.kind === analysisRunKind.kind && o.apiVersion === analysisRunKind.apiVersion))
      if (unlisted) details.rollout.analysisRunsError = `AnalysisRuns could not be listed: ${unlisted}`
    }
    return details
  }

  /** The Events of the resource and of everything it owns; the namespace's Events are watched from now on. */
  async events(name: string, key: string): Promise<KubeEvent[]> {
    const { context, live } = await this.resolve(name, key)
    if (!live) return []
    const namespace = live.metadata.namespace ?? 'default'
    const cache = this.deps.engine.liveCache(context)
    const kind = { apiVersion: 'v1', kind: 'Event' }
    await cache.ensureWatching([kind], namespace)
    this.announceEvents(context, namespace)
    const uids = new Set([live, ...descendants(live, (uid) => cache.ownedBy(uid))].map((o) => String(o.metadata.uid ?? '')).filter(Boolean))
    return eventsAbout(cache.inNamespace(namespace, kind), uids)
  }

  async streamLogs(name: string, key: string, request: LogRequest = {}): Promise<{ stream: string; pods: PodContainers[] }> {
    const { context, live } = await this.resolve(name, key)
    if (!live) throw new UserError('NotFound', `${key} is Missing: it has no logs`, key)
    if (!logKinds.has(live.kind)) throw new UserError('Invalid', `a ${live.kind} has no logs (pods and what runs them have)`, key)
    const cache = this.deps.engine.liveCache(context)
    const pods = this.podsOf(live, (uid) => cache.ownedBy(uid)).map(podContainers)
    if (pods.length === 0) throw new UserError('NotFound', `${key} has no pods now`, key)
    const targets = pods.flatMap((p) => (request.container ? (p.containers.includes(request.container) || p.initContainers.includes(request.container) ? [request.container] : []) : p.containers).map((container) => ({ namespace: live.metadata.namespace ?? 'default', pod: p.pod, container })))
    if (targets.length === 0) throw new UserError('NotFound', `no pod of ${key} has a container "${request.container}"`, key)
    if (this.logs.size >= maxStreams) throw new UserError('Conflict', `${maxStreams} log streams are open: stop one first`, key)
    const stream = await this.logs.start(targets, { follow: request.follow ?? true, previous: request.previous ?? false, tailLines: request.tailLines ?? 500 }, this.deps.engine.openLog(context))
    return { stream, pods }
  }

  stopLogs(stream: string): boolean {
    return this.logs.stop(stream)
  }

  close(): void {
    this.logs.stopAll()
  }

  /**
   * A key of the app's tree: its own resources and what they own (anything else is refused). An
   * Argo CD app's tree is Argo CD's status.resources joined with the live cache of its destination.
   */
  async resolve(name: string, key: string): Promise<{ node: TreeNode; context: string; live: K8sObject | null; managed: boolean }> {
    const { context, tree } = isArgoAppId(name) ? await this.deps.argoResources(name) : await this.localTree(name)
    const node = tree.find((n) => n.key === key)
    if (!node) throw new UserError('NotFound', `${name} has no resource ${key} (neither its own nor owned by one of them)`, key)
    return { node, context, live: this.deps.engine.liveCache(context).get(key) ?? null, managed: !node.parent }
  }

  private async localTree(name: string): Promise<{ context: string; tree: TreeNode[] }> {
    const app = this.deps.app(name)
    const status = await this.deps.status(name)
    const context = status?.context || (await this.deps.engine.loadContexts()).resolve(app.spec.destination)
    return { context, tree: await this.deps.engine.resourceTree(context, (status?.resources ?? []).map((r) => ({ key: r.key, status: r.status }))) }
  }

  private podsOf(live: K8sObject, ownedBy: (uid: string) => K8sObject[]): K8sObject[] {
    if (isPod(live)) return [live]
    if (!logKinds.has(live.kind)) return []
    return descendants(live, ownedBy).filter(isPod).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
  }

  /**
   * A local app's resources are announced as they change by the watch routing (the app renders
   * them); an Argo CD app's are not (Argo CD's controller tracks them), so an open panel would show
   * what it read first. A resource of one that a panel reads is announced too, as `resource-changed`
   * for that app, from now on. Only the last resources read are followed: a panel closed long ago
   * cannot keep a set growing.
   */
  private followArgoResource(id: string, context: string, key: string): void {
    const where = `${context}\u0000${key}`
    const apps = this.argoFollowed.get(where) ?? new Set<string>()
    this.argoFollowed.delete(where) // read again: the newest
    this.argoFollowed.set(where, apps.add(id))
    if (this.argoFollowed.size > maxFollowedArgoResources) this.argoFollowed.delete(this.argoFollowed.keys().next().value!)
    if (this.argoListening.has(context)) return
    this.argoListening.add(context)
    this.deps.engine.liveCache(context).onChange((obj) => {
      const key = resourceKey(obj)
      for (const app of this.argoFollowed.get(`${context}\u0000${key}`) ?? []) this.deps.engine.emit({ type: 'resource-changed', app, key })
    })
  }

  /** Events changing in a namespace someone reads are announced (coalesced per namespace by the bus). */
  private announceEvents(context: string, namespace: string): void {
    this.eventWatches.add(`${context}\u0000${namespace}`)
    if (this.listening.has(context)) return
    this.listening.add(context)
    this.deps.engine.liveCache(context).onChange((obj) => {
      if (obj.kind !== 'Event' || obj.apiVersion !== 'v1') return
      const ns = obj.metadata.namespace ?? ''
      if (this.eventWatches.has(`${context}\u0000${ns}`)) this.deps.engine.emit({ type: 'kube-events', context, namespace: ns })
    })
  }
}
