import { randomUUID } from 'node:crypto'
import type { DeskEvent, LogLine } from '../../../shared/model'

import type { LogOpenOptions, LogTarget } from '../clusters/pod-log'

export type { LogOpenOptions, LogTarget } from '../clusters/pod-log'

/**
 * Opens one container's log (the API server's pods/log, with timestamps): calls onLine for each
 * line, onEnd once when it ends; returns the function that closes it.
 */
export type OpenLog = (target: LogTarget, options: LogOpenOptions, onLine: (line: string) => void, onEnd: (error?: unknown) => void) => Promise<() => void>

interface Stream {
  closers: (() => void)[]
  pending: LogLine[]
  dropped: number
  timer: NodeJS.Timeout | null
  open: number
}

/** How many lines one batch carries at most; a reader that falls further behind sees a gap notice. */
const maxBatchLines = 20_000

/**
 * The open log streams: each interleaves the lines of its containers, named by pod and container,
 * and hands them on in batches (every flushMs) as `logs` events; a container whose log ends says
 * so with `logs-end`. Closed by stop(), or all at once when the engine closes.
 */
export class LogStreams {
  private readonly streams = new Map<string, Stream>()

  constructor(
    private readonly emit: (event: DeskEvent) => void,
    private readonly flushMs = 100,
  ) {}

  get size(): number {
    return this.streams.size
  }

  async start(targets: LogTarget[], options: LogOpenOptions, open: OpenLog): Promise<string> {
    const id = randomUUID()
    const stream: Stream = { closers: [], pending: [], dropped: 0, timer: null, open: targets.length }
    this.streams.set(id, stream)
    const flush = () => {
      stream.timer = null
      if (stream.dropped) stream.pending.unshift({ pod: '', container: '', text: `… ${stream.dropped} lines skipped: the reader fell behind` })
      stream.dropped = 0
      if (stream.pending.length) this.emit({ type: 'logs', stream: id, lines: stream.pending.splice(0) })
    }
    const push = (line: LogLine) => {
      if (!this.streams.has(id)) return
      if (stream.pending.length >= maxBatchLines) {
        stream.pending.shift()
        stream.dropped++
      }
      stream.pending.push(line)
      stream.timer ??= setTimeout(flush, this.flushMs)
    }
    const results = await Promise.allSettled(
      targets.map((target) =>
        open(
          target,
          options,
          (raw) => push({ pod: target.pod, container: target.container, ...splitTimestamp(raw) }),
          (error) => {
            if (!this.streams.has(id)) return
            flush()
            this.emit({ type: 'logs-end', stream: id, pod: target.pod, container: target.container, message: error ? String((error as Error).message ?? error) : options.follow ? 'the log ended (the container stopped)' : 'end of log' })
          },
        ),
      ),
    )
    for (const r of results) if (r.status === 'fulfilled') stream.closers.push(r.value)
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ target: targets[i]!, reason: r.reason as unknown }] : []))
    for (const { target, reason } of failed) this.emit({ type: 'logs-end', stream: id, pod: target.pod, container: target.container, message: String((reason as Error).message ?? reason) })
    if (!this.streams.has(id)) for (const close of stream.closers) close() // stopped while opening
    return id
  }

  stop(id: string): boolean {
    const stream = this.streams.get(id)
    if (!stream) return false
    this.streams.delete(id)
    if (stream.timer) clearTimeout(stream.timer)
    for (const close of stream.closers) close()
    return true
  }

  stopAll(): void {
    for (const id of [...this.streams.keys()]) this.stop(id)
  }
}

/** "2026-11-29T06:22:05.621Z text" (timestamps=true) → time and text. */
export function splitTimestamp(raw: string): { time?: string; text: string } {
  const space = raw.indexOf(' ')
  if (space > 0 && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(raw.slice(0, space))) return { time: raw.slice(0, space), text: raw.slice(space + 1) }
  return { text: raw }
}
