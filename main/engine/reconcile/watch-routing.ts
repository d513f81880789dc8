import { resourceKey } from '../base/objects'
import type { ClusterOutages } from './cluster-outages'
import type { EventBus } from './events'
import type { ComparedApp } from './reconcile-app'
import type { ObjectDrift } from './object-drift'
import type { LiveState } from './ports'
import type { OrphanMonitor } from './status-extras'
import { appsConcerned, type TargetIndex } from './target-index'

/** Where a context's watch events go. */
export interface WatchRoutes {
  targets: TargetIndex
  events: Pick<EventBus, 'emit'>
  orphans: Pick<OrphanMonitor, 'appsWatching'>
  drift: Pick<ObjectDrift<ComparedApp>, 'touch'>
  outages: Pick<ClusterOutages, 'connectionLost'>
  /** The context sent a watch event now (it answers). */
  heard(context: string): void
  /** Whether the loop runs (a stopped or paused one re-diffs nothing). */
  running(): boolean
}

/**
 * Routes a context's watch events: each app a changed object concerns (it renders it, its
 * tracking id names it, or it watches the namespace for orphans) is told (a `resource-changed`
 * event) and re-diffs it (object-drift.ts); a lost watch goes to the outage monitor. Returns
 * what stops the routing.
 */
export function routeWatchEvents(cache: Pick<LiveState, 'onChange' | 'onConnectionLost'>, context: string, routes: WatchRoutes): () => void {
  const unwatchLoss = cache.onConnectionLost(() => routes.outages.connectionLost(context))
  const unwatchChanges = cache.onChange((obj) => {
    routes.heard(context)
    if (!routes.running()) return
    const receivedAt = performance.now()
    const key = resourceKey(obj)
    const concerned = appsConcerned(routes.targets, context, obj)
    for (const name of concerned) routes.events.emit({ type: 'resource-changed', app: name, key })
    for (const name of routes.orphans.appsWatching(context, obj)) concerned.add(name)
    for (const name of concerned) routes.drift.touch(name, context, key, receivedAt)
  })
  return () => {
    unwatchLoss()
    unwatchChanges()
  }
}
