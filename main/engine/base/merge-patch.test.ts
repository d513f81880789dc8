import { describe, expect, it } from 'vitest'
import { applyMergePatch, createMergePatch, mergePatch } from './merge-patch'

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

describe('RFC 7386 merge patches (RespectIgnoreDifferences)', () => {
  it('createMergePatch holds only what changed (null for what went); applyMergePatch applies it to a copy', () => {
    const from = { data: { a: '1', b: '2' }, keep: [1, 2] }
    const to = { data: { a: '1', b: 'by-hand', c: '3' }, keep: [1, 2] }
    const patch = createMergePatch(from, to)
    expect(patch).toEqual({ data: { b: 'by-hand', c: '3' } })
    expect(createMergePatch(to, from)).toEqual({ data: { b: '2', c: null } })
    const target = { data: { a: '9' } }
    expect(applyMergePatch(target, patch)).toEqual({ data: { a: '9', b: 'by-hand', c: '3' } })
    expect(target).toEqual({ data: { a: '9' } })
    expect(applyMergePatch({ data: { a: '1', c: '3' } }, { data: { c: null } })).toEqual({ data: { a: '1' } })
  })

  it('createMergePatch compares lists by content: the same items with their keys in another order are no change', () => {
    const live = { spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } }
    const reordered = { spec: { containers: [{ ports: [{ protocol: 'TCP', containerPort: 80 }], image: 'nginx', name: 'web' }] } }
    expect(createMergePatch(live, reordered)).toEqual({})
    expect(createMergePatch(live, { spec: { containers: [{ ports: [{ protocol: 'UDP', containerPort: 80 }], image: 'nginx', name: 'web' }] } })).toEqual({ spec: { containers: [{ ports: [{ protocol: 'UDP', containerPort: 80 }], image: 'nginx', name: 'web' }] } })
  })
})
