import { createHash } from 'node:crypto'
import type { AppStatus } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import type { BackgroundWork } from '../base/background-work'
import { errorMessage } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { namespacedKindPermitted } from '../apps/project'
import { eventWindowMs } from './events'
import { orphanedMessage, orphanedResources } from './orphans'
import type { AppComparison, ClusterAccess, DeskState } from './ports'

interface Waiting {
  status: AppStatus
  cancelled: boolean
  done: Promise<void>
  timer: NodeJS.Timeout
  run: () => void
}

/** Trees are built at most once per event window per app: the event stream sends an app's tree once per window anyway. */
const treeIntervalMs = eventWindowMs

/** The trees followed at most: the views open now, and a few closed lately (see follow). */
const maxFollowedTrees = 16

/**
 * Announces an app's resource tree (what its resources own, with health) as an `app-tree` event
 * when it changed, so a details view on screen applies it instead of asking again. Only the trees
 * of apps a view has asked for (follow) are built: under the load bench, building all 200 apps'
 * trees that no screen showed took a sixth of the engine's time. Under a stream of changes an
 * app's tree is built at most once per interval, from its latest status.
 */
export class TreeAnnouncer {
  /** A digest of the tree last announced per app. */
  private readonly digests = new Map<string, string>()
  /** Per app: when its last build began, and the build waiting for its turn (with the latest status). */
  private readonly builtAt = new Map<string, number>()
  private readonly waiting = new Map<string, Waiting>()
  /** Apps whose tree a view asked for, the last asked last: theirs are announced (kept across forget, so an open view goes on receiving it). */
  private readonly followed = new Set<string>()

  constructor(
    private readonly engine: Pick<AppComparison, 'resourceTree'> & Pick<DeskState, 'emit'>,
    /** The controller's background work: each announcement is tracked, and none starts once it is closed. */
    private readonly background: BackgroundWork,
  ) {}

  /**
   * A view asked for the app's tree: announce its changes from now on. Views do not say when they
   * close, so only the trees asked for last are followed: one opened and left long ago stops
   * being built once many others were opened after it (a view opened again asks again).
   */
  follow(name: string): void {
    this.followed.delete(name)
    this.followed.add(name)
    if (this.followed.size > maxFollowedTrees) this.followed.delete(this.followed.values().next().value!)
  }

  announce(name: string, status: AppStatus): Promise<void> {
    if (!this.followed.has(name) || status.sync === 'Unknown' || !status.context || this.background.closed) return Promise.resolve()
    const queued = this.waiting.get(name)
    if (queued) {
      queued.status = status
      return queued.done
    }
    const wait = (this.builtAt.get(name) ?? -Infinity) + treeIntervalMs - performance.now()
    if (wait <= 0) return this.background.track(this.build(name, status))
    const entry = { status, cancelled: false } as Waiting
    entry.done = new Promise<void>((resolve) => (entry.run = resolve)).then(() => {
      if (this.waiting.get(name) === entry) this.waiting.delete(name)
      if (!entry.cancelled && !this.background.closed) return this.build(name, entry.status)
    })
    entry.timer = setTimeout(() => entry.run(), wait)
    this.waiting.set(name, entry)
    return this.background.track(entry.done)
  }

  private async build(name: string, status: AppStatus): Promise<void> {
    this.builtAt.set(name, performance.now())
    try {
      const nodes = await this.engine.resourceTree(status.context, status.resources.map((r) => ({ key: r.key, status: r.status })))
      const digest = createHash('sha1').update(JSON.stringify(nodes)).digest('base64')
      if (this.digests.get(name) === digest) return
      this.digests.set(name, digest)
      this.engine.emit({ type: 'app-tree', app: name, nodes })
    } catch {
      // The tree is asked for again when the details view opens; a failed watch here is not news.
    }
  }

  forget(name: string): void {
    this.digests.delete(name)
    this.builtAt.delete(name)
    const queued = this.waiting.get(name)
    this.waiting.delete(name)
    if (queued) {
      queued.cancelled = true
      clearTimeout(queued.timer)
      queued.run()
    }
  }

  /** The controller is closing: builds waiting for their turn run now (stop() waits for them; none starts after). */
  flush(): void {
    for (const queued of this.waiting.values()) {
      clearTimeout(queued.timer)
      queued.run()
    }
  }
}

/**
 * Argo CD's orphaned resources, for apps whose project sets orphanedResources: listed in the
 * status, with an OrphanedResourceWarning when it says warn. Their namespaces are watched from
 * then on, so a new object there re-compares the app.
 */
export class OrphanMonitor {
  /** Namespaces (context NUL namespace) whose orphaned resources apps monitor, and those apps. */
  private readonly namespaces = new Map<string, Set<string>>()

  constructor(
    private readonly engine: Pick<DeskState, 'store'> & Pick<AppComparison, 'namespaceObjects'> & Pick<ClusterAccess, 'liveCache'>,
    private readonly appNames: () => string[],
  ) {}

  async apply(app: Application, context: string, status: AppStatus): Promise<AppStatus> {
    const name = app.metadata.name
    const project = this.engine.store.read().projects.find((p) => p.metadata.name === app.spec.project)
    const settings = project?.spec.orphanedResources
    const namespace = app.spec.destination.namespace ?? ''
    this.forget(name)
    if (!settings || !namespace) return status
    const where = `${context}\u0000${namespace}`
    ;(this.namespaces.get(where) ?? this.namespaces.set(where, new Set()).get(where)!).add(name)
    try {
      const objects = await this.engine.namespaceObjects(context, namespace)
      const names = new Set(this.appNames())
      const cache = this.engine.liveCache(context)
      const orphaned = orphanedResources({ namespace, objects, managed: new Set(status.resources.map((r) => r.key)), appExists: (n) => names.has(n), ownedBy: (uid) => cache.ownedBy(uid), settings, permitted: (obj) => namespacedKindPermitted(project!, obj), trackingMethod: this.engine.store.read().settings.trackingMethod })
      const warn = settings.warn && orphaned.length > 0 ? [{ type: 'OrphanedResourceWarning' as const, message: orphanedMessage(orphaned.length) }] : []
      return { ...status, conditions: [...status.conditions, ...warn], orphaned }
    } catch (error) {
      // Orphans are a warning: a namespace that cannot be listed must not hide the app's own status.
      return { ...status, conditions: [...status.conditions, { type: 'OrphanedResourceWarning', message: `orphaned resources of ${namespace} could not be listed: ${errorMessage(error)}` }] }
    }
  }

  /** The apps to compare again when this object changes (Events never count). */
  appsWatching(context: string, obj: K8sObject): Iterable<string> {
    if (obj.kind === 'Event') return []
    return this.namespaces.get(`${context}\u0000${obj.metadata.namespace ?? ''}`) ?? []
  }

  forget(name: string): void {
    for (const apps of this.namespaces.values()) apps.delete(name)
  }
}
