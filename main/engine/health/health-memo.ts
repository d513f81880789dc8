import type { K8sObject } from '../base/objects'
import type { Health } from './types'

/** Most verdicts kept (about 100 bytes each); the oldest script's go first. */
const maxEntries = 50_000

/**
 * Verdicts of Lua health scripts by object version: a script's answer depends only on the object
 * (its uid and resourceVersion name its content), so a compare that finds an object unchanged does
 * not run the script again. A script that reads the clock (`os`) is never remembered, nor an
 * object without a uid and resourceVersion, nor an Unknown (a failure or an overrun, which
 * lua/overruns.ts answers at once already). Only live objects from a cluster: objects read from
 * files (`gitops-desk health`) can repeat a uid and version with other content, and their checks
 * are made without a memo (HealthChecks' `remember: false`).
 */
export class HealthMemo {
  private readonly byScript = new Map<string, Map<string, Health> | null>()
  private size = 0

  /** The script's verdict on the object, run only when this version has none yet. */
  judge(script: string, obj: K8sObject, run: () => Health): Health {
    const { uid, resourceVersion } = obj.metadata ?? {}
    if (!uid || !resourceVersion) return run()
    let verdicts = this.byScript.get(script)
    if (verdicts === undefined) {
      verdicts = /\bos\s*\.|require\s*\(?\s*["']os["']/.test(script) ? null : new Map()
      this.byScript.set(script, verdicts)
    }
    if (!verdicts) return run()
    // The object's identity too: a uid is meant to be unique in a cluster, not across clusters.
    const key = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}/${uid}/${resourceVersion}`
    const known = verdicts.get(key)
    if (known) return known
    const health = run()
    if (health.status === 'Unknown') return health
    if (this.size >= maxEntries) this.forgetAll()
    verdicts.set(key, health)
    this.size++
    return health
  }

  /** Forgets every verdict (the scripts changed, or the memo is full). */
  forgetAll(): void {
    this.byScript.clear()
    this.size = 0
  }
}
