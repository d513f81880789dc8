import { describe, expect, it } from 'vitest'
import { retryDelay } from './retry'

describe('retryDelay', () => {
  it('backs off duration × factor^n, capped, up to the limit', () => {
    const policy = { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '30s' } }
    expect([0, 1, 2, 3, 4, 5].map((n) => retryDelay(policy, n))).toEqual([5_000, 10_000, 20_000, 30_000, 30_000, null])
  })

  it('uses Argo CD defaults, retries forever with a negative limit, never without a policy', () => {
    expect(retryDelay({ limit: 2 }, 1)).toBe(10_000)
    expect(retryDelay({ limit: -1 }, 100)).toBe(180_000)
    expect(retryDelay(undefined, 0)).toBeNull()
    expect(retryDelay({}, 0)).toBeNull()
  })
})
