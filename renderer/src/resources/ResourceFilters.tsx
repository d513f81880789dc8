import type { TreeNode } from '../../../shared/api'
import { countBy, healthOf, isFiltering, noResourceFilter, syncOf, type ResourceFilter } from './resource-filter'

/**
 * Filters above the tree, as Argo CD's filter bar: a name or kind typed, and chips for the kinds,
 * sync and health statuses present (each with its count); no chip ticked in a group shows all.
 */
export function ResourceFilters({ nodes, filter, onChange }: { nodes: TreeNode[]; filter: ResourceFilter; onChange(filter: ResourceFilter): void }) {
  const group = (label: string, field: 'kinds' | 'sync' | 'health', of: (n: TreeNode) => string) => {
    const counts = countBy(nodes, of)
    if (counts.length < 2 && !filter[field].length) return null
    return (
      <span className="chip-group" role="group" aria-label={`${label} filter`}>
        <span className="muted small">{label}</span>
        {counts.map(([value, count]) => {
          const on = filter[field].includes(value)
          return (
            <button key={value} className="filter-chip small" aria-pressed={on} onClick={() => onChange({ ...filter, [field]: on ? filter[field].filter((v) => v !== value) : [...filter[field], value] })}>
              {value} <span className="muted">{count}</span>
            </button>
          )
        })}
      </span>
    )
  }
  return (
    <div className="resource-filters">
      <input type="search" placeholder="Filter by name or kind" aria-label="Filter resources by name or kind" value={filter.text} onChange={(e) => onChange({ ...filter, text: e.target.value })} />
      {group('Kind', 'kinds', (n) => n.kind)}
      {group('Sync', 'sync', syncOf)}
      {group('Health', 'health', healthOf)}
      {isFiltering(filter) && (
        <button className="link small" onClick={() => onChange(noResourceFilter)}>
          Clear filters
        </button>
      )}
    </div>
  )
}
