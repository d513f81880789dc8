import { describe, expect, it } from 'vitest'
import { activeRanges } from './sync-window-ranges'
import { isActive, type SyncWindowSpec } from './sync-windows'

const at = (iso: string) => new Date(iso)
const iso = (ranges: { start: number; end: number }[]) => ranges.map((r) => [new Date(r.start).toISOString(), new Date(r.end).toISOString()])
const window = (schedule: string, duration: string, extra: Partial<SyncWindowSpec> = {}): SyncWindowSpec => ({ kind: 'deny', schedule, duration, ...extra })

describe('the active ranges of a sync window', () => {
  it('a daily window: one range a day, clipped to the span', () => {
    expect(iso(activeRanges(window('0 22 * * *', '4h', { timeZone: 'UTC' }), at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z')))).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-01-01T02:00:00.000Z'], // began the evening before, still on at the start
      ['2026-01-01T22:00:00.000Z', '2026-01-02T00:00:00.000Z'],
    ])
  })

  it('a window every minute for an hour is one range over the whole span', () => {
    expect(iso(activeRanges(window('* * * * *', '1h'), at('2026-01-01T00:00:00Z'), at('2026-01-08T00:00:00Z')))).toEqual([['2026-01-01T00:00:00.000Z', '2026-01-08T00:00:00.000Z']])
  })

  it('agrees with isActive at every quarter hour of a day', () => {
    const w = window('30 9-17/2 * * 1-5', '45m', { timeZone: 'Europe/Berlin' })
    const from = at('2026-03-02T00:00:00Z')
    const ranges = activeRanges(w, from, at('2026-03-03T00:00:00Z'))
    expect(ranges.length).toBe(5)
    for (let t = from.getTime(); t < from.getTime() + 86_400_000; t += 15 * 60_000) {
      const inRange = ranges.some((r) => t >= r.start && t < r.end)
      expect(inRange, new Date(t).toISOString()).toBe(isActive(w, new Date(t)))
    }
  })

  it('an invalid schedule or duration has no ranges', () => {
    expect(activeRanges(window('not cron', '1h'), at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'))).toEqual([])
    expect(activeRanges(window('* * * * *', 'soon'), at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'))).toEqual([])
  })
})
