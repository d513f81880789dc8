import { describe, expect, it } from 'vitest'
import { AdaptiveConcurrency, type RequestOutcome } from './adaptive-concurrency'

/** A clock that moves only when an answer takes time: `answer(ms)` runs one request that took ms. */
function scripted(options: ConstructorParameters<typeof AdaptiveConcurrency>[0]) {
  let clock = 0
  const limiter = new AdaptiveConcurrency({ ...options, now: () => clock })
  const answer = (ms: number, timed = true) => limiter.run(async () => void (clock += ms), undefined, timed)
  return { limiter, answer }
}

/** A request that ends when told to, answered or with the given failure. */
function pending() {
  let end!: (outcome: RequestOutcome) => void
  const done = new Promise<RequestOutcome>((resolve) => (end = resolve))
  const request = async () => {
    const outcome = await done
    if (outcome !== 'answered') throw Object.assign(new Error(outcome), { outcome })
    return outcome
  }
  return { end, request }
}
const outcomeOf = (error: unknown) => (error as { outcome: RequestOutcome }).outcome
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('a cluster\'s adaptive concurrency', () => {
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

  it('does not take a list\'s time for the server\'s latency, and answers that take no time do not shrink it', async () => {
    const { limiter, answer } = scripted({ initial: 4, min: 2, max: 12 })
    for (let i = 0; i < 20; i++) await answer(10)
    const grown = limiter.limit
    for (let i = 0; i < 40; i++) await answer(5_000, false)
    expect(limiter.limit).toBe(grown)
    const instant = scripted({ initial: 4, min: 2, max: 12 })
    for (let i = 0; i < 40; i++) await instant.answer(0)
    expect(instant.limiter.limit).toBe(12)
  })

  it('halves on a 429, once for the requests already out, and does not go below its minimum', async () => {
    let now = 0
    const limiter = new AdaptiveConcurrency({ initial: 16, min: 3, max: 64, now: () => now })
    const burst = Array.from({ length: 16 }, pending)
    const runs = burst.map((r) => limiter.run(r.request, outcomeOf).catch(() => undefined))
    await settle()
    now = 5
    burst.forEach((r) => r.end('too-many'))
    await Promise.all(runs)
    expect(limiter.limit).toBe(8)
    expect(limiter.stats.throttled).toBe(16)
    for (let i = 0; i < 3; i++) {
      const one = pending()
      const run = limiter.run(one.request, outcomeOf).catch(() => undefined)
      now += 1
      one.end('too-many')
      await run
    }
    expect(limiter.limit).toBe(3)
  })

  it('runs no more at once than its limit, the others in the order they came; a failure gives its place back', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 4, min: 4, max: 4 })
    const requests = Array.from({ length: 10 }, pending)
    const started: number[] = []
    const runs = requests.map((r, i) => limiter.run(async () => (started.push(i), r.request()), outcomeOf))
    await settle()
    expect(started).toEqual([0, 1, 2, 3])
    requests[1]!.end('failed')
    await expect(runs[1]).rejects.toThrow('failed')
    await settle()
    expect(started).toEqual([0, 1, 2, 3, 4])
    expect(limiter.running).toBe(4)
    requests.forEach((r) => r.end('answered'))
    await Promise.all(runs.filter((_, i) => i !== 1))
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(limiter.stats.peak).toBe(4)
    expect(limiter.limit).toBe(4)
  })
})
