import { hierarchy, tree } from 'd3-hierarchy'
import type { HealthStatus, ResourceSyncStatus, TreeNode } from '../../../shared/model'

export interface GraphFilters {
  kinds: Set<string>
  health: Set<string>
  sync: Set<string>
}

export interface PlacedNode {
  key: string
  kind: string
  name: string
  namespace: string
  health: HealthStatus | null
  healthMessage?: string | undefined
  status?: ResourceSyncStatus | undefined
  x: number
  y: number
  /** Shown only as the path to a node that matches the filters. */
  onPath: boolean
}

export interface GraphLayout {
  nodes: PlacedNode[]
  edges: { from: PlacedNode; to: PlacedNode }[]
  width: number
  height: number
}

export const nodeWidth = 240
export const nodeHeight = 44
const rowGap = 12
const columnGap = 80

const matches = (n: TreeNode, f: GraphFilters) => (f.kinds.size === 0 || f.kinds.has(n.kind)) && (f.health.size === 0 || f.health.has(n.health ?? 'None')) && (f.sync.size === 0 || (n.status !== undefined && f.sync.has(n.status)))

/**
 * The app's resource tree laid out left to right (d3-hierarchy's tidy tree: linear time, so a
 * 2,000-node app lays out in milliseconds): the app, its resources, what they own. With filters,
 * the nodes that match stay with the path that leads to them, as in Argo CD.
 */
export function layoutGraph(app: { name: string; health: HealthStatus | null; status?: ResourceSyncStatus | undefined }, nodes: TreeNode[], filters: GraphFilters): GraphLayout {
  const filtering = filters.kinds.size + filters.health.size + filters.sync.size > 0
  const byKey = new Map(nodes.map((n) => [n.key, n]))
  const keep = new Set<string>()
  const onPath = new Set<string>()
  for (const n of nodes) {
    if (filtering && !matches(n, filters)) continue
    keep.add(n.key)
    // Its owners, up to the app, stay as its path.
    let parent = n.parent ? byKey.get(n.parent) : undefined
    for (let depth = 0; parent && depth < 20; depth++) {
      if (!keep.has(parent.key)) onPath.add(parent.key)
      parent = parent.parent ? byKey.get(parent.parent) : undefined
    }
  }
  for (const key of keep) onPath.delete(key)
  const children = new Map<string, TreeNode[]>()
  const rootKey = `app:${app.name}`
  for (const n of nodes) {
    if (!keep.has(n.key) && !onPath.has(n.key)) continue
    const parent = n.parent && byKey.has(n.parent) ? n.parent : rootKey
    ;(children.get(parent) ?? children.set(parent, []).get(parent)!).push(n)
  }
  for (const list of children.values()) list.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))
  type Datum = { node: TreeNode; children?: Datum[] }
  const build = (node: TreeNode, depth: number): Datum => {
    const kids = depth < 20 ? (children.get(node.key) ?? []).map((c) => build(c, depth + 1)) : []
    return kids.length ? { node, children: kids } : { node }
  }
  const appNode: TreeNode = { key: rootKey, kind: 'Application', name: app.name, namespace: '', health: app.health, ...(app.status ? { status: app.status } : {}) }
  const root = hierarchy<Datum>(build(appNode, 0))
  tree<Datum>().nodeSize([nodeHeight + rowGap, nodeWidth + columnGap])(root)
  let minY = Infinity
  let maxY = -Infinity
  root.each((d) => {
    minY = Math.min(minY, d.x!)
    maxY = Math.max(maxY, d.x!)
  })
  const placed = new Map<string, PlacedNode>()
  let width = 0
  root.each((d) => {
    const n = d.data.node
    const p: PlacedNode = { key: n.key, kind: n.kind, name: n.name, namespace: n.namespace, health: n.health, healthMessage: n.healthMessage, status: n.status, x: d.y!, y: d.x! - minY, onPath: onPath.has(n.key) }
    width = Math.max(width, p.x + nodeWidth)
    placed.set(n.key, p)
  })
  const edges = root.links().map((l) => ({ from: placed.get(l.source.data.node.key)!, to: placed.get(l.target.data.node.key)! }))
  return { nodes: [...placed.values()], edges, width, height: maxY - minY + nodeHeight }
}
