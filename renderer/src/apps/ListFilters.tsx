import { memo, useMemo } from 'react'
import type { AppSummary } from '../../../shared/api'
import { healthStatuses, syncStatuses } from '../../../shared/statuses'
import { choices, type AppFilter } from './filter'

interface Props {
  apps: AppSummary[]
  filter: AppFilter
  /** A change of one filter (stable: the list reads its latest filter when called). */
  onChange(patch: Partial<AppFilter>): void
}

/**
 * The list's filters but the search (in the top bar). Rendered again only when the apps or one of
 * its filters change: typing the search leaves it alone (its choices are 1,000 apps read four times).
 */
export const ListFilters = memo(
  function ListFilters({ apps, filter, onChange }: Props) {
    const options = useMemo(
      () => ({
        cluster: choices(apps, (a) => a.status?.context ?? a.destination),
        namespace: choices(apps, (a) => a.namespace),
        project: choices(apps, (a) => a.project),
        repo: choices(apps, (a) => a.repoURL),
        // 'local' (the desk's own apps) or an Argo CD instance: offered once there is an Argo CD app.
        instance: apps.some((a) => a.argocd) ? [...new Set(['local', ...choices(apps, (a) => a.argocd?.instance)])] : [],
      }),
      [apps],
    )
    const select = (label: string, value: string, list: readonly string[], change: (v: string) => void) => (
      <label className="filter">
        <span>{label}</span>
        <select aria-label={`Filter by ${label.toLowerCase()}`} value={value} onChange={(e) => change(e.target.value)}>
          <option value="">All</option>
          {list.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    )
    return (
      <>
        {select('Sync', filter.sync, syncStatuses, (v) => onChange({ sync: v }))}
        {select('Health', filter.health, healthStatuses, (v) => onChange({ health: v }))}
        {select('Cluster', filter.cluster, options.cluster, (v) => onChange({ cluster: v }))}
        {select('Namespace', filter.namespace, options.namespace, (v) => onChange({ namespace: v }))}
        {select('Project', filter.project, options.project, (v) => onChange({ project: v }))}
        {select('Repository', filter.repo, options.repo, (v) => onChange({ repo: v }))}
        {options.instance.length > 0 && select('Instance', filter.instance, options.instance, (v) => onChange({ instance: v }))}
        <label className="filter">
          <span>Auto-sync</span>
          <select aria-label="Filter by auto-sync" value={filter.autoSync} onChange={(e) => onChange({ autoSync: e.target.value as AppFilter['autoSync'] })}>
            <option value="any">Any</option>
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
        </label>
        <label className="filter check">
          <input type="checkbox" checked={filter.favouritesOnly} onChange={(e) => onChange({ favouritesOnly: e.target.checked })} /> Favourites
        </label>
      </>
    )
  },
  // The search's text is not shown here.
  (a, b) => a.apps === b.apps && a.onChange === b.onChange && (Object.keys(a.filter) as (keyof AppFilter)[]).every((k) => k === 'text' || a.filter[k] === b.filter[k]),
)
