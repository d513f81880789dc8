import { describe, expect, it } from 'vitest'
import type { DeskEvent } from '../../../shared/model'
import { ExecSessions, type ExecEnd, type OpenExec } from './exec-sessions'

const target = { namespace: 'shop', pod: 'web', container: 'web', command: ['sh'], tty: true }

/** A container that echoes what is typed, at the interface the clusters layer implements (pod-exec.ts). */
function fakeContainer() {
  const state = { typed: [] as string[], sizes: [] as string[], closed: false, output: (_t: string) => undefined as void, end: (_e: ExecEnd) => undefined as void }
  const open: OpenExec = async (_t, onOutput, onEnd) => {
    state.output = onOutput
    state.end = onEnd
    return { write: (t) => void state.typed.push(t), resize: (c, r) => void state.sizes.push(`${c}x${r}`), endInput: () => undefined, close: () => void (state.closed = true) }
  }
  return { state, open }
}

describe('shell sessions', () => {
  it("hand on output in order as shell-output events, a burst as one event, and the end with the command's exit code", async () => {
    const events: DeskEvent[] = []
    const sessions = new ExecSessions((e) => events.push(e), 5)
    const { state, open } = fakeContainer()
    const id = await sessions.start(target, open)
    expect(sessions.write(id, 'echo hi\r')).toBe(true)
    expect(sessions.resize(id, 100, 30)).toBe(true)
    expect(state.typed).toEqual(['echo hi\r'])
    expect(state.sizes).toEqual(['100x30'])
    state.output('echo hi\r\n')
    state.output('hi\r\n$ ')
    await expect.poll(() => events.length).toBe(1)
    expect(events[0]).toEqual({ type: 'shell-output', session: id, data: 'echo hi\r\nhi\r\n$ ' })
    state.output('bye')
    state.end({ exitCode: 0, message: 'the command exited with code 0' })
    // What came before the end is delivered before it.
    expect(events.slice(1)).toEqual([{ type: 'shell-output', session: id, data: 'bye' }, { type: 'shell-end', session: id, exitCode: 0, message: 'the command exited with code 0' }])
    expect(sessions.write(id, 'more')).toBe(false)
    expect(sessions.size).toBe(0)
  })

  it('close the connection when stopped, and say nothing more about it', async () => {
    const events: DeskEvent[] = []
    const sessions = new ExecSessions((e) => events.push(e), 5)
    const { state, open } = fakeContainer()
    const id = await sessions.start(target, open)
    expect(sessions.stop(id)).toBe(true)
    expect(state.closed).toBe(true)
    state.output('late')
    state.end({ message: 'the connection to the API server closed' })
    expect(events).toEqual([])
    expect(sessions.stop(id)).toBe(false)
  })

  it('close a connection that opens after its session was stopped (a closed window)', async () => {
    const sessions = new ExecSessions(() => undefined)
    const { state, open } = fakeContainer()
    let release = () => undefined as void
    const gate = new Promise<void>((r) => (release = r))
    const starting = sessions.start(target, async (...args) => (await gate, open(...args)))
    sessions.stopAll()
    release()
    await starting
    expect(state.closed).toBe(true)
  })
})
