import { createHash } from 'node:crypto'
import type { K8sObject } from '../base/objects'
import type { Prediction } from './carry-prediction'
import type { TargetPrediction } from './carry-target-change'
import { VerifiedDryRuns } from './verified-dry-runs'
import { diffView } from './normalize'

/**
 * Predicted objects by target content and the live object's content without status and
 * metadata noise: a Deployment whose status ticks keeps its prediction. Bounded. Hashes are
 * memoized per object (the watch cache replaces an object on every change, renders are reused).
 */
export class DryRunCache {
  private readonly entries = new Map<string, K8sObject>()
  private readonly latestByTarget = new Map<string, Prediction & { cacheKey: string }>()
  /** The latest prediction of each resource (by context and key), with its target and what it was made against: a new commit's target starts from it. */
  private readonly latestByResource = new Map<string, TargetPrediction & { against: string }>()
  private static readonly hashes = new WeakMap<object, string>()
  /** The dry runs the API server accepted, by context: a sync soon after need not send them again (a hard refresh's too). */
  readonly verified = new VerifiedDryRuns()
  constructor(private readonly maxEntries = 20_000) {}

  /** `schema`: the hash of the target's group version schema on the server (a prediction holds only under the schema it was made with). */
  static keyOf(target: K8sObject, live: K8sObject | null, schema = ''): string {
    return `${DryRunCache.hash(target, (t) => t)}|${DryRunCache.against(live, schema)}`
  }

  /** What a prediction was made against: the live object (uid and content without noise) and the schema. */
  private static against(live: K8sObject | null, schema: string): string {
    return `${live?.metadata.uid ?? '-'}|${live ? DryRunCache.hash(live, diffView) : '-'}|${schema}`
  }

  private static hash(obj: K8sObject, prepare: (o: K8sObject) => unknown): string {
    let hash = DryRunCache.hashes.get(obj)
    if (!hash) {
      hash = createHash('sha256').update(JSON.stringify(prepare(obj))).digest('base64url')
      DryRunCache.hashes.set(obj, hash)
    }
    return hash
  }

  get(key: string): K8sObject | undefined {
    return this.entries.get(key)
  }

  set(key: string, predicted: K8sObject): void {
    this.entries.set(key, predicted)
    this.trim(this.entries)
  }

  /** The latest prediction made for a target under this schema, whatever live it was made against. */
  latest(target: K8sObject, schema = ''): Prediction | undefined {
    const latest = this.latestByTarget.get(DryRunCache.hash(target, (t) => t))
    return latest?.cacheKey.endsWith(`|${schema}`) ? latest : undefined
  }

  /** Keeps the newest prediction of a target; the one it replaces is dropped from the cache too. */
  remember(target: K8sObject, prediction: Prediction, cacheKey: string): void {
    const key = DryRunCache.hash(target, (t) => t)
    const replaced = this.latestByTarget.get(key)
    if (replaced && replaced.cacheKey !== cacheKey) this.entries.delete(replaced.cacheKey)
    this.latestByTarget.delete(key)
    this.latestByTarget.set(key, { ...prediction, cacheKey })
    this.trim(this.latestByTarget)
  }

  /**
   * The latest prediction of `resource` (a context and resource key), whatever its target, when
   * it was made against this very live object (uid and content) under this schema; else undefined.
   */
  previousOf(resource: string, live: K8sObject, schema = ''): TargetPrediction | undefined {
    const entry = this.latestByResource.get(resource)
    return entry && live.metadata.uid && entry.against === DryRunCache.against(live, schema) ? entry : undefined
  }

  /** Keeps the newest prediction of `resource`, made for `target` against `live` under `schema`. */
  rememberFor(resource: string, target: K8sObject, live: K8sObject, predicted: K8sObject, schema = ''): void {
    this.latestByResource.delete(resource)
    this.latestByResource.set(resource, { target, predicted, against: DryRunCache.against(live, schema) })
    this.trim(this.latestByResource)
  }

  private trim(map: Map<string, unknown>): void {
    while (map.size > this.maxEntries) map.delete(map.keys().next().value!)
  }
}
