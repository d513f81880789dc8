import { describe, expect, it } from 'vitest'
import type { SyncWindowTimeline } from '../../../shared/api'
import { axisLabels, labelWidth, timelineLayout, type AxisLabel } from './timeline-layout'

const window = (ranges: [string, string][]): SyncWindowTimeline['windows'][number] => ({ kind: 'deny', schedule: '0 22 * * *', duration: '4h', applications: ['*'], namespaces: [], clusters: [], manualSync: false, activeNow: false, ranges: ranges.map(([start, end]) => ({ start, end })) })

describe('the sync window timeline', () => {
  const day: SyncWindowTimeline = { now: '2026-01-01T03:00:00.000Z', from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z', windows: [window([['2026-01-01T12:00:00.000Z', '2026-01-01T18:00:00.000Z']]), window([])] }

  it('places now and each active range by time across the span', () => {
    const layout = timelineLayout(day, 800)
    expect(layout.now).toBe(12.5)
    expect(layout.rows[0]!.bars).toEqual([expect.objectContaining({ left: 50, width: 25 })])
    expect(layout.rows[1]).toEqual({ bars: [], summary: 'deny window not active in this span' })
    expect(layout.rows[0]!.summary).toMatch(/^deny window active .+ – .+$/)
  })

  it('ticks every 3 hours on a day and every day on a week, inside the span', () => {
    const dayTicks = timelineLayout(day, 800).ticks
    expect(dayTicks.length).toBeGreaterThanOrEqual(7)
    expect(dayTicks.length).toBeLessThanOrEqual(8)
    const week = timelineLayout({ ...day, to: '2026-01-08T00:00:00.000Z' }, 800).ticks
    expect(week.length).toBeGreaterThanOrEqual(6)
    expect(week.length).toBeLessThanOrEqual(7)
    for (const t of [...dayTicks, ...week]) expect(t.left).toBeGreaterThan(0)
  })

  /** Each label's extent in px on an axis `width` wide. */
  const extents = (labels: AxisLabel[], width: number) => labels.map((l) => ({ start: (l.left / 100) * width, end: (l.left / 100) * width + labelWidth(l.label) }))

  it('draws "now" at its time and no tick label over it or over another tick label, at any time of day and any width', () => {
    for (const width of [240, 400, 800, 1600]) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 17) {
        for (const to of ['2026-01-02T00:00:00.000Z', '2026-01-08T00:00:00.000Z']) {
          const now = new Date(Date.parse(day.from) + minutes * 60_000).toISOString()
          const layout = timelineLayout({ ...day, now, to }, width)
          const labels = layout.labels
          expect(labels.filter((l) => l.now)).toHaveLength(1)
          const boxes = extents(labels, width)
          for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.start).toBeGreaterThanOrEqual(boxes[i - 1]!.end)
          for (const b of boxes) {
            expect(b.start).toBeGreaterThanOrEqual(0)
            expect(b.end).toBeLessThanOrEqual(width + 1e-9)
          }
        }
      }
    }
  })

  it('hides only the ticks that would overlap: with room, every tick is labelled; "now" sits centred on its time', () => {
    const ticks = [
      { left: 25, label: '06:00' },
      { left: 50, label: '12:00' },
      { left: 75, label: '18:00' },
    ]
    const labels = axisLabels({ left: 50, label: 'now' }, ticks, 400)
    expect(labels.map((l) => l.label)).toEqual(['06:00', 'now', '18:00']) // 12:00 is where now is: it gives way
    expect((labels[1]!.left / 100) * 400 + labelWidth('now') / 2).toBeCloseTo(200)
    // Ticks 200 px apart leave room for all but the one at now.
    const wide = timelineLayout(day, 1600)
    expect(wide.labels.filter((l) => !l.now).length).toBeGreaterThanOrEqual(wide.ticks.length - 1)
    // At the very start "now" stays inside the axis instead of hanging off its edge.
    expect(axisLabels({ left: 0, label: 'now' }, [], 500)).toEqual([{ left: 0, label: 'now', now: true }])
  })
})
