import type { ColumnDef } from '@tanstack/react-table'
import type { ReactNode } from 'react'
import type { AppSummary } from '../../../shared/api'
import { ArgoMarker, HealthBadge, SyncBadge } from '../ui/Badges'
import { LastKnown } from '../ui/LastKnown'
import { since } from '../ui/format'
import { destinationOf, type SortColumn } from './app-sort'

/** What a row's controls do; read when clicked, so a row not rendered again still calls the latest. */
export interface RowActions {
  onToggleFavourite(name: string): void
  onOpen(name: string): void
  onSelect(name: string, selected: boolean): void
}

/** A row's state besides its app: what its checkbox and star show. */
export interface RowState {
  selected: boolean
  favourite: boolean
}

/**
 * One column of the list: its width in the grid the header and the rows share, the tooltip of its
 * cells (the whole text a narrow cell cuts), and its cell. A cell is text and inline elements in
 * the grid's cell, which cuts them with an ellipsis (styles.css), with no wrapper of its own.
 */
export interface ListColumn {
  id: 'select' | 'favourite' | SortColumn
  header: string
  width: string
  sortable: boolean
  title?(app: AppSummary): string
  cell(app: AppSummary, row: RowState, actions: RowActions): ReactNode
}

const sortable = (id: SortColumn, header: string, width: string, cell: ListColumn['cell'], title?: ListColumn['title']): ListColumn => ({ id, header, width, sortable: true, cell, ...(title ? { title } : {}) })

/**
 * The list's columns. Widths: Name and Revision share what is left with Repository and
 * Destination (Revision a little more: a commit message is longer than a name); the rest are as
 * wide as their badges.
 */
export const listColumns: readonly ListColumn[] = [
  {
    id: 'select',
    header: 'Select',
    width: '22px',
    sortable: false,
    cell: (a, row, actions) => <input type="checkbox" aria-label={`Select ${a.name}`} checked={row.selected} onChange={(e) => actions.onSelect(a.name, e.target.checked)} />,
  },
  {
    id: 'favourite',
    header: 'Favourite',
    width: '22px',
    sortable: false,
    cell: (a, row, actions) => (
      <button className="star link" aria-label={row.favourite ? `Unfavourite ${a.name}` : `Favourite ${a.name}`} aria-pressed={row.favourite} onClick={() => actions.onToggleFavourite(a.name)}>
        {row.favourite ? '★' : '☆'}
      </button>
    ),
  },
  sortable('name', 'Name', 'minmax(140px, 1.2fr)', (a, _row, actions) => (
    <span className="app-name-cell">
      <button className="link app-name" title={a.parent ? `${a.parent} / ${a.name}` : a.name} onClick={() => actions.onOpen(a.name)}>
        {a.parent ? <span className="muted">{a.parent} / </span> : null}
        {a.argocd?.name ?? a.name}
      </button>
      {a.argocd && <ArgoMarker instance={a.argocd.instance} />}
      {a.operationRunning && <span className="spinner" aria-label="Syncing" />}
    </span>
  )),
  sortable('sync', 'Sync', '108px', (a) => <SyncBadge status={a.status?.sync} />),
  sortable('health', 'Health', 'minmax(120px, 150px)', (a) => (
    <>
      <HealthBadge status={a.status?.health} message={a.status?.healthMessage} />
      {a.status?.lastKnownAt && <LastKnown at={a.status.lastKnownAt} sync={a.status.lastKnown?.sync} health={a.status.lastKnown?.health} />}
    </>
  )),
  sortable(
    'repo',
    'Repository',
    'minmax(140px, 1.4fr)',
    (a) => (
      <>
        {`${a.repoURL.replace(/^.*\//, '')} `}
        <span className="muted">{a.path}</span>
      </>
    ),
    (a) => `${a.repoURL} ${a.path}`,
  ),
  sortable(
    'revision',
    'Revision',
    'minmax(120px, 1fr)',
    (a) => (
      <>
        <span className="mono">{a.status?.revision.slice(0, 7) ?? '—'}</span> <span className="muted">{a.status?.revisionMessage ?? a.targetRevision}</span>
      </>
    ),
    (a) => `${a.status?.revision ?? a.targetRevision} ${a.status?.revisionMessage ?? ''}`.trim(),
  ),
  sortable('destination', 'Destination', 'minmax(120px, 1fr)', (a) => `${destinationOf(a)}/${a.namespace}`, (a) => `${destinationOf(a)}/${a.namespace}`),
  sortable('lastSync', 'Last sync', '84px', (a) => since(a.status?.lastSync?.finishedAt)),
]

/** The grid's columns, for the header and the rows alike. */
export const listGrid = listColumns.map((c) => c.width).join(' ')

/**
 * The columns as TanStack Table's: it holds the sort (which column, which way; its header buttons
 * cycle ascending, descending, none). The list sorts and filters the apps itself (app-sort.ts,
 * filter.ts) and renders its rows from them, so 1,000 apps make no TanStack rows.
 */
export const appColumns: ColumnDef<AppSummary>[] = listColumns.map((c) => (c.sortable ? { id: c.id, header: c.header, accessorFn: (a: AppSummary) => a.name, sortDescFirst: false, meta: c } : { id: c.id, header: c.header, enableSorting: false, meta: c }))
