import type { KubeConfig } from '@kubernetes/client-node'
import type { ClusterClient } from '../clusters/cluster-client'
import type { LiveCache } from './live-cache'

/** Where a context's cache gets its client and watch configuration (the cluster registry). */
export interface LiveCacheClusters {
  client(context: string): ClusterClient
  contexts: { configFor(context: string, options: { forWatches: boolean }): KubeConfig }
}

/**
 * One watch cache per context, made on first use and kept. After close() no cache watches
 * anything: late work (a tree announcement) must not hold the process.
 */
export class LiveCaches {
  private readonly caches = new Map<string, LiveCache>()
  /** LiveCache needs the Kubernetes client's watch; it is loaded with the rest of it (load()). */
  private liveCacheClass: typeof LiveCache | null = null
  private closed = false

  constructor(
    private readonly clusters: LiveCacheClusters,
    /** Told of each cache made (to listen to it). */
    private readonly onMade: (context: string, cache: LiveCache) => void = () => undefined,
  ) {}

  async load(): Promise<void> {
    this.liveCacheClass ??= (await import('./live-cache')).LiveCache
  }

  of(context: string): LiveCache {
    let cache = this.caches.get(context)
    if (!cache) {
      if (!this.liveCacheClass) throw new Error('the engine touched a cluster before loadContexts()')
      cache = new this.liveCacheClass(this.clusters.client(context), this.clusters.contexts.configFor(context, { forWatches: true }))
      if (this.closed) void cache.stop()
      else {
        this.caches.set(context, cache)
        this.onMade(context, cache)
      }
    }
    return cache
  }

  /** Stops every watch; caches asked for later are stopped at once. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.caches.values()].map((c) => c.stop()))
    this.caches.clear()
  }
}
