import type { AppSummary } from '../../../shared/api'
import { healthStatuses, syncStatuses } from '../../../shared/statuses'

/** The list's sortable columns, as their ids (and the URL's sort=<id>:asc|desc) name them. */
export const sortColumns = ['name', 'sync', 'health', 'repo', 'revision', 'destination', 'lastSync'] as const
export type SortColumn = (typeof sortColumns)[number]
export interface AppSort {
  column: SortColumn
  desc: boolean
}

const rank = (list: readonly string[], value: string | undefined) => {
  const at = list.indexOf(value ?? 'Unknown')
  return at < 0 ? list.length : at
}
// One collator for every comparison (localeCompare with options builds one per call).
const text = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare

/**
 * Each column's order, ascending: names and texts as people read them (app-2 before app-10);
 * sync and health by their status lists' order (Synced first, health best first, as
 * shared/statuses lists them); last sync oldest first, never-synced apps before any.
 */
export const compareBy: Record<SortColumn, (a: AppSummary, b: AppSummary) => number> = {
  name: (a, b) => text(a.name, b.name),
  sync: (a, b) => rank(syncStatuses, a.status?.sync) - rank(syncStatuses, b.status?.sync),
  health: (a, b) => rank(healthStatuses, a.status?.health) - rank(healthStatuses, b.status?.health),
  repo: (a, b) => text(a.repoURL, b.repoURL) || text(a.path, b.path),
  revision: (a, b) => text(a.status?.revision ?? '', b.status?.revision ?? ''),
  destination: (a, b) => text(destinationOf(a), destinationOf(b)) || text(a.namespace, b.namespace),
  lastSync: (a, b) => (a.status?.lastSync?.finishedAt ?? '').localeCompare(b.status?.lastSync?.finishedAt ?? ''),
}

/**
 * The apps in a sort's order: the column's, ties by name, then as given; descending reverses the
 * column's order and the ties by name alike. The whole list is sorted once per sort or app
 * change, and the search filters that order (typing sorts nothing).
 */
export function sortApps(apps: AppSummary[], sort: AppSort | undefined): AppSummary[] {
  if (!sort) return apps
  const compare = compareBy[sort.column]
  const sign = sort.desc ? -1 : 1
  return [...apps].sort((a, b) => sign * (compare(a, b) || compareBy.name(a, b)))
}

/** Where an app deploys, as the list shows it: its context once known, else the destination it names. */
export const destinationOf = (a: AppSummary): string => a.status?.context ?? a.destination
