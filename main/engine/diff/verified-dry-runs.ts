import { createHash } from 'node:crypto'
import type { K8sObject } from '../base/objects'

interface Verified {
  /** The live object the dry run was made against ('' when nothing was live). */
  uid: string
  resourceVersion: string
  /** When the API server answered. */
  at: number
}

/**
 * The server-side dry runs the API server accepted, by context and target content, with the live
 * version each was made against. A sync takes one in place of dry-running the object again only
 * while it is fresh: the same target on the same context, the same live object at the same
 * resourceVersion (or still nothing live), made within `maxAgeMs`, and after the last time the
 * context's schema may have changed (`schemaChanged`: a CRD changed, the API server restarted).
 * Only an answer of the server counts: a prediction carried over or read from the dry-run cache
 * against another live version is not recorded here. Holds no object, only hashes. Bounded.
 */
export class VerifiedDryRuns {
  private readonly entries = new Map<string, Verified>()
  private readonly schemaChangedAt = new Map<string, number>()
  private static readonly hashes = new WeakMap<object, string>()

  constructor(
    readonly maxAgeMs = 300_000,
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A server dry run of `target` against `live` succeeded on `context`. */
  record(context: string, target: K8sObject, live: K8sObject | null): void {
    const key = VerifiedDryRuns.keyOf(context, target)
    this.entries.delete(key)
    this.entries.set(key, { uid: String(live?.metadata.uid ?? ''), resourceVersion: String(live?.metadata.resourceVersion ?? ''), at: this.now() })
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
  }

  /** When a fresh dry run of `target` against `live` was made on `context`; undefined when there is none. */
  freshSince(context: string, target: K8sObject, live: K8sObject | null): number | undefined {
    const entry = this.entries.get(VerifiedDryRuns.keyOf(context, target))
    if (!entry) return undefined
    if (entry.uid !== String(live?.metadata.uid ?? '') || entry.resourceVersion !== String(live?.metadata.resourceVersion ?? '')) return undefined
    if (this.now() - entry.at > this.maxAgeMs) return undefined
    if (entry.at <= (this.schemaChangedAt.get(context) ?? 0)) return undefined
    return entry.at
  }

  /** The context's schema may have changed (its watch was lost: the API server may have restarted, upgraded): no dry run made before now is fresh there. */
  schemaChanged(context: string): void {
    this.schemaChangedAt.set(context, this.now())
  }

  get size(): number {
    return this.entries.size
  }

  private static keyOf(context: string, target: K8sObject): string {
    let hash = VerifiedDryRuns.hashes.get(target)
    if (!hash) {
      hash = createHash('sha256').update(JSON.stringify(target)).digest('base64url')
      VerifiedDryRuns.hashes.set(target, hash)
    }
    return `${context}|${hash}`
  }
}
