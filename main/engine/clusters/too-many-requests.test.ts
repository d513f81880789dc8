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
})
