import { describe, expect, it } from 'vitest'
import { ReconcileQueue, type ReconcileMode } from './queue'
import { Reachability } from './reachability'

describe('the reconcile queue', () => {
  it('runs one job per app at a time, joins requests that wait (stronger mode wins), and bounds concurrency', async () => {
    const runs: string[] = []
    const gates = new Map<string, () => void>()
    const queue = new ReconcileQueue(async (name: string, mode: ReconcileMode) => {
      runs.push(`${name}:${mode}`)
      await new Promise<void>((resolve) => gates.set(name, resolve))
      return mode
    }, 2)
    const first = queue.enqueue('a', 'cycle')
    queue.enqueue('b', 'watch')
    queue.enqueue('c', 'watch')
    await new Promise((r) => setTimeout(r, 5))
    expect(runs).toEqual(['a:cycle', 'b:watch']) // c waits for a slot
    const second = queue.enqueue('a', 'watch')
    const third = queue.enqueue('a', 'hard')
    expect(second).toBe(third) // one waiting run for a, at the strongest mode asked
    expect(queue.stats.waiting).toBe(2) // c, and a's second run
    gates.get('a')!()
    expect(await first).toBe('cycle')
    await new Promise((r) => setTimeout(r, 5))
    expect(runs).toEqual(['a:cycle', 'b:watch', 'c:watch'])
    gates.get('b')!()
    await new Promise((r) => setTimeout(r, 5))
    expect(runs.at(-1)).toBe('a:hard')
    gates.get('c')!()
    gates.get('a')!()
    expect(await third).toBe('hard')
    expect(queue.stats).toEqual({ reconciles: 4, peakConcurrent: 2, waiting: 0 })
  })
})

describe('a refresh that joins a waiting run', () => {
  it('is answered with what was pushed before it was asked: the run is told the latest ask, a watch event does not move it', async () => {
    const asked: number[] = []
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const queue = new ReconcileQueue(async (_name: string, _mode: ReconcileMode, askedAt: number) => {
      asked.push(askedAt)
      await gate
    }, 1)
    const busy = queue.enqueue('other', 'cycle')
    const first = performance.now()
    const waiting = queue.enqueue('a', 'cycle')
    await new Promise((r) => setTimeout(r, 5))
    const refreshAt = performance.now()
    queue.enqueue('a', 'refresh')
    await new Promise((r) => setTimeout(r, 5))
    const watchAt = performance.now()
    queue.enqueue('a', 'watch')
    open()
    await Promise.all([busy, waiting])
    expect(asked).toHaveLength(2)
    expect(asked[1]).toBeGreaterThanOrEqual(refreshAt)
    expect(asked[1]).toBeLessThan(watchAt)
    expect(asked[1]).toBeGreaterThan(first)
  })
})

describe('cluster reachability', () => {
  it('probes at most every 10 s while up; backs off 5 s, 10 s… while down; says when it goes down and comes back', async () => {
    const t0 = 100_000
    let now = t0
    let up = true
    let probes = 0
    const said: string[] = []
    const reach = new Reachability(async () => (probes++, up ? { reachable: true } : { reachable: false, reason: 'connection refused' }), { down: (c, m) => said.push(`down ${c}: ${m}`), up: (c) => said.push(`up ${c}`) }, () => now)
    expect((await reach.check('c')).reachable).toBe(true)
    now = t0 + 5_000
    await reach.check('c')
    expect(probes).toBe(1)
    now = t0 + 11_000
    up = false
    expect(await reach.check('c')).toMatchObject({ reachable: false, message: 'connection refused', retryAt: t0 + 16_000 })
    now = t0 + 15_000
    await reach.check('c')
    expect(probes).toBe(2) // still backing off
    now = t0 + 16_000
    expect(await reach.check('c')).toMatchObject({ failures: 2, retryAt: t0 + 26_000 })
    up = true
    now = t0 + 26_000
    expect((await reach.check('c')).reachable).toBe(true)
    expect(said).toEqual(['down c: connection refused', 'up c'])
  })
})
