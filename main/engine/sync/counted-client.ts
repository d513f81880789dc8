import type { SyncRequestCounts } from '../../../shared/model'
import type { KubeApi } from '../kube/kube-api'

export type SyncStage = Exclude<keyof SyncRequestCounts, 'dryRunsReused' | 'dryRunsChecked'>

// What each method sends: a replace and a client-side apply read the live object first; discovery is cached.
const requestsOf: Record<string, number> = { get: 1, apply: 1, create: 1, delete: 1, list: 1, mergePatch: 1, replace: 2, clientSideApply: 2, resourceInfo: 0 }

/** The client, counting the requests sent through it into one stage of a sync. */
export function countedClient(client: KubeApi, counts: SyncRequestCounts, stage: SyncStage): KubeApi {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      const cost = requestsOf[String(property)] ?? 0
      return (...args: unknown[]) => {
        counts[stage] += cost
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}
