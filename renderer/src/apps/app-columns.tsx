import type { ColumnDef, Row, Table } from '@tanstack/react-table'
import type { AppSummary } from '../../../shared/api'
import { HealthBadge, SyncBadge } from '../ui/Badges'
import { LastKnown } from '../ui/LastKnown'
import { since } from '../ui/format'
import { compareBy, destinationOf, type SortColumn } from './app-sort'

/** What the cells need from the list (TanStack's table meta). */
export interface ListMeta {
  favourites: ReadonlySet<string>
  onToggleFavourite(name: string): void
  onOpen(name: string): void
}
/** A column's width in the grid both the header and the rows use. */
interface ColumnWidth {
  width: string
}

export const listMeta = (table: Table<AppSummary>) => table.options.meta as ListMeta
export const widthOf = (table: Table<AppSummary>) => table.getVisibleLeafColumns().map((c) => (c.columnDef.meta as ColumnWidth).width).join(' ')

/** A column's order: the column's own, ties by name (app-2 before app-10). */
const sortingFn = (column: SortColumn) => (a: Row<AppSummary>, b: Row<AppSummary>) => compareBy[column](a.original, b.original) || compareBy.name(a.original, b.original)

const sortable = (id: SortColumn, header: string, width: string, cell: ColumnDef<AppSummary>['cell']): ColumnDef<AppSummary> => ({ id, header, accessorFn: (a) => a.name, sortingFn: sortingFn(id), sortDescFirst: false, meta: { width } satisfies ColumnWidth, cell })

/**
 * The list's columns. Widths: Name and Revision share what is left with Repository and
 * Destination (Revision a little more: a commit message is longer than a name); the rest are as
 * wide as their badges.
 */
export const appColumns: ColumnDef<AppSummary>[] = [
  {
    id: 'select',
    enableSorting: false,
    meta: { width: '22px' } satisfies ColumnWidth,
    header: ({ table }) => (
      <input type="checkbox" aria-label="Select all shown applications" checked={table.getIsAllRowsSelected()} ref={(box) => void (box && (box.indeterminate = table.getIsSomeRowsSelected()))} onChange={table.getToggleAllRowsSelectedHandler()} />
    ),
    cell: ({ row }) => <input type="checkbox" aria-label={`Select ${row.id}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
  },
  {
    id: 'favourite',
    enableSorting: false,
    meta: { width: '22px' } satisfies ColumnWidth,
    header: () => <span className="visually-hidden">Favourite</span>,
    cell: ({ row, table }) => {
      const { favourites, onToggleFavourite } = listMeta(table)
      const on = favourites.has(row.id)
      return (
        <button className="star link" aria-label={on ? `Unfavourite ${row.id}` : `Favourite ${row.id}`} aria-pressed={on} onClick={() => onToggleFavourite(row.id)}>
          {on ? '★' : '☆'}
        </button>
      )
    },
  },
  sortable('name', 'Name', 'minmax(140px, 1.2fr)', ({ row: { original: a }, table }) => (
    <>
      <button className="link app-name" title={a.parent ? `${a.parent} / ${a.name}` : a.name} onClick={() => listMeta(table).onOpen(a.name)}>
        {a.parent ? <span className="muted">{a.parent} / </span> : null}
        {a.name}
      </button>
      {a.operationRunning && <span className="spinner" aria-label="Syncing" />}
    </>
  )),
  sortable('sync', 'Sync', '108px', ({ row: { original: a } }) => <SyncBadge status={a.status?.sync} />),
  sortable('health', 'Health', 'minmax(120px, 150px)', ({ row: { original: a } }) => (
    <>
      <HealthBadge status={a.status?.health} message={a.status?.healthMessage} />
      {a.status?.lastKnownAt && <LastKnown at={a.status.lastKnownAt} sync={a.status.lastKnown?.sync} health={a.status.lastKnown?.health} />}
    </>
  )),
  sortable('repo', 'Repository', 'minmax(140px, 1.4fr)', ({ row: { original: a } }) => (
    <span className="cell-text" title={`${a.repoURL} ${a.path}`}>
      {a.repoURL.replace(/^.*\//, '')}
      <span className="muted"> {a.path}</span>
    </span>
  )),
  sortable('revision', 'Revision', 'minmax(120px, 1fr)', ({ row: { original: a } }) => (
    <span className="cell-text" title={`${a.status?.revision ?? a.targetRevision} ${a.status?.revisionMessage ?? ''}`.trim()}>
      <span className="mono">{a.status?.revision.slice(0, 7) ?? '—'}</span> <span className="muted">{a.status?.revisionMessage ?? a.targetRevision}</span>
    </span>
  )),
  sortable('destination', 'Destination', 'minmax(120px, 1fr)', ({ row: { original: a } }) => (
    <span className="cell-text" title={`${destinationOf(a)}/${a.namespace}`}>
      {destinationOf(a)}/{a.namespace}
    </span>
  )),
  sortable('lastSync', 'Last sync', '84px', ({ row: { original: a } }) => <span className="cell-text">{since(a.status?.lastSync?.finishedAt)}</span>),
]
