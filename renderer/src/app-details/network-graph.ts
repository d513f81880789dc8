import type { TreeNode } from '../../../shared/model'

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
