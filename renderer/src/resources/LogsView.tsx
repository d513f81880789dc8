import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { DeskEvent, GitopsApi, LogLine, PodContainers } from '../../../shared/api'
import { errorText } from '../state/errors'
import { ErrorAlert } from '../ui/ErrorAlert'
import { parseResourceKey } from '../../../shared/resource-key'

/** Lines kept in the view; older ones are dropped (the download has what is kept). */
const maxLines = 100_000

/**
 * A workload's or a pod's logs, streamed: the container picker, previous container, follow,
 * timestamps, wrap, a filter, download. Lines of several pods interleave, each named by pod and
 * container. Only the rows on screen are in the DOM, so thousands of lines a second stay smooth.
 */
export function LogsView({ api, app, resource, pods }: { api: GitopsApi; app: string; resource: string; pods: PodContainers[] }) {
  const containers = useMemo(() => [...new Set(pods.flatMap((p) => [...p.containers, ...p.initContainers]))], [pods])
  const [container, setContainer] = useState('')
  const [previous, setPrevious] = useState(false)
  const [follow, setFollow] = useState(true)
  const [timestamps, setTimestamps] = useState(false)
  const [wrap, setWrap] = useState(false)
  const [filter, setFilter] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [ended, setEnded] = useState<string[]>([])
  const lines = useRef<LogLine[]>([])
  const [version, setVersion] = useState(0)

  useEffect(() => {
    let stream: string | null = null
    let stopped = false
    let frame = 0
    const early = new Map<string, DeskEvent[]>()
    lines.current = []
    setEnded([])
    setError(null)
    setVersion((v) => v + 1)
    const take = (event: DeskEvent) => {
      if (event.type === 'logs') {
        const all = lines.current
        for (const line of event.lines) all.push(line)
        if (all.length > maxLines) all.splice(0, all.length - maxLines)
        // One re-render per frame, however many batches arrive.
        frame ||= requestAnimationFrame(() => {
          frame = 0
          setVersion((v) => v + 1)
        })
      } else if (event.type === 'logs-end') setEnded((e) => [...e, `${event.pod}/${event.container}: ${event.message}`])
    }
    const unsubscribe = api.onEvents((events) => {
      for (const event of events) {
        if (event.type !== 'logs' && event.type !== 'logs-end') continue
        if (event.stream === stream) take(event)
        else if (stream === null) early.set(event.stream, [...(early.get(event.stream) ?? []), event])
      }
    })
    api.streamLogs(app, resource, { ...(container ? { container } : {}), previous, follow: !previous, tailLines: 1000 }).then(
      (started) => {
        if (stopped) return void api.stopLogs(started.stream)
        stream = started.stream
        for (const event of early.get(stream) ?? []) take(event)
        early.clear()
      },
      (e: unknown) => setError(errorText(e)),
    )
    return () => {
      stopped = true
      unsubscribe()
      cancelAnimationFrame(frame)
      if (stream) void api.stopLogs(stream).catch(() => undefined)
    }
  }, [api, app, resource, container, previous])

  const needle = filter.trim().toLowerCase()
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` says the line buffer (a ref) grew
  const shown = useMemo(() => (needle ? lines.current.filter((l) => l.text.toLowerCase().includes(needle)) : lines.current.slice()), [needle, version])
  const many = new Set(shown.slice(0, 200).map((l) => `${l.pod}/${l.container}`)).size > 1 || pods.length > 1
  const scroller = useRef<HTMLDivElement>(null)
  const rows = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => 18, overscan: 20, ...(wrap ? { measureElement: (el: Element) => el.getBoundingClientRect().height } : {}) })
  useEffect(() => {
    if (follow && shown.length) rows.scrollToIndex(shown.length - 1, { align: 'end' })
  }, [follow, shown.length, rows])

  const download = () => {
    const text = lines.current.map((l) => `${l.time ? `${l.time} ` : ''}${many ? `${l.pod} ${l.container} ` : ''}${l.text}`).join('\n') + '\n'
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `${parseResourceKey(resource).name}${previous ? '-previous' : ''}.log`
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  return (
    <div className="logs" aria-label="Logs">
      <div className="logs-tools" role="toolbar" aria-label="Log options">
        <label>
          Container{' '}
          <select value={container} onChange={(e) => setContainer(e.target.value)} aria-label="Container">
            <option value="">All containers</option>
            {containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} /> Previous container
        </label>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <label>
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> Timestamps
        </label>
        <label>
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap
        </label>
        <input type="search" placeholder="Filter lines" aria-label="Filter log lines" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="muted small" role="status" aria-live="off">
          {needle ? `${shown.length} of ${lines.current.length}` : lines.current.length} lines
        </span>
        <button onClick={download} disabled={lines.current.length === 0}>
          Download
        </button>
      </div>
      <ErrorAlert error={error} />
      <div className={`log-lines ${wrap ? 'wrap' : ''}`} ref={scroller} tabIndex={0} aria-label="Log lines" data-lines={lines.current.length}>
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {rows.getVirtualItems().map((row) => {
            const line = shown[row.index]!
            return (
              <div key={row.key} data-index={row.index} ref={wrap ? rows.measureElement : undefined} className="log-line" style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}>
                {timestamps && line.time && <span className="log-time">{line.time} </span>}
                {many && line.pod && <span className="log-source">{line.pod}/{line.container} </span>}
                <Highlighted text={line.text} needle={needle} />
              </div>
            )
          })}
        </div>
      </div>
      {ended.length > 0 && (
        <ul className="muted small" aria-label="Ended streams">
          {ended.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

function Highlighted({ text, needle }: { text: string; needle: string }) {
  if (!needle) return <span>{text}</span>
  const at = text.toLowerCase().indexOf(needle)
  if (at < 0) return <span>{text}</span>
  return (
    <span>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + needle.length)}</mark>
      {text.slice(at + needle.length)}
    </span>
  )
}
