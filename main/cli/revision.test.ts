import { describe, expect, it } from 'vitest'
import { shortRevision } from './revision'

describe('shortRevision', () => {
  it('cuts a commit to 8 characters and keeps a working copy\'s local:DIGEST whole', () => {
    expect(shortRevision('98feadb0c4b5f3a2e1d0c9b8a7f6e5d4c3b2a190')).toBe('98feadb0')
    expect(shortRevision('local:e7f6d97c999a')).toBe('local:e7f6d97c999a')
    expect(shortRevision('')).toBe('')
  })
})
