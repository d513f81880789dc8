import { makeInformer, type Informer, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node'
import type { ClusterClient } from '../clusters/cluster-client'
import { groupOf, resourceKey, type K8sObject } from '../render/objects'
import { instanceLabel, trackingAnnotation } from '../render/tracking'

export interface KindRef {
  apiVersion: string
  kind: string
}

interface Watch {
  informer: Informer<KubernetesObject>
  ready: Promise<void>
  stopped: boolean
}

/**
 * The live state of one cluster: each kind our apps use is listed once, then watched. A watch
 * that ends is restarted with backoff (the informer lists again, as on 410 Gone). Objects are
 * indexed by resource key and by the app that tracks them, so a steady-state compare asks the API
 * server nothing.
 */
export class LiveCache {
  private readonly watches = new Map<string, Watch>()
  private readonly objects = new Map<string, K8sObject>()
  private readonly byApp = new Map<string, Set<string>>()
  /** How many list requests this cache has made (each watch start and restart lists once). */
  listCalls = 0
  private readonly listeners = new Set<(obj: K8sObject, event: 'add' | 'update' | 'delete') => void>()

  constructor(
    private readonly client: ClusterClient,
    private readonly config: KubeConfig,
  ) {}

  /** Starts watching the kinds not watched yet (cluster-wide, or in one namespace) and waits for their first list. */
  async ensureWatching(kinds: KindRef[], namespace?: string): Promise<void> {
    const unique = new Map(kinds.map((k) => [`${k.apiVersion}/${k.kind}`, k]))
    await Promise.all([...unique.values()].map((k) => this.watch(k, namespace)))
  }

  get(key: string): K8sObject | undefined {
    return this.objects.get(key)
  }

  /** Live objects that carry the app's tracking annotation (or label). */
  trackedBy(appName: string): K8sObject[] {
    return [...(this.byApp.get(appName) ?? [])].map((key) => this.objects.get(key)!).filter(Boolean)
  }

  onChange(listener: (obj: K8sObject, event: 'add' | 'update' | 'delete') => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get size(): number {
    return this.objects.size
  }

  async stop(): Promise<void> {
    for (const watch of this.watches.values()) {
      watch.stopped = true
      await watch.informer.stop().catch(() => undefined)
    }
    this.watches.clear()
  }

  private async watch(kind: KindRef, namespace?: string): Promise<void> {
    const info = await this.client.resourceInfo(kind.apiVersion, kind.kind)
    if (!info) return // unknown kind (e.g. a CRD not installed yet): nothing live to cache
    const scope = info.namespaced && namespace ? namespace : '*'
    const id = `${kind.apiVersion}/${kind.kind}/${scope}`
    const existing = this.watches.get(id) ?? this.watches.get(`${kind.apiVersion}/${kind.kind}/*`)
    if (existing) return existing.ready
    const group = groupOf(kind.apiVersion)
    const base = group ? `/apis/${kind.apiVersion}` : `/api/${kind.apiVersion}`
    const path = scope === '*' ? `${base}/${info.plural}` : `${base}/namespaces/${scope}/${info.plural}`
    const list = async () => {
      this.listCalls++
      const result = await this.client.list(kind.apiVersion, kind.kind, scope === '*' ? undefined : scope)
      // The list's items carry no apiVersion/kind; the cache keys need them.
      for (const item of result.items) Object.assign(item, { apiVersion: kind.apiVersion, kind: kind.kind })
      this.replaceKind(kind, scope, result.items)
      return result as unknown as KubernetesListObject<KubernetesObject>
    }
    const informer = makeInformer(this.config, path, list)
    const watch: Watch = { informer, ready: Promise.resolve(), stopped: false }
    const upsert = (obj: KubernetesObject, event: 'add' | 'update') => this.put({ ...(obj as K8sObject), apiVersion: kind.apiVersion, kind: kind.kind }, event)
    informer.on('add', (obj) => upsert(obj, 'add'))
    informer.on('update', (obj) => upsert(obj, 'update'))
    informer.on('delete', (obj) => this.remove({ ...(obj as K8sObject), apiVersion: kind.apiVersion, kind: kind.kind }))
    let backoff = 1000
    informer.on('error', () => {
      if (watch.stopped) return
      setTimeout(() => {
        if (!watch.stopped) void informer.start().then(() => (backoff = 1000), () => undefined)
      }, backoff)
      backoff = Math.min(backoff * 2, 30_000)
    })
    informer.on('connect', () => (backoff = 1000))
    this.watches.set(id, watch)
    watch.ready = informer.start()
    try {
      await watch.ready
    } catch (error) {
      this.watches.delete(id)
      watch.stopped = true
      throw error
    }
  }

  private replaceKind(kind: KindRef, scope: string, items: K8sObject[]): void {
    const fresh = new Set(items.map((o) => resourceKey(o)))
    for (const [key, obj] of this.objects) {
      if (obj.apiVersion === kind.apiVersion && obj.kind === kind.kind && (scope === '*' || obj.metadata.namespace === scope) && !fresh.has(key)) this.remove(obj)
    }
    for (const item of items) this.put(item, 'add', false)
  }

  private put(obj: K8sObject, event: 'add' | 'update', notify = true): void {
    const key = resourceKey(obj)
    const previous = this.objects.get(key)
    if (previous) this.unindex(key, previous)
    this.objects.set(key, obj)
    const app = owningApp(obj)
    if (app) (this.byApp.get(app) ?? this.byApp.set(app, new Set()).get(app)!).add(key)
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
  }
}

/** The app an object belongs to: its tracking id names it (annotation), else the instance label. */
export function owningApp(obj: K8sObject): string | undefined {
  const id = obj.metadata.annotations?.[trackingAnnotation]
  if (id) return id.split(':')[0]
  return obj.metadata.labels?.[instanceLabel]
}
