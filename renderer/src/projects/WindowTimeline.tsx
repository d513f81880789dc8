import { useEffect, useRef, useState } from 'react'
import type { GitopsApi, SyncWindowTimeline } from '../../../shared/api'
import { errorText } from '../state/errors'
import { timelineLayout } from './timeline-layout'

const spans = [
  { hours: 24, label: 'Next 24 hours' },
  { hours: 168, label: 'Next 7 days' },
] as const

/** Who a window is for, as Argo CD's project page lists it. */
const targets = (w: SyncWindowTimeline['windows'][number]) =>
  [w.applications.length && `apps ${w.applications.join(', ')}`, w.namespaces.length && `namespaces ${w.namespaces.join(', ')}`, w.clusters.length && `clusters ${w.clusters.join(', ')}`].filter(Boolean).join(' · ') || 'no apps'

/**
 * A project's sync windows as a timeline: each window a row with the ranges it is active in (the
 * engine reads the cron schedules) and a line at now. Read again each minute and after a save.
 */
export function WindowTimeline({ api, project, version }: { api: GitopsApi; project: string; version: number }) {
  const [hours, setHours] = useState<number>(24)
  const [timeline, setTimeline] = useState<SyncWindowTimeline | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    const read = () =>
      api.projectWindows(project, { hours }).then(
        (t) => live && (setTimeline(t), setError(null)),
        (e: unknown) => live && setError(errorText(e)),
      )
    void read()
    const timer = setInterval(() => void read(), 60_000)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [api, project, hours, version])
  // The axis's width decides which tick labels fit beside "now" (measured; a guess until then).
  const axis = useRef<HTMLDivElement>(null)
  const [axisWidth, setAxisWidth] = useState(600)
  const hasAxis = !!timeline?.windows.length
  useEffect(() => {
    const element = axis.current
    if (!element) return
    const observer = new ResizeObserver(() => setAxisWidth(element.clientWidth))
    observer.observe(element)
    return () => observer.disconnect()
  }, [hasAxis])
  const layout = timeline && timelineLayout(timeline, axisWidth)
  return (
    <section className="window-timeline" aria-label="Sync windows timeline">
      <div className="timeline-head">
        <h2>Sync windows</h2>
        <div className="segmented" role="group" aria-label="Timeline span">
          {spans.map((s) => (
            <button key={s.hours} aria-pressed={hours === s.hours} onClick={() => setHours(s.hours)}>
              {s.label}
            </button>
          ))}
        </div>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {timeline && timeline.windows.length === 0 && <p className="muted">No sync windows: this project's apps sync at any time.</p>}
      {layout && timeline && timeline.windows.length > 0 && (
        <div className="timeline-grid">
          <div className="timeline-axis" aria-hidden="true" ref={axis}>
            {layout.labels.map((l) => (
              <span key={`${l.left}-${l.label}`} className={l.now ? 'timeline-now-label' : 'timeline-tick'} style={{ left: `${l.left}%` }}>
                {l.label}
              </span>
            ))}
          </div>
          {timeline.windows.map((w, i) => (
            <div key={i} className="timeline-row">
              <div className="timeline-label">
                <span className={`badge window-${w.kind}`}>{w.kind}</span> <code>{w.schedule}</code> for {w.duration}
                {w.timeZone && <span className="muted"> ({w.timeZone})</span>}
                {w.activeNow && <strong> · active now</strong>}
                <div className="muted small">
                  {targets(w)}
                  {w.manualSync && ' · manual sync allowed'}
                </div>
              </div>
              <div className="timeline-track" role="img" aria-label={layout.rows[i]!.summary}>
                {layout.rows[i]!.bars.map((b) => (
                  <span key={b.left} className={`timeline-bar window-${w.kind}`} style={{ left: `${b.left}%`, width: `${Math.max(b.width, 0.3)}%` }} title={b.label} />
                ))}
                <span className="timeline-now" data-testid="timeline-now" style={{ left: `${layout.now}%` }} title={`now: ${new Date(timeline.now).toLocaleString()}`} />
              </div>
            </div>
          ))}
        </div>
      )}
    </section>
  )
}
