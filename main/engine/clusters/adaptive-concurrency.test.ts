import { describe, expect, it } from 'vitest'
import { AdaptiveConcurrency } from './adaptive-concurrency'

/** A clock that moves only when an answer takes time: `answer(ms)` runs one request that took ms. */
function scripted(options: ConstructorParameters<typeof AdaptiveConcurrency>[0]) {
  let clock = 0
  const limiter = new AdaptiveConcurrency({ ...options, now: () => clock })
  const answer = (ms: number) => limiter.run(async () => void (clock += ms))
  return { limiter, answer }
}

describe('adaptive concurrency', () => {
  it('grows while answers come back as fast as before, up to its maximum, and shrinks while they slow down', async () => {
    const { limiter, answer } = scripted({ initial: 2, min: 2, max: 12 })
    for (let i = 0; i < 40; i++) await answer(10)
    expect(limiter.limit).toBe(12)
    for (let i = 0; i < 12; i++) await answer(40)
    expect(limiter.limit).toBeLessThan(12)
    // Answers that keep getting slower (requests queue ever longer): down to a handful (halved, plus √limit to probe with).
    for (let i = 0, ms = 40; i < 60; i++) await answer((ms *= 1.15))
    expect(limiter.limit).toBeLessThanOrEqual(5)
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

  it('runs no more at once than its limit, keeps the items\' order, and a failure gives its slot back', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 3, min: 3, max: 3 })
    let running = 0
    let most = 0
    const items = Array.from({ length: 30 }, (_, i) => i)
    const results = await limiter.map(items, async (i) => {
      most = Math.max(most, ++running)
      await new Promise((r) => setImmediate(r))
      running--
      return i
    })
    expect(results).toEqual(items)
    expect(most).toBe(3)
    await expect(limiter.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused')
    expect(await limiter.run(async () => 'next')).toBe('next')
  })
})
