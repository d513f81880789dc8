import type { TreeNode } from '../../../shared/model'

export interface PodTile {
  node: TreeNode
  /** The pod's direct owner (ReplicaSet, StatefulSet, …) and the app's resource at the top of its owners. */
  owner: TreeNode | undefined
  top: TreeNode | undefined
}

export interface PodGroup {
  /** The node's name, or null for pods not scheduled. */
  node: string | null
  pods: PodTile[]
}

/** The app's pods grouped by the node they run on (Argo CD's Pod view): nodes by name, unscheduled last. */
export function podGroups(nodes: TreeNode[]): PodGroup[] {
  const byKey = new Map(nodes.map((n) => [n.key, n]))
  const groups = new Map<string | null, PodTile[]>()
  for (const n of nodes) {
    if (n.kind !== 'Pod') continue
    const owner = n.parent ? byKey.get(n.parent) : undefined
    let top = owner
    for (let depth = 0; top?.parent && byKey.has(top.parent) && depth < 20; depth++) top = byKey.get(top.parent)
    const where = n.pod?.node ?? null
    ;(groups.get(where) ?? groups.set(where, []).get(where)!).push({ node: n, owner, top })
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, undefined, { numeric: true })))
    .map(([node, pods]) => ({ node, pods: pods.sort((a, b) => a.node.name.localeCompare(b.node.name, undefined, { numeric: true })) }))
}
