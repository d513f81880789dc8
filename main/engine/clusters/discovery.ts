import type { Destination } from './kubeconfig'
import type { ClusterRegistry } from './registry'

type Kinds = { apiVersion: string; kind: string }[]
export interface Capabilities {
  kubeVersion?: string
  apiVersions?: string[]
}

const keptMs = 600_000

/**
 * What discovery said about each cluster, kept for 10 minutes: the namespaced kinds (orphaned
 * resources) and the version and API versions Helm is given (as Argo CD passes them).
 */
export class DiscoveryCache {
  private readonly namespaced = new Map<string, { kinds: Kinds; at: number }>()
  private readonly capabilities = new Map<string, { value: Capabilities; at: number }>()
  /** Per context: when the hashes were last asked for, that answer, and the last answer that came. */
  private readonly schemas = new Map<string, { at: number; asked: Promise<Record<string, string>>; last?: Record<string, string> }>()

  constructor(private readonly clusters: Pick<ClusterRegistry, 'runtime' | 'contexts' | 'loadContexts' | 'oneShotConfig'>) {}

  /** A destination's capabilities for Helm (an unknown destination: none, Helm's defaults). */
  async capabilitiesFor(destination: Destination, fresh: boolean): Promise<Capabilities> {
    let context: string
    try {
      context = (await this.clusters.loadContexts()).resolve(destination)
    } catch {
      return {}
    }
    return this.capabilitiesOf(context, fresh)
  }

  /** Every namespaced kind the context serves (asked again after 10 minutes). */
  async namespacedKinds(context: string): Promise<Kinds> {
    const known = this.namespaced.get(context)
    if (known && Date.now() - known.at <= keptMs) return known.kinds
    const kinds = await withTimeout(this.clusters.runtime().namespacedKinds(this.clusters.oneShotConfig(context)), 10_000, `discovery of ${context}`)
    this.namespaced.set(context, { kinds, at: Date.now() })
    return kinds
  }

  /**
   * The hash of each group version's schema on a context (see readSchemaHashes), asked at most
   * every `maxAgeMs`; calls meanwhile share the answer. Once an answer is older, the next call
   * asks again but is answered with the last hashes at once (a live edit's re-diff does not wait
   * on `GET /openapi/v3`): a schema change is seen one answer later, at most `maxAgeMs` plus one
   * request. A cluster that does not answer gives no hashes, so no kept prediction is taken as
   * made under the same schema.
   */
  schemaHashes(context: string, maxAgeMs = 5000): Promise<Record<string, string>> {
    const known = this.schemas.get(context)
    if (!known || performance.now() - known.at >= maxAgeMs) {
      const asked = this.clusters.runtime().readSchemaHashes(this.clusters.oneShotConfig(context)).catch(() => ({}))
      const entry: { at: number; asked: Promise<Record<string, string>>; last?: Record<string, string> } = { at: performance.now(), asked, last: known?.last }
      void asked.then((hashes) => void (entry.last = hashes))
      this.schemas.set(context, entry)
    }
    const entry = this.schemas.get(context)!
    return entry.last ? Promise.resolve(entry.last) : entry.asked
  }

  /**
   * The cluster's version and API versions (`fresh` asks again); an unreachable cluster gives the
   * last values known, and an unknown one none (Helm's defaults).
   */
  async capabilitiesOf(context: string, fresh: boolean): Promise<Capabilities> {
    const known = this.capabilities.get(context)
    if (known && !fresh && Date.now() - known.at < keptMs) return known.value
    try {
      const value = await withTimeout(this.clusters.runtime().readCapabilities(this.clusters.oneShotConfig(context)), 5000, `discovery of ${context}`)
      this.capabilities.set(context, { value, at: Date.now() })
      return value
    } catch {
      // Asked again in a minute; meanwhile renders use what was known.
      this.capabilities.set(context, { value: known?.value ?? {}, at: Date.now() - 540_000 })
      return known?.value ?? {}
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms)))
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}
