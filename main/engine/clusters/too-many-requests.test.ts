import { describe, expect, it } from 'vitest'
import { retryingTooManyRequests } from './too-many-requests'

describe('requests the API server answers 429', () => {
  it('are retried (a new CRD whose storage is initializing); other errors and other methods go through at once', async () => {
    let reads = 0
    let lists = 0
    const api = {
      async read() {
        reads++
        if (reads < 3) throw Object.assign(new Error('storage is (re)initializing'), { code: 429, headers: { 'retry-after': '0' } })
        return 'object'
      },
      async list() {
        lists++
        throw Object.assign(new Error('boom'), { code: 500 })
      },
      name: 'plain',
    }
    const wrapped = retryingTooManyRequests(api)
    expect(await wrapped.read()).toBe('object')
    expect(reads).toBe(3)
    await expect(wrapped.list()).rejects.toThrow('boom')
    expect(lists).toBe(1)
    expect(wrapped.name).toBe('plain')
    const tooMany = retryingTooManyRequests({ read: async () => Promise.reject(Object.assign(new Error('busy'), { code: 429, headers: { 'retry-after': '0' } })) }, 2)
    await expect(tooMany.read()).rejects.toThrow('busy')
  })

  it('a read whose connection closed before its answer ended is read again, as client-go does; a write is not', async () => {
    let lists = 0
    let patches = 0
    const cutShort = () => new Error('Invalid response body while trying to fetch https://127.0.0.1/apis/apps/v1/replicasets: Premature close')
    const wrapped = retryingTooManyRequests({
      async list() {
        if (++lists < 3) throw cutShort()
        return 'items'
      },
      async patch() {
        patches++
        throw cutShort()
      },
    })
    expect(await wrapped.list()).toBe('items')
    expect(lists).toBe(3)
    await expect(wrapped.patch()).rejects.toThrow('Premature close')
    expect(patches).toBe(1)
  })
})
