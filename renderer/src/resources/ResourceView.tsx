import type { Operation, TreeNode } from '../../../shared/api'
import { HealthBadge, KindIcon, SyncBadge } from '../ui/Badges'
import { LastKnown } from '../ui/LastKnown'
import { ResourceFilters } from './ResourceFilters'
import { filterNodes, type ResourceFilter } from './resource-filter'
import { resourceViews, type ResourceViewName } from './resource-views'

export type { ResourceViewName } from './resource-views'

/** The app's resources as a tree (owned objects under their owner) or a flat list of top-level ones, in columns, with filters. */
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
  /** The filters above it (kept by the app page: the Network view shares them). */
  filter: ResourceFilter
  onFilter(filter: ResourceFilter): void
}) {
  const { filter, onFilter: setFilter } = props
  const byKey = new Map(props.nodes.map((n) => [n.key, n]))
  const depth = (node: TreeNode): number => {
    let d = 0
    let parent = node.parent
    while (parent && d < 10) {
      d++
      parent = byKey.get(parent)?.parent
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
  const rows = filterNodes(ordered, filter)
  return (
    <>
      <ResourceFilters nodes={props.nodes} filter={filter} onChange={setFilter} />
      <div className="resource-columns" aria-hidden="true">
        <span />
        <span>Kind</span>
        <span>Name</span>
        <span>Sync</span>
        <span>Health</span>
        <span>Operation</span>
        <span />
      </div>
      <ul className="resources" aria-label="Resources" role={props.tree ? 'tree' : 'list'}>
        {rows.map(({ node: n, context }) => (
          <li key={n.key} role={props.tree ? 'treeitem' : 'listitem'} aria-level={props.tree ? depth(n) + 1 : undefined} className={context ? 'owner-context' : undefined} data-key={n.key}>
            <span>{!n.parent && <input type="checkbox" aria-label={`Select ${n.kind} ${n.name}`} checked={props.selected.has(n.key)} onChange={(e) => props.onSelect(n.key, e.target.checked)} />}</span>
            <span className="kind" style={{ paddingLeft: `${depth(n) * 1.25}rem` }}>
              <KindIcon kind={n.kind} />
              <span title={n.kind}>{n.kind}</span>
            </span>
            <button className="link name" onClick={() => props.onOpen(n.key)} aria-label={`Open ${n.kind} ${n.name}`} title={`${n.namespace ? `${n.namespace}/` : ''}${n.name}`}>
              {n.namespace ? `${n.namespace}/` : ''}
              {n.name}
            </button>
            <RowState node={n} lastKnownAt={props.lastKnownAt} />
            <LastResult result={props.results?.find((r) => r.key === n.key)} />
            <span className="row-links">
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
            </span>
          </li>
        ))}
      </ul>
      {rows.length === 0 && <p className="muted">No resource matches the filters.</p>}
    </>
  )
}

/**
 * The Sync and Health cells. A resource not yet in the cluster is Missing for both: one badge
 * says so across the two columns, not two identical ones.
 */
function RowState({ node: n, lastKnownAt }: { node: TreeNode; lastKnownAt?: string | undefined }) {
  if (lastKnownAt) {
    return (
      <span className="both-columns">
        <LastKnown at={lastKnownAt} sync={n.status} health={n.health} />
      </span>
    )
  }
  if (n.status === 'Missing' && n.health === 'Missing') {
    return (
      <span className="both-columns">
        <span className="badge sync-Missing" title="Not in the cluster yet: a sync creates it (its sync status and its health are both Missing)">
          Missing: not in the cluster
        </span>
      </span>
    )
  }
  return (
    <>
      <span>{n.status ? <SyncBadge status={n.status} /> : <span className="muted small" title="Owned by another resource: it is not synced itself">—</span>}</span>
      <span>
        <HealthBadge status={n.health} message={n.healthMessage} />
      </span>
    </>
  )
}

/** The resource's result in the app's last (or running) operation, labelled as such. */
function LastResult({ result }: { result: Operation['resources'][number] | undefined }) {
  if (!result || result.code === 'Pending') return <span />
  return (
    <span className={`result code-${result.code}`} title={result.message}>
      Last sync: {result.code}
      {result.code === 'SyncFailed' ? `: ${result.message}` : ''}
    </span>
  )
}

/** The view switcher: a segmented control of toggle buttons (aria-pressed), as the design system says. */
export function ResourceViewChooser({ view, onChoose }: { view: ResourceViewName; onChoose(view: ResourceViewName): void }) {
  return (
    <div className="segmented" role="group" aria-label="Resource view">
      {resourceViews.map((v) => (
        <button key={v.value} aria-pressed={view === v.value} onClick={() => onChoose(v.value)}>
          {v.label}
        </button>
      ))}
    </div>
  )
}
