import { describe, expect, it, vi } from 'vitest'
import { EventBus } from './events'
import type { AppStatus, DeskEvent } from './types'

const status = (name: string, sync: AppStatus['sync']): DeskEvent => ({ type: 'app-status', app: name, status: { name, sync } as AppStatus })

describe('EventBus', () => {
  it('turns a burst of status events into one update per app per window, keeping the latest', () => {
    vi.useFakeTimers()
    const bus = new EventBus(500)
    const batches: DeskEvent[][] = []
    bus.subscribe((b) => batches.push(b))
    for (let i = 0; i < 100; i++) bus.emit(status('a', i % 2 ? 'Synced' : 'OutOfSync'))
    bus.emit(status('b', 'Synced'))
    bus.emit({ type: 'error', message: 'x', where: 'y' })
    expect(batches).toEqual([])
    vi.advanceTimersByTime(500)
    expect(batches).toHaveLength(1)
    expect(batches[0]!.map((e) => (e.type === 'app-status' ? `${e.app}:${e.status.sync}` : e.type))).toEqual(['a:Synced', 'b:Synced', 'error'])
    vi.useRealTimers()
  })

  it('delivers a lone change on the next turn, and what follows within the window at its end', () => {
    vi.useFakeTimers()
    const bus = new EventBus(500)
    const batches: string[][] = []
    bus.subscribe((b) => batches.push(b.map((e) => (e.type === 'app-status' ? `${e.app}:${e.status.sync}` : e.type))))
    bus.emit(status('a', 'OutOfSync'))
    vi.advanceTimersByTime(0)
    expect(batches).toEqual([['a:OutOfSync']])
    vi.advanceTimersByTime(100)
    bus.emit(status('a', 'Synced'))
    bus.emit(status('b', 'Synced'))
    vi.advanceTimersByTime(399)
    expect(batches).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(batches).toEqual([['a:OutOfSync'], ['a:Synced', 'b:Synced']])
    vi.useRealTimers()
  })

  it("delivers a working copy's finished render at once, in place of its 'rendering' state", () => {
    vi.useFakeTimers()
    const bus = new EventBus(500)
    const batches: DeskEvent[][] = []
    bus.subscribe((b) => batches.push(b))
    const copy = (rendering: boolean, revision: string): DeskEvent => ({ type: 'working-copy', app: 'a', state: { app: 'a', dir: '/w', revision, files: [], diff: null, error: null, rendering, updatedAt: '' } })
    bus.emit(copy(true, 'local:1'))
    expect(batches).toEqual([])
    bus.emit(copy(false, 'local:2'))
    expect(batches.map((b) => b.map((e) => (e.type === 'working-copy' ? `${e.state?.revision} ${e.state?.rendering}` : e.type)))).toEqual([['local:2 false']])
    vi.useRealTimers()
  })

  it('delivers a menu command at once (with what is pending before it), so it acts on what is on screen', () => {
    vi.useFakeTimers()
    const bus = new EventBus(500)
    const batches: DeskEvent[][] = []
    bus.subscribe((b) => batches.push(b))
    bus.emit(status('a', 'Synced'))
    bus.emit({ type: 'menu', action: 'sync' })
    expect(batches.map((b) => b.map((e) => e.type))).toEqual([['app-status', 'menu']])
    vi.useRealTimers()
  })

  it("delivers a shell's output at once (it answers keys being typed), and only the latest list of port-forwards", () => {
    vi.useFakeTimers()
    const bus = new EventBus(500)
    const batches: DeskEvent[][] = []
    bus.subscribe((b) => batches.push(b))
    bus.emit({ type: 'port-forwards', forwards: [] })
    bus.emit({ type: 'port-forwards', forwards: [{ id: 'f1' } as never] })
    bus.emit({ type: 'shell-output', session: 's1', data: '$ ' })
    expect(batches).toEqual([[{ type: 'port-forwards', forwards: [{ id: 'f1' }] }, { type: 'shell-output', session: 's1', data: '$ ' }]])
    vi.useRealTimers()
  })

  it('a listener that throws does not stop the others', () => {
    const bus = new EventBus(0)
    const seen: number[] = []
    bus.subscribe(() => {
      throw new Error('closed window')
    })
    bus.subscribe((b) => seen.push(b.length))
    bus.emit(status('a', 'Synced'))
    expect(seen).toEqual([1])
  })
})
