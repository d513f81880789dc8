import type { TreeNode } from '../../../shared/model'
import { isFiltering, matches, type ResourceFilter } from '../resources/resource-filter'

export interface NetworkGraph {
  /** Columns left to right: Ingresses, Services, Pods (only those on a path, plus every Ingress and Service). */
  columns: { ingresses: TreeNode[]; services: TreeNode[]; pods: TreeNode[] }
  edges: { from: string; to: string }[]
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) => !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v)

/**
 * The app's traffic as Argo CD's Network view draws it: Ingress → the Services its rules name
 * (same namespace) → the Pods each Service's selector matches (same namespace, by labels).
 */
export function networkGraph(nodes: TreeNode[]): NetworkGraph {
  const ingresses = nodes.filter((n) => n.ingress)
  const services = nodes.filter((n) => n.service)
  const pods = nodes.filter((n) => n.kind === 'Pod' && n.pod)
  const edges: NetworkGraph['edges'] = []
  for (const i of ingresses) for (const s of services) if (s.namespace === i.namespace && i.ingress!.services.includes(s.name)) edges.push({ from: i.key, to: s.key })
  const reached = new Set<string>()
  for (const s of services)
    for (const p of pods)
      if (p.namespace === s.namespace && selects(s.service!.selector, p.labels)) {
        edges.push({ from: s.key, to: p.key })
        reached.add(p.key)
      }
  return { columns: { ingresses, services, pods: pods.filter((p) => reached.has(p.key)) }, edges }
}

/** Every tile of the graph, left to right (what the filter chips count). */
export const networkNodes = (graph: NetworkGraph): TreeNode[] => [...graph.columns.ingresses, ...graph.columns.services, ...graph.columns.pods]

/**
 * The graph with only the tiles the tree's filter matches (the same rule as the tree's), and the
 * connections between them. Filtered after the graph is made: a Service hidden by the filter still
 * decides which Pods are on a path.
 */
export function filterNetwork(graph: NetworkGraph, filter: ResourceFilter): NetworkGraph {
  if (!isFiltering(filter)) return graph
  const keep = (nodes: TreeNode[]) => nodes.filter((n) => matches(n, filter))
  const columns = { ingresses: keep(graph.columns.ingresses), services: keep(graph.columns.services), pods: keep(graph.columns.pods) }
  const shown = new Set(networkNodes({ columns, edges: [] }).map((n) => n.key))
  return { columns, edges: graph.edges.filter((e) => shown.has(e.from) && shown.has(e.to)) }
}
