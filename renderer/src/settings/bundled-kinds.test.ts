import { describe, expect, it } from 'vitest'
import { bundledCountText, filterBundledKinds, shownKey } from './bundled-kinds'

const kinds = [
  { key: 'argoproj.io/Rollout', health: true, actions: ['abort', 'promote-full', 'resume'] },
  { key: 'argoproj.io/AnalysisRun', health: true, actions: ['terminate'] },
  { key: '_.crossplane.io/_', health: true, actions: [] },
  { key: 'apps/DaemonSet', health: false, actions: ['restart'] },
  { key: 'kafka.strimzi.io/Kafka', health: true, actions: [] },
]

describe('bundled kinds in Settings', () => {
  it('a search keeps the kinds whose key holds it, whatever the case', () => {
    expect(filterBundledKinds(kinds, 'rollout').map((k) => k.key)).toEqual(['argoproj.io/Rollout'])
    expect(filterBundledKinds(kinds, 'ARGOPROJ').map((k) => k.key)).toEqual(['argoproj.io/Rollout', 'argoproj.io/AnalysisRun'])
    expect(filterBundledKinds(kinds, ' io/k ').map((k) => k.key)).toEqual(['kafka.strimzi.io/Kafka'])
    expect(filterBundledKinds(kinds, '_.crossplane').map((k) => k.key)).toEqual(['_.crossplane.io/_'])
    // Shown as the glob it is, and found by it.
    expect(filterBundledKinds(kinds, '*.crossplane.io/*').map((k) => k.key)).toEqual(['_.crossplane.io/_'])
    expect(shownKey('_.crossplane.io/_')).toBe('*.crossplane.io/*')
  })

  it('an empty search shows every kind; one that matches nothing shows none', () => {
    expect(filterBundledKinds(kinds, '  ')).toHaveLength(5)
    expect(filterBundledKinds(kinds, 'nothing-like-this')).toEqual([])
  })

  it('the counts come from the list: kinds with a health check, kinds with at least one action', () => {
    expect(bundledCountText(kinds)).toBe('4 kinds with health checks, 3 with actions')
    expect(bundledCountText([kinds[0]!])).toBe('1 kind with health checks, 1 with actions')
    expect(bundledCountText([])).toBe('0 kinds with health checks, 0 with actions')
  })
})
