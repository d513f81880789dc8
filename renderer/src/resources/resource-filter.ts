import type { TreeNode } from '../../../shared/api'

/** What the tree shows: a name or kind typed, and the sync and health statuses ticked (none ticked: all). */
export interface ResourceFilter {
  text: string
  kinds: string[]
  sync: string[]
  health: string[]
}

export const noResourceFilter: ResourceFilter = { text: '', kinds: [], sync: [], health: [] }

export const isFiltering = (f: ResourceFilter): boolean => !!f.text.trim() || f.kinds.length > 0 || f.sync.length > 0 || f.health.length > 0

/** The value a node is filtered and counted by: its sync status, or "—" for an object the app does not manage (it has none). */
export const syncOf = (n: TreeNode): string => n.status ?? '—'
export const healthOf = (n: TreeNode): string => n.health ?? 'no health'

/** Whether one node matches the filter: the text in its name or kind (any case), and each ticked list. */
export function matches(n: TreeNode, f: ResourceFilter): boolean {
  const text = f.text.trim().toLowerCase()
  if (text && !`${n.namespace}/${n.name}`.toLowerCase().includes(text) && !n.kind.toLowerCase().includes(text)) return false
  if (f.kinds.length && !f.kinds.includes(n.kind)) return false
  if (f.sync.length && !f.sync.includes(syncOf(n))) return false
  if (f.health.length && !f.health.includes(healthOf(n))) return false
  return true
}

/**
 * The nodes the tree shows: those that match, with their owners up the tree so each stays in its
 * place (an owner shown only for a match below it is marked `context`).
 */
export function filterNodes(nodes: TreeNode[], f: ResourceFilter): { node: TreeNode; context: boolean }[] {
  if (!isFiltering(f)) return nodes.map((node) => ({ node, context: false }))
  const byKey = new Map(nodes.map((n) => [n.key, n]))
  const matched = new Set(nodes.filter((n) => matches(n, f)).map((n) => n.key))
  const shown = new Set(matched)
  for (const key of matched) {
    let parent = byKey.get(key)?.parent
    for (let depth = 0; parent && depth < 10 && !shown.has(parent); depth++) {
      shown.add(parent)
      parent = byKey.get(parent)?.parent
    }
  }
  return nodes.filter((n) => shown.has(n.key)).map((node) => ({ node, context: !matched.has(node.key) }))
}

/** How many nodes have each value (a filter chip's count), in first-seen order. */
export function countBy(nodes: TreeNode[], of: (n: TreeNode) => string): [string, number][] {
  const counts = new Map<string, number>()
  for (const n of nodes) counts.set(of(n), (counts.get(of(n)) ?? 0) + 1)
  return [...counts]
}
