import type { Cell, ColumnDef, Table } from '@tanstack/react-table'
import type { AppSummary } from '../../../shared/api'
import { HealthBadge, SyncBadge } from '../ui/Badges'
import { LastKnown } from '../ui/LastKnown'
import { since } from '../ui/format'
import { destinationOf, type SortColumn } from './app-sort'

/** What the cells need from the list (TanStack's table meta). */
export interface ListMeta {
  favourites: ReadonlySet<string>
  onToggleFavourite(name: string): void
  onOpen(name: string): void
}
/** A column's width in the grid both the header and the rows use, and the tooltip of its cells (the whole text a narrow cell cuts). */
interface ColumnLayout {
  width: string
  title?(app: AppSummary): string
}

export const listMeta = (table: Table<AppSummary>) => table.options.meta as ListMeta
export const widthOf = (table: Table<AppSummary>) => table.getVisibleLeafColumns().map((c) => (c.columnDef.meta as ColumnLayout).width).join(' ')
export const cellTitle = (cell: Cell<AppSummary, unknown>) => (cell.column.columnDef.meta as ColumnLayout).title?.(cell.row.original)

/**
 * A column the list sorts by (app-sort.ts sortApps: the list sorts the apps before the table
 * sees them; the table holds the sort state and its header buttons). Its cell is text in the
 * grid's cell, which cuts it with an ellipsis (styles.css), no wrapper of its own.
 */
const sortable = (id: SortColumn, header: string, layout: ColumnLayout, cell: ColumnDef<AppSummary>['cell']): ColumnDef<AppSummary> => ({ id, header, accessorFn: (a) => a.name, sortDescFirst: false, meta: layout, cell })

/**
 * The list's columns. Widths: Name and Revision share what is left with Repository and
 * Destination (Revision a little more: a commit message is longer than a name); the rest are as
 * wide as their badges.
 */
export const appColumns: ColumnDef<AppSummary>[] = [
  {
    id: 'select',
    enableSorting: false,
    meta: { width: '22px' } satisfies ColumnLayout,
    header: ({ table }) => (
      <input type="checkbox" aria-label="Select all shown applications" checked={table.getIsAllRowsSelected()} ref={(box) => void (box && (box.indeterminate = table.getIsSomeRowsSelected()))} onChange={table.getToggleAllRowsSelectedHandler()} />
    ),
    cell: ({ row }) => <input type="checkbox" aria-label={`Select ${row.id}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
  },
  {
    id: 'favourite',
    enableSorting: false,
    meta: { width: '22px' } satisfies ColumnLayout,
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
  sortable('name', 'Name', { width: 'minmax(140px, 1.2fr)' }, ({ row: { original: a }, table }) => (
    <>
      <button className="link app-name" title={a.parent ? `${a.parent} / ${a.name}` : a.name} onClick={() => listMeta(table).onOpen(a.name)}>
        {a.parent ? <span className="muted">{a.parent} / </span> : null}
        {a.name}
      </button>
      {a.operationRunning && <span className="spinner" aria-label="Syncing" />}
    </>
  )),
  sortable('sync', 'Sync', { width: '108px' }, ({ row: { original: a } }) => <SyncBadge status={a.status?.sync} />),
  sortable('health', 'Health', { width: 'minmax(120px, 150px)' }, ({ row: { original: a } }) => (
    <>
      <HealthBadge status={a.status?.health} message={a.status?.healthMessage} />
      {a.status?.lastKnownAt && <LastKnown at={a.status.lastKnownAt} sync={a.status.lastKnown?.sync} health={a.status.lastKnown?.health} />}
    </>
  )),
  sortable('repo', 'Repository', { width: 'minmax(110px, 1fr)', title: (a) => `${a.repoURL} ${a.path}` }, ({ row: { original: a } }) => (
    <>
      {`${a.repoURL.replace(/^.*\//, '')} `}
      <span className="muted">{a.path}</span>
    </>
  )),
  sortable('revision', 'Revision', { width: 'minmax(150px, 1.5fr)', title: (a) => `${a.status?.revision ?? a.targetRevision} ${a.status?.revisionMessage ?? ''}`.trim() }, ({ row: { original: a } }) => (
    <>
      <span className="mono">{a.status?.revision.slice(0, 7) ?? '—'}</span> <span className="muted">{a.status?.revisionMessage ?? a.targetRevision}</span>
    </>
  )),
  sortable('destination', 'Destination', { width: 'minmax(120px, 1fr)', title: (a) => `${destinationOf(a)}/${a.namespace}` }, ({ row: { original: a } }) => `${destinationOf(a)}/${a.namespace}`),
  sortable('lastSync', 'Last sync', { width: '84px' }, ({ row: { original: a } }) => since(a.status?.lastSync?.finishedAt)),
]
