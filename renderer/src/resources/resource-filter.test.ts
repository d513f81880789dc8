import { describe, expect, it } from 'vitest'
import type { TreeNode } from '../../../shared/api'
import { countBy, filterNodes, noResourceFilter, syncOf } from './resource-filter'

const nodes: TreeNode[] = [
  { key: 'apps/Deployment/shop/web', kind: 'Deployment', name: 'web', namespace: 'shop', status: 'Synced', health: 'Progressing' },
  { key: 'apps/ReplicaSet/shop/web-1', kind: 'ReplicaSet', name: 'web-1', namespace: 'shop', parent: 'apps/Deployment/shop/web', health: 'Progressing' },
  { key: '/Pod/shop/web-1-a', kind: 'Pod', name: 'web-1-a', namespace: 'shop', parent: 'apps/ReplicaSet/shop/web-1', health: 'Degraded' },
  { key: '/Service/shop/web', kind: 'Service', name: 'web', namespace: 'shop', status: 'OutOfSync', health: 'Healthy' },
  { key: '/ConfigMap/shop/settings', kind: 'ConfigMap', name: 'settings', namespace: 'shop', status: 'Missing', health: 'Missing' },
]
const keys = (f: Parameters<typeof filterNodes>[1]) => filterNodes(nodes, f).map((r) => `${r.node.key}${r.context ? ' (owner)' : ''}`)

describe('the resource tree filter', () => {
  it('shows everything without a filter', () => {
    expect(keys(noResourceFilter)).toHaveLength(nodes.length)
  })

  it('finds a name or a kind, in any case', () => {
    expect(keys({ ...noResourceFilter, text: 'SETT' })).toEqual(['/ConfigMap/shop/settings'])
    expect(keys({ ...noResourceFilter, text: 'service' })).toEqual(['/Service/shop/web'])
  })

  it('a match deep in the tree keeps its owners, marked as such, so it stays in its place', () => {
    expect(keys({ ...noResourceFilter, health: ['Degraded'] })).toEqual(['apps/Deployment/shop/web (owner)', 'apps/ReplicaSet/shop/web-1 (owner)', '/Pod/shop/web-1-a'])
  })

  it('ticked values of one list are alternatives; lists and the text must all match', () => {
    expect(keys({ ...noResourceFilter, sync: ['OutOfSync', 'Missing'] })).toEqual(['/Service/shop/web', '/ConfigMap/shop/settings'])
    expect(keys({ ...noResourceFilter, sync: ['OutOfSync', 'Missing'], kinds: ['Service'] })).toEqual(['/Service/shop/web'])
    expect(keys({ ...noResourceFilter, text: 'web', health: ['Healthy'] })).toEqual(['/Service/shop/web'])
  })

  it('counts each value for its chip; objects the app does not manage count as "—" for sync', () => {
    expect(countBy(nodes, syncOf)).toEqual([['Synced', 1], ['—', 2], ['OutOfSync', 1], ['Missing', 1]])
  })
})
