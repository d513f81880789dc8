import type { SyncWindowTimeline } from '../../../shared/api'

/** Where a time falls on the timeline, in percent of its width (0 at `from`, 100 at `to`). */
export interface TimelineLayout {
  now: number
  ticks: { left: number; label: string }[]
  /** The axis labels drawn: "now" and the ticks that leave it and each other room (left: the label's start edge). */
  labels: AxisLabel[]
  rows: { bars: { left: number; width: number; label: string }[]; summary: string }[]
}

/** One label on the axis, placed by its start edge in percent of the axis width. */
export interface AxisLabel {
  left: number
  label: string
  now?: true
}

/** The axis font's widest digit and letter (12px), and the room kept between two labels, in px. */
const charPx = 7.5
const gapPx = 6
/** A label's estimated width in px (padding included). */
export const labelWidth = (text: string) => text.length * charPx + 4

/**
 * The axis labels that fit on an axis `widthPx` wide: "now" always (at its time, moved inside
 * the axis at its ends), then each tick whose label overlaps no label already placed. Labels
 * are centred on their time and kept inside the axis.
 */
export function axisLabels(now: { left: number; label: string }, ticks: readonly { left: number; label: string }[], widthPx: number): AxisLabel[] {
  const placed: { start: number; end: number }[] = []
  const labels: AxisLabel[] = []
  const place = (at: number, label: string, isNow: boolean) => {
    const width = labelWidth(label)
    const start = Math.min(Math.max((at / 100) * widthPx - width / 2, 0), Math.max(widthPx - width, 0))
    const end = start + width
    if (!isNow && placed.some((p) => start < p.end + gapPx && p.start < end + gapPx)) return
    placed.push({ start, end })
    labels.push({ left: widthPx > 0 ? (start / widthPx) * 100 : 0, label, ...(isNow ? { now: true as const } : {}) })
  }
  place(now.left, now.label, true)
  for (const t of ticks) place(t.left, t.label, false)
  return labels.sort((a, b) => a.left - b.left)
}

const hour = 3_600_000

/**
 * The timeline's geometry from the engine's ranges (the renderer reads no cron): the now marker,
 * a tick every 3 hours on a day (every day on a longer span) in the viewer's time, and each
 * window's active ranges as bars, with a sentence for screen readers; the labels that fit an axis
 * `widthPx` wide without overlapping.
 */
export function timelineLayout(timeline: SyncWindowTimeline, widthPx: number, locale?: string): TimelineLayout {
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
  const now = at(Date.parse(timeline.now))
  return { now, ticks, labels: axisLabels({ left: now, label: 'now' }, ticks, widthPx), rows }
}
