import { describe, expect, it } from 'vitest'
import { clusterRetryDelay, selfHealDelay, withJitter } from './backoff'

describe('reconcile timing', () => {
  it('self-heal waits 2 s × 3^(n−1), capped at 300 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(selfHealDelay)).toEqual([2_000, 6_000, 18_000, 54_000, 162_000, 300_000, 300_000])
  })

  it('an unreachable cluster is asked again after 5 s, doubling to 2 min', () => {
    expect([1, 2, 3, 6, 10].map(clusterRetryDelay)).toEqual([5_000, 10_000, 20_000, 120_000, 120_000])
  })

  it('the interval gets up to the jitter added', () => {
    expect(withJitter(120_000, 60_000, () => 0)).toBe(120_000)
    expect(withJitter(120_000, 60_000, () => 0.999)).toBe(179_940)
  })
})
