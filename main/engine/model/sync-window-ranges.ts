import { CronExpressionParser } from 'cron-parser'
import { parseDuration, type SyncWindowSpec } from './sync-windows'

/** A span of time (ms since the epoch) in which a window is active. */
export interface ActiveRange {
  start: number
  end: number
}

/** At most this many scheduled starts are read for one window ("* * * * *" over a week is 10,080). */
const maxStarts = 20_000

/**
 * When a window is active between `from` and `to`: each scheduled start with its duration (as
 * isActive reads it), the ones that began before `from` and still run included, overlapping
 * ranges merged and clipped to the span. An invalid window has none.
 */
export function activeRanges(window: SyncWindowSpec, from: Date, to: Date): ActiveRange[] {
  const duration = parseDuration(window.duration)
  if (duration === null || duration === 0 || to.getTime() <= from.getTime()) return []
  const ranges: ActiveRange[] = []
  try {
    // The starts from one duration before the span: a window that began then is still on at `from`.
    const schedule = CronExpressionParser.parse(window.schedule, { currentDate: new Date(from.getTime() - duration), strict: false, ...(window.timeZone ? { tz: window.timeZone } : {}) })
    for (let i = 0; i < maxStarts; i++) {
      const start = schedule.next().toDate().getTime()
      if (start >= to.getTime()) break
      const range = { start: Math.max(start, from.getTime()), end: Math.min(start + duration, to.getTime()) }
      if (range.end <= range.start) continue
      const last = ranges[ranges.length - 1]
      if (last && range.start <= last.end) last.end = Math.max(last.end, range.end)
      else ranges.push(range)
    }
  } catch {
    return []
  }
  return ranges
}
