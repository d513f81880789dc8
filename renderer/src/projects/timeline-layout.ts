import type { SyncWindowTimeline } from '../../../shared/api'

/** Where a time falls on the timeline, in percent of its width (0 at `from`, 100 at `to`). */
export interface TimelineLayout {
  now: number
  ticks: { left: number; label: string }[]
  rows: { bars: { left: number; width: number; label: string }[]; summary: string }[]
}

const hour = 3_600_000

/**
 * The timeline's geometry from the engine's ranges (the renderer reads no cron): the now marker,
 * a tick every 3 hours on a day (every day on a longer span) in the viewer's time, and each
 * window's active ranges as bars, with a sentence for screen readers.
 */
export function timelineLayout(timeline: SyncWindowTimeline, locale?: string): TimelineLayout {
  const from = Date.parse(timeline.from)
  const span = Date.parse(timeline.to) - from
  const at = (ms: number) => Math.min(100, Math.max(0, ((ms - from) / span) * 100))
  const step = span > 2 * 24 * hour ? 24 * hour : 3 * hour
  const time = (ms: number) => new Date(ms).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
  const day = (ms: number) => new Date(ms).toLocaleDateString(locale, { weekday: 'short', day: 'numeric' })
  const ticks: TimelineLayout['ticks'] = []
  const first = new Date(from)
  if (step === 24 * hour) first.setHours(24, 0, 0, 0)
  else first.setHours(Math.floor(first.getHours() / 3) * 3 + 3, 0, 0, 0)
  for (let t = first.getTime(); t < from + span; t += step) ticks.push({ left: at(t), label: step === 24 * hour ? day(t) : time(t) })
  const when = (ms: number) => (span > 24 * hour ? `${day(ms)} ${time(ms)}` : time(ms))
  const rows = timeline.windows.map((w) => {
    const bars = w.ranges.map((r) => {
      const start = Date.parse(r.start)
      const end = Date.parse(r.end)
      return { left: at(start), width: at(end) - at(start), label: `${when(start)} – ${when(end)}` }
    })
    const summary = bars.length ? `${w.kind} window active ${bars.map((b) => b.label).join(', ')}` : `${w.kind} window not active in this span`
    return { bars, summary }
  })
  return { now: at(Date.parse(timeline.now)), ticks, rows }
}
