import { describe, expect, it } from 'vitest'
import type { DeskEvent, Operation } from '../../../shared/model'
import { syncToEnd } from './sync-to-end'

const base: Operation = { id: 'op-1', app: 'guestbook', kind: 'sync', initiator: 'user', dryRun: false, context: 'kind-a', revision: '', attempts: 1, startedAt: '2026-01-01T00:00:00Z', phase: 'Running', message: 'rendering the target state', resources: [], applied: [] }
const op = (patch: Partial<Operation>): Operation => ({ ...base, ...patch })
const event = (operation: Operation): DeskEvent => ({ type: 'operation', app: operation.app, operation })

/** The engine's side as the renderer sees it: a start call, and operation events sent when the test says. */
function fakeEngine(onStart: (emit: (...events: DeskEvent[]) => void) => void = () => undefined) {
  const listeners = new Set<(events: DeskEvent[]) => void>()
  const emit = (...events: DeskEvent[]) => listeners.forEach((l) => l(events))
  return {
    emit,
    listening: () => listeners.size,
    api: {
      onEvents(listener: (events: DeskEvent[]) => void) {
        listeners.add(listener)
        return () => void listeners.delete(listener)
      },
      syncApp: async () => {
        onStart(emit)
        return base
      },
    },
  }
}

describe('syncToEnd: a sync followed to its end by operation events', () => {
  it('tells each progress message of its own operation and resolves with the ended one', async () => {
    const engine = fakeEngine()
    const progress: string[] = []
    const ended = syncToEnd(engine.api, 'guestbook', {}, (o) => progress.push(o.message))
    await Promise.resolve()
    await Promise.resolve()
    engine.emit(event(op({ message: 'wave 0: applying 2 resources' })))
    engine.emit(event(op({ id: 'other', message: 'not ours' })), event({ ...op({ message: 'other app' }), app: 'other-app' }))
    engine.emit(event(op({ phase: 'Succeeded', message: 'successfully synced' })))
    await expect(ended).resolves.toMatchObject({ id: 'op-1', phase: 'Succeeded', message: 'successfully synced' })
    expect(progress).toEqual(['rendering the target state', 'wave 0: applying 2 resources'])
    expect(engine.listening()).toBe(0)
  })

  it('does not miss an end that arrives before the start call returns', async () => {
    const engine = fakeEngine((emit) => emit(event(op({ message: 'applying' })), event(op({ phase: 'Failed', message: 'one or more objects failed to apply' }))))
    await expect(syncToEnd(engine.api, 'guestbook', {})).resolves.toMatchObject({ phase: 'Failed', message: 'one or more objects failed to apply' })
    expect(engine.listening()).toBe(0)
  })

  it('passes a refused start on and stops listening', async () => {
    const engine = fakeEngine()
    const refused = { ...engine.api, syncApp: () => Promise.reject(new Error('another operation is already in progress for guestbook')) }
    await expect(syncToEnd(refused, 'guestbook', {})).rejects.toThrow('already in progress')
    expect(engine.listening()).toBe(0)
  })
})
