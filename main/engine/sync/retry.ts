import { parseDuration } from '../model/sync-windows'

export interface RetryPolicy {
  limit?: number | undefined
  backoff?: { duration?: string | undefined; factor?: number | undefined; maxDuration?: string | undefined } | undefined
}

/**
 * Argo CD's retry: wait duration × factor^n before retry n+1 (defaults 5s, 2, capped at 3m);
 * null when no retry is left. A negative limit retries forever; no policy, never.
 */
export function retryDelay(policy: RetryPolicy | undefined, attempt: number): number | null {
  if (!policy) return null
  const limit = policy.limit ?? 0
  if (limit >= 0 && attempt >= limit) return null
  const base = parseDuration(policy.backoff?.duration ?? '5s') ?? 5_000
  const factor = policy.backoff?.factor ?? 2
  const cap = parseDuration(policy.backoff?.maxDuration ?? '3m') ?? 180_000
  return Math.min(base * factor ** attempt, cap)
}
