/** Argo CD's self-heal backoff: 2 s × 3^(n−1), capped at 300 s (n ≥ 1 is the attempt). */
export function selfHealDelay(attempt: number): number {
  return Math.min(2_000 * 3 ** Math.max(attempt - 1, 0), 300_000)
}

/** How long to leave an unreachable cluster before asking again: 5 s doubling to 2 min. */
export function clusterRetryDelay(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(failures - 1, 0), 120_000)
}

/** The interval plus up to `jitterMs` of random jitter, so apps do not all reconcile at once. */
export function withJitter(intervalMs: number, jitterMs: number, random: () => number = Math.random): number {
  return intervalMs + Math.floor(random() * jitterMs)
}
