import { describe, expect, it, vi } from 'vitest'
import { ClusterOutages } from './cluster-outages'
import { Reachability } from './reachability'

function setup(intervalMs = 20, heardFrom?: (context: string) => number) {
  const said: string[] = []
  let answer: { reachable: boolean; reason?: string } = { reachable: true }
  let probes = 0
  const reachability = new Reachability(async () => ({ reachable: true }), { down: (c, m) => said.push(`down ${c}: ${m}`), up: (c) => said.push(`up ${c}`) })
  const outages = new ClusterOutages(async () => (probes++, answer), () => ['c'], reachability, { intervalMs, timeoutMs: 10 }, heardFrom)
  return { said, outages, reachability, set: (a: typeof answer) => (answer = a), probes: () => probes }
}

describe('cluster outages', () => {
  it('one failed probe is not an outage; two in a row are, said once; one answer ends it', async () => {
    const { said, outages, set, probes } = setup()
    outages.start()
    try {
      await vi.waitFor(() => expect(probes()).toBeGreaterThan(1))
      set({ reachable: false, reason: 'connection refused' })
      await vi.waitFor(() => expect(said).toEqual(['down c: connection refused']))
      const after = probes()
      await vi.waitFor(() => expect(probes()).toBeGreaterThan(after + 2))
      expect(said).toEqual(['down c: connection refused'])
      set({ reachable: true })
      await vi.waitFor(() => expect(said).toEqual(['down c: connection refused', 'up c']))
    } finally {
      await outages.stop()
    }
  })

  it('a single failed probe does not mark the cluster down', async () => {
    const { said, outages, set, probes } = setup(60_000)
    set({ reachable: false, reason: 'refused' })
    outages.start()
    try {
      await vi.waitFor(() => expect(probes()).toBe(1))
      await new Promise((r) => setTimeout(r, 50))
      expect(said).toEqual([])
    } finally {
      await outages.stop()
    }
  })

  it('a lost watch and one failed probe are enough; nothing is asked once stopped', async () => {
    const { said, outages, set, probes } = setup(60_000)
    outages.start()
    try {
      await vi.waitFor(() => expect(probes()).toBe(1))
      set({ reachable: false, reason: 'refused' })
      outages.connectionLost('c')
      await vi.waitFor(() => expect(said).toEqual(['down c: refused']))
      expect(probes()).toBe(2)
    } finally {
      await outages.stop()
    }
    outages.connectionLost('c')
    expect(probes()).toBe(2)
  })

  it("probes that get no answer while the cluster's watches still deliver do not mark it down (a busy server); once they stop, they do", async () => {
    let heard = true
    const { said, outages, set, probes } = setup(20, () => (heard ? Date.now() + 1 : 0))
    set({ reachable: false, reason: 'no answer within 3 s' })
    outages.start()
    try {
      await vi.waitFor(() => expect(probes()).toBeGreaterThan(4))
      expect(said).toEqual([])
      heard = false
      await vi.waitFor(() => expect(said).toEqual(['down c: no answer within 3 s']))
    } finally {
      await outages.stop()
    }
  })
})
