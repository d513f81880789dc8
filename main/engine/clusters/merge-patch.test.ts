import { describe, expect, it } from 'vitest'
import { mergePatch } from './merge-patch'

describe('mergePatch', () => {
  it('keeps every desired field and nulls the fields the previous apply set and the target dropped', () => {
    const previous = { data: { a: '1', b: '2' }, metadata: { labels: { old: 'x', keep: 'y' } } }
    const desired = { data: { a: '3' }, metadata: { labels: { keep: 'y' } } }
    expect(mergePatch(previous, desired)).toEqual({ data: { a: '3', b: null }, metadata: { labels: { keep: 'y', old: null } } })
  })

  it('takes lists whole and leaves fields it never set alone (they are not in the patch)', () => {
    expect(mergePatch({ spec: { ports: [1, 2] } }, { spec: { ports: [3] } })).toEqual({ spec: { ports: [3] } })
    expect(mergePatch({}, { spec: { replicas: 2 } })).toEqual({ spec: { replicas: 2 } })
  })
})
