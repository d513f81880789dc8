import { useState } from 'react'
import type { Operation, TreeNode } from '../../../shared/api'
import { HealthBadge, KindIcon, SyncBadge } from '../ui/Badges'
import { LastKnown } from '../ui/LastKnown'

/** The app's resources as a tree (owned objects under their owner) or a flat list of top-level ones. */
export function ResourceView(props: {
  nodes: TreeNode[]
  tree: boolean
  selected: Set<string>
  onSelect(key: string, on: boolean): void
  onDiff(key: string): void
  results: Operation['resources'] | undefined
  onAction(key: string): void
  onDelete(key: string): void
  onOpen(key: string): void
  /** The cluster does not answer: each node's state is what was seen then. */
  lastKnownAt?: string | undefined
}) {
  const depth = (node: TreeNode): number => {
    let d = 0
    let parent = node.parent
    while (parent && d < 10) {
      d++
      parent = props.nodes.find((n) => n.key === parent)?.parent
    }
    return d
  }
  // Owned objects are listed right under their owner.
  const ordered: TreeNode[] = []
  const place = (node: TreeNode) => {
    ordered.push(node)
    for (const child of props.nodes.filter((n) => n.parent === node.key)) place(child)
  }
  for (const root of props.nodes.filter((n) => !n.parent)) place(root)
  if (props.nodes.length === 0) return <p className="muted">No resources.</p>
  return (
    <ul className="resources" aria-label="Resources" role={props.tree ? 'tree' : 'list'}>
      {ordered.map((n) => {
        const result = props.results?.find((r) => r.key === n.key)
        return (
          <li key={n.key} role={props.tree ? 'treeitem' : 'listitem'} aria-level={props.tree ? depth(n) + 1 : undefined} style={{ paddingLeft: `${depth(n) * 1.5 + 0.5}rem` }} data-key={n.key}>
            {!n.parent && <input type="checkbox" aria-label={`Select ${n.kind} ${n.name}`} checked={props.selected.has(n.key)} onChange={(e) => props.onSelect(n.key, e.target.checked)} />}
            <KindIcon kind={n.kind} />
            <span className="kind">{n.kind}</span>
            <button className="link name" onClick={() => props.onOpen(n.key)} aria-label={`Open ${n.kind} ${n.name}`}>
              {n.namespace ? `${n.namespace}/` : ''}
              {n.name}
            </button>
            {props.lastKnownAt ? (
              <LastKnown at={props.lastKnownAt} sync={n.status} health={n.health} />
            ) : (
              <>
                {n.status && <SyncBadge status={n.status} />}
                <HealthBadge status={n.health} message={n.healthMessage} />
              </>
            )}
            {result && result.code !== 'Pending' && (
              <span className={`result code-${result.code}`} title={result.message}>
                {result.code}
                {result.code === 'SyncFailed' ? `: ${result.message}` : ''}
              </span>
            )}
            {!n.parent && (
              <button className="link small" onClick={() => props.onDiff(n.key)} aria-label={`Diff ${n.kind} ${n.name}`}>
                diff
              </button>
            )}
            {/* Any live resource may offer actions (Argo CD's own, or Lua from argocd-cm): the panel asks. */}
            {!n.parent && n.status !== 'Missing' && (
              <button className="link small" onClick={() => props.onAction(n.key)} aria-label={`Actions of ${n.kind} ${n.name}`}>
                actions
              </button>
            )}
            {!n.parent && n.status !== 'Missing' && (
              <button className="link small" onClick={() => props.onDelete(n.key)} aria-label={`Delete ${n.kind} ${n.name}`}>
                delete
              </button>
            )}
          </li>
        )
      })}
    </ul>
  )
}

type View = 'tree' | 'list' | 'graph'

/** The resource view chosen last (tree, graph or list), kept across apps and restarts. */
export function useResourceViewChoice(): [View, (view: View) => void] {
  const [view, setView] = useState<View>(() => (localStorage.getItem('gitops-desk.resource-view') as View | null) ?? 'tree')
  const choose = (v: View) => {
    setView(v)
    localStorage.setItem('gitops-desk.resource-view', v)
  }
  return [view, choose]
}

export function ResourceViewChooser({ view, onChoose }: { view: View; onChoose(view: View): void }) {
  return (
    <div className="segmented" role="group" aria-label="Resource view">
      <button aria-pressed={view === 'tree'} onClick={() => onChoose('tree')}>
        Tree
      </button>
      <button aria-pressed={view === 'graph'} onClick={() => onChoose('graph')}>
        Graph
      </button>
      <button aria-pressed={view === 'list'} onClick={() => onChoose('list')}>
        List
      </button>
    </div>
  )
}
