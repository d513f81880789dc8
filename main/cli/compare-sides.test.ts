import { describe, expect, it } from 'vitest'
import { comparisonSides } from './compare-sides'

describe('gitops-desk diff: what an app is compared with', () => {
  it('no other side: the usual live-against-Git diff', () => {
    expect(comparisonSides('gb', {})).toBeNull()
    expect(comparisonSides('gb', { clientSide: true, context: 'kind-dev' })).toBeNull()
  })

  it('--against another app: rendered, or live with --live', () => {
    expect(comparisonSides('gb-1', { against: 'gb-2' })).toEqual([{ app: 'gb-1' }, { app: 'gb-2' }])
    expect(comparisonSides('gb-1', { against: 'gb-2', live: true })).toEqual([{ app: 'gb-1', live: true }, { app: 'gb-2', live: true }])
  })

  it('--revision: the targetRevision (or live) against it; two revisions against each other', () => {
    expect(comparisonSides('gb', { revision: ['v1.2.0'] })).toEqual([{ app: 'gb' }, { app: 'gb', revision: 'v1.2.0' }])
    expect(comparisonSides('gb', { revision: ['v1.2.0'], live: true })).toEqual([{ app: 'gb', live: true }, { app: 'gb', revision: 'v1.2.0' }])
    expect(comparisonSides('gb', { revision: ['HEAD', 'v1.2.0'] })).toEqual([{ app: 'gb', revision: 'HEAD' }, { app: 'gb', revision: 'v1.2.0' }])
  })

  it('refuses what does not make one comparison, naming the option', () => {
    expect(() => comparisonSides('gb', { live: true })).toThrow(/--live compares live objects with another app/)
    expect(() => comparisonSides('gb', { against: 'x', revision: ['v1'] })).toThrow(/give one of --against, --revision, not both/)
    expect(() => comparisonSides('gb', { revision: ['a', 'b', 'c'] })).toThrow(/at most twice/)
    expect(() => comparisonSides('gb', { revision: ['a', 'b'], live: true })).toThrow(/a live side has no revision/)
    expect(() => comparisonSides('gb', { against: 'x', context: 'kind-dev' })).toThrow(/--context apply to the live-against-Git diff, not to --against/)
  })
})
