import { describe, expect, it } from 'vitest'
import type { TreeNode } from '../../../shared/model'
import { podGroups } from './pod-groups'
import { filterNetwork, networkGraph } from './network-graph'
import { noResourceFilter } from '../resources/resource-filter'

const node = (kind: string, name: string, more: Partial<TreeNode> = {}): TreeNode => ({ key: `${kind === 'Ingress' ? 'networking.k8s.io' : kind === 'Deployment' || kind === 'ReplicaSet' ? 'apps' : ''}/${kind}/ns/${name}`, kind, name, namespace: 'ns', health: 'Healthy', ...more })
const deploy = node('Deployment', 'web')
const rs = node('ReplicaSet', 'web-1', { parent: deploy.key })
const pod = (name: string, where: string | undefined, labels = { app: 'web' }, parent = rs.key) => node('Pod', name, { parent, labels, pod: { ...(where ? { node: where } : {}), phase: 'Running', ready: 1, containers: 1 } })

describe('Pod view groups', () => {
  it('groups pods by their node (numeric order), unscheduled last, with their owner and top-level resource', () => {
    const groups = podGroups([deploy, rs, pod('web-b', 'node-10'), pod('web-a', 'node-2'), pod('web-c', undefined), pod('web-d', 'node-2')])
    expect(groups.map((g) => [g.node, g.pods.map((p) => p.node.name)])).toEqual([
      ['node-2', ['web-a', 'web-d']],
      ['node-10', ['web-b']],
      [null, ['web-c']],
    ])
    expect(groups[0]!.pods[0]!.owner?.name).toBe('web-1')
    expect(groups[0]!.pods[0]!.top?.name).toBe('web')
  })

  it('shows no groups for an app without pods', () => {
    expect(podGroups([deploy])).toEqual([])
  })
})

describe('Network view graph', () => {
  it("links an Ingress to the Services its rules name, and a Service to the pods its selector matches", () => {
    const svc = node('Service', 'web', { service: { type: 'ClusterIP', selector: { app: 'web' }, external: [] } })
    const other = node('Service', 'db', { service: { type: 'ClusterIP', selector: { app: 'db' }, external: [] } })
    const ing = node('Ingress', 'web', { ingress: { services: ['web'], hosts: ['web.test'], external: [] } })
    const graph = networkGraph([deploy, rs, pod('web-a', 'n'), pod('api-a', 'n', { app: 'api' }), svc, other, ing])
    expect(graph.edges).toEqual([
      { from: ing.key, to: svc.key },
      { from: svc.key, to: pod('web-a', 'n').key },
    ])
    expect(graph.columns.pods.map((p) => p.name)).toEqual(['web-a'])
    expect(graph.columns.services.map((s) => s.name)).toEqual(['web', 'db'])
  })

  it('never matches a Service without a selector, nor one in another namespace', () => {
    const bare = node('Service', 'bare', { service: { type: 'ClusterIP', external: [] } })
    const elsewhere = { ...node('Service', 'web', { service: { type: 'ClusterIP', selector: { app: 'web' }, external: [] } }), namespace: 'other', key: '/Service/other/web' }
    expect(networkGraph([pod('web-a', 'n'), bare, elsewhere]).edges).toEqual([])
  })

  it("narrows the tiles with the tree's filter (name, kind, health); a hidden Service still puts its Pods on the graph", () => {
    const svc = node('Service', 'web', { service: { type: 'ClusterIP', selector: { app: 'web' }, external: [] } })
    const ing = node('Ingress', 'web', { ingress: { services: ['web'], hosts: ['web.test'], external: [] } })
    const sick = pod('web-b', 'n')
    const graph = networkGraph([deploy, rs, pod('web-a', 'n'), { ...sick, health: 'Degraded' }, svc, ing])
    expect(filterNetwork(graph, noResourceFilter)).toBe(graph)
    const pods = filterNetwork(graph, { ...noResourceFilter, kinds: ['Pod'] })
    expect(pods.columns).toEqual({ ingresses: [], services: [], pods: graph.columns.pods })
    expect(pods.edges).toEqual([])
    const degraded = filterNetwork(graph, { ...noResourceFilter, health: ['Degraded'] })
    expect(degraded.columns.pods.map((p) => p.name)).toEqual(['web-b'])
    const named = filterNetwork(graph, { ...noResourceFilter, text: 'WEB' })
    expect(named.edges).toEqual(graph.edges) // every tile is named web: all stay, with their connections
    expect(filterNetwork(graph, { ...noResourceFilter, kinds: ['Service', 'Pod'] }).edges).toEqual(graph.edges.filter((e) => e.from === svc.key))
  })
})
