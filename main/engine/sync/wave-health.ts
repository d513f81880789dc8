import type { K8sObject } from '../base/objects'
import { resourceKey } from '../base/objects'
import type { KubeApi } from '../kube/kube-api'
import type { SyncTask } from './plan'

/** What waiting for health needs of the cluster's watch cache (LiveCache). */
export interface LiveWatch {
  get(key: string): K8sObject | undefined
  onChange(listener: (obj: K8sObject) => void): () => void
  /** A watch or list failed: the cluster may be gone. */
  onConnectionLost?(listener: (message: string) => void): () => void
}

/** The object to judge, or 'behind' while the watch has not yet seen what the sync applied. */
export type Observed = K8sObject | null | 'behind'

/**
 * Where a sync reads the objects it waits on. With the watch cache: the cached object once the
 * watch has caught up with what the sync applied (its resourceVersion), and a change to one of
 * them wakes the operation at once, so nothing is polled; an object the watch is still behind on
 * after `lagMs` (or one the cache keeps as metadata only) is read from the API server. Once a watch
 * of the cluster fails, objects are read from the API server until the watch sends a change again:
 * a cluster gone mid-sync ends the operation with the reason (the cache would keep answering with
 * what it last saw). Without a watch (a unit test's stand-in), every look reads the object.
 */
export class WaveHealth {
  private readonly applied = new Map<string, string>()
  private readonly behindSince = new Map<string, number>()
  private readonly watched = new Set<string>()
  private readonly stopWatching: () => void
  private readonly stopLossWatch: () => void
  /** A watch of the cluster failed and has sent nothing since. */
  private connectionLost = false
  private wake: (() => void) | undefined

  constructor(
    private readonly client: KubeApi,
    private readonly live: LiveWatch | undefined,
    private readonly lagMs = 2000,
  ) {
    this.stopWatching =
      live?.onChange((obj) => {
        this.connectionLost = false
        if (this.watched.has(resourceKey(obj))) this.wakeNow()
      }) ?? (() => undefined)
    this.stopLossWatch =
      live?.onConnectionLost?.(() => {
        this.connectionLost = true
        this.wakeNow()
      }) ?? (() => undefined)
  }

  get watching(): boolean {
    return this.live !== undefined
  }

  /** The apply's answer: the version the watch must reach before its object is judged. */
  noteApplied(task: SyncTask, answer: K8sObject | null): void {
    const version = answer?.metadata.resourceVersion
    if (typeof version === 'string') this.applied.set(task.key, version)
  }

  async observe(task: SyncTask): Promise<Observed> {
    if (!this.live || this.connectionLost) return this.client.get(task.obj)
    this.watched.add(task.key)
    const cached = this.live.get(task.key)
    if (cached && isWhole(cached) && caughtUp(cached.metadata.resourceVersion, this.applied.get(task.key))) {
      this.behindSince.delete(task.key)
      return cached
    }
    const since = this.behindSince.get(task.key) ?? Date.now()
    this.behindSince.set(task.key, since)
    if (Date.now() - since < this.lagMs) return 'behind'
    return this.client.get(task.obj)
  }

  /** The object is healthy (or done): it is waited on no more. */
  settled(task: SyncTask): void {
    this.behindSince.delete(task.key)
    this.watched.delete(task.key)
  }

  /** Waits up to ms, or until an object waited on changes (or wakeNow). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      const wake = () => done()
      this.wake = wake
      function done() {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  wakeNow(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  /** The longest a wave waits before it looks again: with the watch, only to read what the watch is behind on. */
  nextLookMs(pollMs: number): number {
    if (!this.live || this.connectionLost) return pollMs
    return this.behindSince.size > 0 ? Math.min(this.lagMs, pollMs) : 30_000
  }

  close(): void {
    this.stopWatching()
    this.stopLossWatch()
    this.wakeNow()
  }
}

/** The cache keeps some kinds as metadata only; every object the API server sends has a creationTimestamp. */
const isWhole = (obj: K8sObject) => obj.metadata.creationTimestamp !== undefined

/**
 * Whether a cached version is at least the applied one. resourceVersions are etcd revisions, so
 * they compare as integers; anything else only when equal.
 */
function caughtUp(cached: unknown, applied: string | undefined): boolean {
  if (applied === undefined) return true
  if (typeof cached !== 'string') return false
  if (/^\d+$/.test(cached) && /^\d+$/.test(applied)) return BigInt(cached) >= BigInt(applied)
  return cached === applied
}
