import { useState, type Dispatch, type SetStateAction } from 'react'
import type { AppStatus, Operation, TreeNode } from '../../../shared/api'
import { ResourceView } from '../resources/ResourceView'
import type { ResourceViewName } from '../resources/resource-views'
import { noResourceFilter, type ResourceFilter } from '../resources/resource-filter'
import { AppGraph } from './AppGraph'
import { NetworkView } from './NetworkView'
import { PodView } from './PodView'

/**
 * The app's resources in the view chosen: tree, graph, list (top-level only), pods by node, or
 * network. The tree, list and network share one filter: switching views keeps it.
 */
export function AppResourceViews(props: {
  view: ResourceViewName
  app: string
  status: AppStatus | null | undefined
  tree: TreeNode[]
  selected: Set<string>
  onSelected: Dispatch<SetStateAction<Set<string>>>
  onOpen(key: string): void
  onDiff(key: string): void
  results: Operation['resources'] | undefined
  onAction(key: string): void
  onDelete(key: string): void
}) {
  const { view, app, status, tree, onOpen } = props
  const [filter, setFilter] = useState<ResourceFilter>(noResourceFilter)
  if (view === 'pods') return <PodView nodes={tree} onOpen={onOpen} />
  if (view === 'network') return <NetworkView app={app} nodes={tree} onOpen={onOpen} filter={filter} onFilter={setFilter} />
  if (view === 'graph') return <AppGraph app={app} health={status?.health ?? null} sync={status?.sync === 'Synced' ? 'Synced' : status?.sync === 'OutOfSync' ? 'OutOfSync' : undefined} nodes={tree} onOpen={onOpen} />
  return (
    <ResourceView
      onOpen={onOpen}
      nodes={view === 'tree' ? tree : tree.filter((n) => !n.parent)}
      tree={view === 'tree'}
      selected={props.selected}
      onSelect={(key, on) => props.onSelected((s) => new Set(on ? [...s, key] : [...s].filter((k) => k !== key)))}
      onDiff={props.onDiff}
      results={props.results}
      onAction={props.onAction}
      onDelete={props.onDelete}
      lastKnownAt={status?.lastKnownAt}
      filter={filter}
      onFilter={setFilter}
    />
  )
}
