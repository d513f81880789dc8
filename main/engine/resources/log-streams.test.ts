import { describe, expect, it } from 'vitest'
import type { DeskEvent } from '../../../shared/model'
import { LogStreams, splitTimestamp, type OpenLog } from './log-streams'

/** A log source at the OpenLog boundary: each target's lines are pushed by the test. */
function fakeLogs() {
  const open = new Map<string, { onLine(l: string): void; onEnd(e?: unknown): void; closed: boolean }>()
  const openLog: OpenLog = async (target, _options, onLine, onEnd) => {
    if (target.container === 'broken') throw new Error(`${target.pod}/broken: container "broken" in pod is waiting to start`)
    const entry = { onLine, onEnd, closed: false }
    open.set(`${target.pod}/${target.container}`, entry)
    return () => void (entry.closed = true)
  }
  return { open, openLog }
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('log streams', () => {
  it('interleaves the lines of every container, named by pod and container, in batches; a stop closes each source', async () => {
    const events: DeskEvent[] = []
    const streams = new LogStreams((e) => events.push(e), 5)
    const { open, openLog } = fakeLogs()
    const id = await streams.start([{ namespace: 'ns', pod: 'web-1', container: 'app' }, { namespace: 'ns', pod: 'web-2', container: 'app' }], { follow: true, previous: false, tailLines: 10 }, openLog)
    open.get('web-1/app')!.onLine('2026-11-29T06:22:05.621000000Z first')
    open.get('web-2/app')!.onLine('second without a time')
    open.get('web-1/app')!.onLine('2026-11-29T06:22:06Z third')
    await wait(20)
    expect(events).toEqual([{ type: 'logs', stream: id, lines: [
      { pod: 'web-1', container: 'app', time: '2026-11-29T06:22:05.621000000Z', text: 'first' },
      { pod: 'web-2', container: 'app', text: 'second without a time' },
      { pod: 'web-1', container: 'app', time: '2026-11-29T06:22:06Z', text: 'third' },
    ] }])
    open.get('web-2/app')!.onEnd()
    expect(events.at(-1)).toEqual({ type: 'logs-end', stream: id, pod: 'web-2', container: 'app', message: 'the log ended (the container stopped)' })
    expect(streams.stop(id)).toBe(true)
    expect([...open.values()].every((o) => o.closed)).toBe(true)
    open.get('web-1/app')!.onLine('after the stop')
    await wait(20)
    expect(events.flatMap((e) => (e.type === 'logs' ? e.lines.map((l) => l.text) : []))).not.toContain('after the stop')
    expect(streams.stop(id)).toBe(false)
  })

  it("a container that cannot be read ends with the server's reason; the others stream", async () => {
    const events: DeskEvent[] = []
    const streams = new LogStreams((e) => events.push(e), 5)
    const { open, openLog } = fakeLogs()
    const id = await streams.start([{ namespace: 'ns', pod: 'web-1', container: 'broken' }, { namespace: 'ns', pod: 'web-1', container: 'app' }], { follow: false, previous: false, tailLines: 10 }, openLog)
    expect(events).toEqual([{ type: 'logs-end', stream: id, pod: 'web-1', container: 'broken', message: 'web-1/broken: container "broken" in pod is waiting to start' }])
    open.get('web-1/app')!.onLine('ok')
    await wait(20)
    expect(events.at(-1)).toMatchObject({ type: 'logs', lines: [{ text: 'ok' }] })
    streams.stopAll()
    expect(streams.size).toBe(0)
  })

  it('a reader far behind gets the newest lines and a notice of how many were skipped', async () => {
    const events: DeskEvent[] = []
    const streams = new LogStreams((e) => events.push(e), 30)
    const { open, openLog } = fakeLogs()
    await streams.start([{ namespace: 'ns', pod: 'p', container: 'c' }], { follow: true, previous: false, tailLines: 0 }, openLog)
    for (let i = 0; i < 20_005; i++) open.get('p/c')!.onLine(`line ${i}`)
    await wait(50)
    const lines = events.flatMap((e) => (e.type === 'logs' ? e.lines : []))
    expect(lines[0]!.text).toBe('… 5 lines skipped: the reader fell behind')
    expect(lines[1]!.text).toBe('line 5')
    expect(lines.at(-1)!.text).toBe('line 20004')
    streams.stopAll()
  })

  it('splits the timestamp the API server puts before each line', () => {
    expect(splitTimestamp('2026-11-29T06:22:05.621000000Z hello world')).toEqual({ time: '2026-11-29T06:22:05.621000000Z', text: 'hello world' })
    expect(splitTimestamp('2026-11-29T06:22:05+01:00 x')).toEqual({ time: '2026-11-29T06:22:05+01:00', text: 'x' })
    expect(splitTimestamp('not a time at all')).toEqual({ text: 'not a time at all' })
  })
})
