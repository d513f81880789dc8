import { Watch as KubeWatch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node'
import { BackgroundWork } from '../base/background-work'
import type { ClusterClient } from '../clusters/cluster-client'
import { groupOf, resourceKey, type K8sObject } from '../base/objects'
import { owningApp } from './owning-app'
import { trackingAnnotation, type TrackingMethod } from '../base/tracking'

export { owningApp }

export interface KindRef {
  apiVersion: string
  kind: string
  /**
   * Keep only metadata (name, labels, owner references): for kinds with many objects that we
   * need only for ownership, such as Pods and ReplicaSets under a Deployment.
   */
  metadataOnly?: boolean
}

interface Watch {
  ready: Promise<void>
  stopped: boolean
  abort?: AbortController
  timer?: NodeJS.Timeout
  /** Retries now what waits on the backoff timer (the cluster answers again). */
  retryNow?: () => Promise<void>
}

/**
 * The live state of one cluster: each kind our apps use is listed once, then watched from that
 * list's resourceVersion. A watch that ends is resumed from the last version seen; one that fails
 * is retried with backoff (1 s doubling to 30 s); 410 Gone lists again. Objects are indexed by
 * resource key and by the app that tracks them, so a steady-state compare asks the API server
 * nothing. Only this cache holds the objects (no second informer cache), and kinds marked
 * metadataOnly keep metadata alone.
 *
 * Lifecycle: open from construction until stop(), then closed for good. Every discovery, list,
 * watch start and relist runs as tracked background work that stop() waits for; after stop
 * nothing starts (ensureWatching and retryNow do nothing), so no request or timer outlives it.
 */
export class LiveCache {
  private readonly watches = new Map<string, Watch>()
  private readonly objects = new Map<string, K8sObject>()
  private readonly byApp = new Map<string, Set<string>>()
  private readonly byOwner = new Map<string, Set<string>>()
  /** How many list requests this cache has made (each watch start and restart lists once). */
  listCalls = 0
  /** How many watch requests it has opened. */
  watchCalls = 0
  /**
   * How many times objects came in without a change event (a kind's first list): what was found
   * by following events since an earlier count may miss them.
   */
  quietFills = 0
  private readonly listeners = new Set<(obj: K8sObject, event: 'add' | 'update' | 'delete') => void>()
  private readonly lossListeners = new Set<(message: string) => void>()
  /** The discoveries, lists, watch starts and relists under way (stop() waits for them). */
  private readonly background = new BackgroundWork()

  /** Kinds whose list was larger than the cap, kept as metadata only. */
  readonly slimmedKinds = new Set<string>()

  constructor(
    private readonly client: ClusterClient,
    private readonly config: KubeConfig,
    /** Above this many objects of one kind, keep only their metadata (memory stays bounded). */
    private readonly fullObjectsCap = 20_000,
  ) {}

  /** Starts watching the kinds not watched yet (cluster-wide, or in one namespace) and waits for their first list. */
  async ensureWatching(kinds: KindRef[], namespace?: string): Promise<void> {
    if (this.background.closed) return
    const unique = new Map(kinds.map((k) => [`${k.apiVersion}/${k.kind}`, k]))
    await Promise.all([...unique.values()].map((k) => this.background.track(this.watch(k, namespace))))
  }

  /** True once stop() was called: the cache keeps what it has, and watches nothing more. */
  get closed(): boolean {
    return this.background.closed
  }

  get(key: string): K8sObject | undefined {
    return this.objects.get(key)
  }

  /** Live objects that carry the app's tracking annotation (or, with label tracking, its instance label). */
  trackedBy(appName: string, method: TrackingMethod): K8sObject[] {
    return [...(this.byApp.get(appName) ?? [])].map((key) => this.objects.get(key)!).filter((o) => !!o && owningApp(o, method) === appName)
  }

  /** Live objects whose owner references name this uid (a Deployment's ReplicaSets, their Pods). */
  ownedBy(uid: string): K8sObject[] {
    return [...(this.byOwner.get(uid) ?? [])].map((key) => this.objects.get(key)!).filter(Boolean)
  }

  /** Every cached object of a namespace (of the kinds watched there or cluster-wide). */
  inNamespace(namespace: string, kind?: { apiVersion: string; kind: string }): K8sObject[] {
    const found: K8sObject[] = []
    for (const obj of this.objects.values()) {
      if (obj.metadata.namespace !== namespace) continue
      if (kind && (obj.kind !== kind.kind || obj.apiVersion !== kind.apiVersion)) continue
      found.push(obj)
    }
    return found
  }

  onChange(listener: (obj: K8sObject, event: 'add' | 'update' | 'delete') => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Called when a watch or list fails (not when one ends normally): the cluster may be gone. */
  onConnectionLost(listener: (message: string) => void): () => void {
    this.lossListeners.add(listener)
    return () => this.lossListeners.delete(listener)
  }

  /** The cluster answers again: every watch waiting on its backoff lists and watches now. */
  async retryNow(): Promise<void> {
    if (this.background.closed) return
    await Promise.allSettled([...this.watches.values()].map((w) => w.retryNow?.()))
  }

  get size(): number {
    return this.objects.size
  }

  /**
   * Closes the cache: stops every watch and its retry timer, then waits for the background work
   * under way (a discovery, a list, a watch start) to end; none registers or opens a watch after
   * this, and the watches a start opened meanwhile are aborted.
   */
  async stop(): Promise<void> {
    const closing = this.background.close()
    const watches = [...this.watches.values()]
    this.watches.clear()
    for (const watch of watches) {
      watch.stopped = true
      clearTimeout(watch.timer)
      watch.abort?.abort()
    }
    await closing
    for (const watch of watches) watch.abort?.abort()
    this.lossListeners.clear()
  }

  private async watch(kind: KindRef, namespace?: string): Promise<void> {
    const info = await this.client.resourceInfo(kind.apiVersion, kind.kind)
    // Unknown kind (e.g. a CRD not installed yet): nothing live to cache. Closed meanwhile: nothing starts.
    if (!info || this.background.closed) return
    const scope = info.namespaced && namespace ? namespace : '*'
    const id = `${kind.apiVersion}/${kind.kind}/${scope}`
    const existing = this.watches.get(id) ?? this.watches.get(`${kind.apiVersion}/${kind.kind}/*`)
    if (existing) return existing.ready
    const group = groupOf(kind.apiVersion)
    const base = group ? `/apis/${kind.apiVersion}` : `/api/${kind.apiVersion}`
    const path = scope === '*' ? `${base}/${info.plural}` : `${base}/namespaces/${scope}/${info.plural}`
    let metadataOnly = kind.metadataOnly ?? false
    // apiVersion and kind first, as kubectl prints an object (a list's items come without them).
    const shape = (obj: KubernetesObject): K8sObject => {
      if (metadataOnly) return { apiVersion: kind.apiVersion, kind: kind.kind, metadata: slimMetadata(obj.metadata ?? {}) }
      const { apiVersion: _apiVersion, kind: _kind, ...rest } = obj as K8sObject
      return { apiVersion: kind.apiVersion, kind: kind.kind, ...rest } as K8sObject
    }
    const watch: Watch = { ready: Promise.resolve(), stopped: false }
    const watcher = new KubeWatch(this.config)
    let resourceVersion = ''
    let backoff = 1000
    let listed = false

    const list = async () => {
      this.listCalls++
      const result = await this.client.list(kind.apiVersion, kind.kind, scope === '*' ? undefined : scope)
      if (!metadataOnly && result.items.length > this.fullObjectsCap) {
        metadataOnly = true
        this.slimmedKinds.add(`${kind.apiVersion}/${kind.kind}`)
      }
      // A list again (after a watch was lost) announces what changed meanwhile, as the watch would have.
      this.replaceKind(kind, scope, result.items.map((item) => shape(item as KubernetesObject)), listed)
      listed = true
      resourceVersion = result.metadata?.resourceVersion ?? ''
    }
    const lost = (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error ?? 'the watch ended')
      for (const listener of this.lossListeners) listener(message)
    }
    const attempt = (relist: boolean) => {
      watch.timer = undefined
      watch.retryNow = undefined
      return this.background.track((relist ? list() : Promise.resolve()).then(startWatch).catch((error: unknown) => retry(true, error)))
    }
    const retry = (relist: boolean, error?: unknown) => {
      if (watch.stopped) return
      lost(error)
      // A loss listener may have stopped the cache: a timer set now would hold the process.
      if (watch.stopped) return
      watch.timer = setTimeout(() => void attempt(relist), backoff)
      watch.retryNow = () => {
        clearTimeout(watch.timer)
        backoff = 1000
        return attempt(true)
      }
      backoff = Math.min(backoff * 2, 30_000)
    }
    const startWatch = async (): Promise<void> => {
      if (watch.stopped) return
      let gone = false
      this.watchCalls++
      const abort = await watcher.watch(
        path,
        { resourceVersion, allowWatchBookmarks: true },
        (phase: string, obj: KubernetesObject & { code?: number }) => {
          if (phase === 'ERROR') {
            gone = obj.code === 410
            return
          }
          backoff = 1000
          if (obj.metadata?.resourceVersion) resourceVersion = obj.metadata.resourceVersion
          if (phase === 'ADDED' || phase === 'MODIFIED') this.put(shape(obj), phase === 'ADDED' ? 'add' : 'update')
          else if (phase === 'DELETED') this.remove(shape(obj))
        },
        (error: unknown) => {
          if (watch.stopped) return
          if (gone || (error as { code?: number } | null)?.code === 410) return retry(true, error)
          if (error) return retry(false, error)
          void this.background.track(startWatch().catch((e: unknown) => retry(false, e))) // the server closed a healthy watch: resume
        },
      )
      watch.abort = abort
      // Stopped while the request was being made: a watch nobody stops would hold the process.
      if (watch.stopped) abort.abort()
    }
    this.watches.set(id, watch)
    watch.ready = list().then(startWatch)
    try {
      await watch.ready
    } catch (error) {
      this.watches.delete(id)
      watch.stopped = true
      throw error
    }
  }

  private replaceKind(kind: KindRef, scope: string, items: K8sObject[], notify: boolean): void {
    if (!notify) this.quietFills++
    const fresh = new Set(items.map((o) => resourceKey(o)))
    for (const [key, obj] of this.objects) {
      if (obj.apiVersion === kind.apiVersion && obj.kind === kind.kind && (scope === '*' || obj.metadata.namespace === scope) && !fresh.has(key)) this.remove(obj)
    }
    for (const item of items) {
      const before = this.objects.get(resourceKey(item))
      this.put(item, before ? 'update' : 'add', notify && before?.metadata.resourceVersion !== item.metadata.resourceVersion)
    }
  }

  private put(obj: K8sObject, event: 'add' | 'update', notify = true): void {
    const key = resourceKey(obj)
    const previous = this.objects.get(key)
    if (previous) this.unindex(key, previous)
    this.objects.set(key, obj)
    const app = owningApp(obj)
    if (app) (this.byApp.get(app) ?? this.byApp.set(app, new Set()).get(app)!).add(key)
    for (const owner of ownersOf(obj)) (this.byOwner.get(owner.uid) ?? this.byOwner.set(owner.uid, new Set()).get(owner.uid)!).add(key)
    if (notify) for (const listener of this.listeners) listener(obj, event)
  }

  private remove(obj: K8sObject): void {
    const key = resourceKey(obj)
    const previous = this.objects.get(key)
    if (!previous) return
    this.unindex(key, previous)
    this.objects.delete(key)
    for (const listener of this.listeners) listener(previous, 'delete')
  }

  private unindex(key: string, obj: K8sObject): void {
    const app = owningApp(obj)
    if (app) this.byApp.get(app)?.delete(key)
    for (const owner of ownersOf(obj)) {
      const owned = this.byOwner.get(owner.uid)
      owned?.delete(key)
      if (owned?.size === 0) this.byOwner.delete(owner.uid)
    }
  }
}

const ownersOf = (obj: K8sObject) => (obj.metadata.ownerReferences as { uid: string }[] | undefined) ?? []

function slimMetadata(metadata: NonNullable<KubernetesObject['metadata']>): K8sObject['metadata'] {
  const { name, namespace, uid, resourceVersion, labels, ownerReferences, deletionTimestamp, annotations } = metadata
  const tracking = annotations?.[trackingAnnotation]
  return { name, namespace, uid, resourceVersion, labels, ownerReferences, deletionTimestamp, ...(tracking ? { annotations: { [trackingAnnotation]: tracking } } : {}) }
}

