import type { AdaptiveConcurrency, RequestOutcome } from './adaptive-concurrency'
// closed-lists: the object API's methods to wrap, not its request actions (object-api.ts), though the names match.
const retried = new Set(['patch', 'create', 'replace', 'delete', 'list', 'read'])
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const outcomeOf = (error: unknown): RequestOutcome => ((error as { code?: unknown }).code === 429 ? 'too-many' : 'failed')

/**
 * A read (GET) whose connection closed before its answer ended: client-go retries those (a reset
 * or an early EOF on a GET), since reading again changes nothing. Writes are never retried here.
 */
function isReadCutShort(method: string, error: unknown): boolean {
  if (method !== 'list' && method !== 'read') return false
  if (typeof (error as { code?: unknown }).code === 'number') return false
  return /Premature close|ECONNRESET|socket hang up|other side closed|Invalid response body/i.test(String((error as Error)?.message ?? error))
}

/**
 * The API server answers 429 while it is busy, and for a few seconds after a CRD is created
 * ("storage is (re)initializing"); client-go, and so kubectl and Argo CD, wait and retry. This
 * does the same for the object API's requests: up to `attempts`, after Retry-After or a short
 * backoff; and a read cut short is read again. Anything else goes through untouched. With a
 * `limit` (the cluster's), each attempt waits for a place under it, and its answer adapts it.
 */
export function retryingTooManyRequests<T extends object>(api: T, attempts = 8, limit?: AdaptiveConcurrency): T {
  return new Proxy(api, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || !retried.has(String(property))) return value
      return async (...args: unknown[]) => {
        for (let attempt = 1; ; attempt++) {
          try {
            const send = () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
            // Each attempt takes a place under the cluster's limit; a list's time says little of the server's load.
            return await (limit ? limit.run(send, outcomeOf, property !== 'list') : send())
          } catch (error) {
            if (attempt < attempts && isReadCutShort(String(property), error)) {
              await sleep(Math.min(100 * 2 ** (attempt - 1), 2000))
              continue
            }
            if ((error as { code?: number }).code !== 429) throw error
            if (attempt >= attempts) throw error
            const after = Number((error as { headers?: Record<string, string> }).headers?.['retry-after'])
            await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 5) * 1000 : Math.min(250 * 2 ** (attempt - 1), 4000))
          }
        }
      }
    },
  })
}
