import { describe, expect, it } from 'vitest'
import type { SyncWindowTimeline } from '../../../shared/api'
import { timelineLayout } from './timeline-layout'

const window = (ranges: [string, string][]): SyncWindowTimeline['windows'][number] => ({ kind: 'deny', schedule: '0 22 * * *', duration: '4h', applications: ['*'], namespaces: [], clusters: [], manualSync: false, activeNow: false, ranges: ranges.map(([start, end]) => ({ start, end })) })

describe('the sync window timeline', () => {
  const day: SyncWindowTimeline = { now: '2026-01-01T03:00:00.000Z', from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z', windows: [window([['2026-01-01T12:00:00.000Z', '2026-01-01T18:00:00.000Z']]), window([])] }

  it('places now and each active range by time across the span', () => {
    const layout = timelineLayout(day)
    expect(layout.now).toBe(12.5)
    expect(layout.rows[0]!.bars).toEqual([expect.objectContaining({ left: 50, width: 25 })])
    expect(layout.rows[1]).toEqual({ bars: [], summary: 'deny window not active in this span' })
    expect(layout.rows[0]!.summary).toMatch(/^deny window active .+ – .+$/)
  })

  it('ticks every 3 hours on a day and every day on a week, inside the span', () => {
    const dayTicks = timelineLayout(day).ticks
    expect(dayTicks.length).toBeGreaterThanOrEqual(7)
    expect(dayTicks.length).toBeLessThanOrEqual(8)
    const week = timelineLayout({ ...day, to: '2026-01-08T00:00:00.000Z' }).ticks
    expect(week.length).toBeGreaterThanOrEqual(6)
    expect(week.length).toBeLessThanOrEqual(7)
    for (const t of [...dayTicks, ...week]) expect(t.left).toBeGreaterThan(0)
  })
})
