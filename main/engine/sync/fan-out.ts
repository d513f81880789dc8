import pLimit from 'p-limit'

/** Runs every item's work (as many at once as it allows); results in the items' order. */
export type FanOut = <T, R>(items: readonly T[], work: (item: T) => Promise<R>) => Promise<R[]>

/**
 * Every item's work at once, or at most `parallelism` at a time. A sync does not pace itself: its
 * requests take places under the cluster's one adaptive limit (AdaptiveConcurrency, held by the
 * cluster's client), shared with the compares running meanwhile.
 */
export function fanOut(parallelism?: number): FanOut {
  const limit = pLimit(parallelism ?? Infinity)
  return (items, work) => Promise.all(items.map((item) => limit(() => work(item))))
}
