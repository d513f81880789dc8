import { describe, expect, it } from 'vitest'
import { AdaptiveConcurrency } from './adaptive-concurrency'

/** Work that takes a few turns of the event loop and records how many ran at once. */
function tracked() {
  let running = 0
  let most = 0
  const work = async <T>(value: T, turns = 3): Promise<T> => {
    running++
    most = Math.max(most, running)
    for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r))
    running--
    return value
  }
  return { work, most: () => most }
}

describe('adaptive concurrency', () => {
  it('keeps the items\' order and never runs more than its limit, which grows while answers come back unstrained up to the maximum', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 2, max: 6 })
    const { work, most } = tracked()
    const items = Array.from({ length: 60 }, (_, i) => i)
    expect(await limiter.map(items, (i) => work(i))).toEqual(items)
    expect(most()).toBeLessThanOrEqual(6)
    expect(limiter.limit).toBe(6)
  })

  it('halves on a 429 and does not go below its minimum', async () => {
    let throttled = 0
    const limiter = new AdaptiveConcurrency({ initial: 16, min: 3, max: 64, throttled: () => throttled })
    await limiter.run(async () => void throttled++)
    expect(limiter.limit).toBe(8)
    await limiter.run(async () => void throttled++)
    await limiter.run(async () => void throttled++)
    expect(limiter.limit).toBe(3)
  })

  it('a failed piece of work gives its slot back', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 1, min: 1, max: 1 })
    await expect(limiter.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused')
    expect(await limiter.run(async () => 'next')).toBe('next')
  })
})
