import { describe, expect, it } from 'vitest'
import type { TreeNode } from '../../../shared/model'
import { layoutGraph, nodeWidth } from './graph-layout'

const none = { kinds: new Set<string>(), health: new Set<string>(), sync: new Set<string>() }
const node = (key: string, kind: string, health: TreeNode['health'], parent?: string): TreeNode => ({ key, kind, name: key, namespace: 'ns', health, ...(parent ? { parent } : {}), ...(parent ? {} : { status: 'Synced' as const }) })
const tree: TreeNode[] = [
  node('deploy', 'Deployment', 'Degraded'),
  node('rs-old', 'ReplicaSet', 'Healthy', 'deploy'),
  node('rs-new', 'ReplicaSet', 'Degraded', 'deploy'),
  node('pod-bad', 'Pod', 'Degraded', 'rs-new'),
  node('pod-ok', 'Pod', 'Healthy', 'rs-old'),
  node('svc', 'Service', 'Healthy'),
]

describe('the app graph layout', () => {
  it('places the app, then its resources, then what they own, left to right, each child right of its parent', () => {
    const { nodes, edges } = layoutGraph({ name: 'gb', health: 'Degraded' }, tree, none)
    const x = (key: string) => nodes.find((n) => n.key === key)!.x
    expect(x('app:gb')).toBe(0)
    expect(x('deploy')).toBeGreaterThanOrEqual(nodeWidth)
    expect(x('rs-new')).toBeGreaterThan(x('deploy'))
    expect(x('pod-bad')).toBeGreaterThan(x('rs-new'))
    expect(edges.map((e) => `${e.from.key}>${e.to.key}`).sort()).toEqual(['app:gb>deploy', 'app:gb>svc', 'deploy>rs-new', 'deploy>rs-old', 'rs-new>pod-bad', 'rs-old>pod-ok'])
    // No two nodes overlap.
    const spots = new Set(nodes.map((n) => `${n.x},${n.y}`))
    expect(spots.size).toBe(nodes.length)
  })

  it('filtering by Degraded keeps the degraded nodes and the path to them, nothing else', () => {
    const { nodes } = layoutGraph({ name: 'gb', health: 'Degraded' }, [...tree, node('pod-bad-2', 'Pod', 'Degraded', 'rs-old')], { ...none, health: new Set(['Degraded']) })
    expect(nodes.map((n) => `${n.key}${n.onPath ? ' (path)' : ''}`).sort()).toEqual(['app:gb', 'deploy', 'pod-bad', 'pod-bad-2', 'rs-new', 'rs-old (path)'])
  })

  it('filters by kind and by sync status', () => {
    expect(layoutGraph({ name: 'gb', health: null }, tree, { ...none, kinds: new Set(['Pod']) }).nodes.filter((n) => !n.onPath).map((n) => n.key).sort()).toEqual(['app:gb', 'pod-bad', 'pod-ok'])
    expect(layoutGraph({ name: 'gb', health: null }, tree, { ...none, sync: new Set(['Synced']) }).nodes.map((n) => n.key).sort()).toEqual(['app:gb', 'deploy', 'svc'])
  })
})
