import { describe, expect, it, vi } from 'vitest'
import { unitDesk } from '../../test/support/unit-desk'
import { createApiHandlers } from './handlers'
import { dispatch } from './dispatch'

describe('dispatch', () => {
  const handlers = createApiHandlers(unitDesk())

  it('runs a contract method with valid arguments', async () => {
    const reply = await dispatch(handlers, 'ping', ['hello'])
    expect(reply).toMatchObject({ ok: true, value: { pong: 'hello' } })
  })

  it('refuses an unknown method, including inherited names', async () => {
    for (const name of ['nope', 'toString', '__proto__', 42]) {
      const reply = await dispatch(handlers, name, [])
      expect(reply).toMatchObject({ ok: false, error: { code: 'UnknownMethod' } })
    }
  })

  it('refuses malformed arguments before any handler runs, naming the argument', async () => {
    const ping = vi.fn(handlers.ping)
    const reply = await dispatch({ ...handlers, ping }, 'ping', [123])
    expect(reply).toMatchObject({ ok: false, error: { code: 'BadRequest', where: 'ping argument 0' } })
    expect((await dispatch({ ...handlers, ping }, 'ping', 'not-a-list')).ok).toBe(false)
    expect((await dispatch({ ...handlers, ping }, 'ping', ['a', 'b'])).ok).toBe(false)
    expect(ping).not.toHaveBeenCalled()
  })

  it('turns an unexpected exception into a generic Internal error without its details', async () => {
    const log = vi.fn()
    const broken = { ...handlers, version: async () => Promise.reject(new Error('token=s3cr3t at /home/x')) }
    const reply = await dispatch(broken, 'version', [], log)
    expect(reply).toEqual({ ok: false, error: { code: 'Internal', message: expect.not.stringContaining('s3cr3t') } })
    expect(log).toHaveBeenCalledOnce()
  })
})
