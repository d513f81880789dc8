import { getCoreRowModel, useReactTable, type RowSelectionState, type SortingState, type Updater } from '@tanstack/react-table'
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { AppSummary, ClusterInfo, GitopsApi } from '../../../shared/api'
import { appMatcher, type AppFilter } from './filter'
import { appColumns, type ListMeta } from './app-columns'
import { sortApps, type AppSort, type SortColumn } from './app-sort'
import { shownRowModel, type Shows } from './shown-rows'
import { AppTable } from './AppTable'
import { AppTiles } from './AppTiles'
import { BulkBar } from './BulkBar'
import { ListFilters } from './ListFilters'
import { SyncAppsDialog } from './SyncAppsDialog'
import { useAppCommands } from './use-app-commands'

interface Props {
  api: Pick<GitopsApi, 'syncApp' | 'refreshApp'>
  apps: AppSummary[]
  clusters: ClusterInfo[]
  /** The filter and sort, from the list's URL (a change is a new URL). */
  filter: AppFilter
  onFilter(filter: AppFilter): void
  sort: AppSort | undefined
  onSort(sort: AppSort | undefined): void
  favourites: ReadonlySet<string>
  onToggleFavourite(name: string): void
  onOpen(name: string): void
  onNewApp(example?: boolean): void
  loaded: boolean
}

/**
 * Tiles or a table of every app, filtered as you type, sorted by a column, virtualized for
 * thousands. One TanStack table holds the order and the selection for both views; the selected
 * apps that are shown are synced (one consent for all) or refreshed together.
 */
export function AppList(props: Props) {
  const [view, setView] = useState<'table' | 'tiles'>(() => (localStorage.getItem('gitops-desk.view') as 'table' | 'tiles') ?? 'table')
  // Sorted once per sort or app change; the filters pick from that order (a keystroke sorts nothing and builds no table rows).
  const sorted = useMemo(() => sortApps(props.apps, props.sort), [props.apps, props.sort])
  const shows: Shows = useMemo(() => ({ shows: appMatcher(props.filter, props.favourites) }), [props.filter, props.favourites])
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({})
  const commands = useAppCommands(props.api)
  // Kept while the sort is the same: the header is rendered again when this array changes.
  const sorting: SortingState = useMemo(() => (props.sort ? [{ id: props.sort.column, desc: props.sort.desc }] : []), [props.sort])
  const onSortingChange = (updater: Updater<SortingState>) => {
    const [first] = typeof updater === 'function' ? updater(sorting) : updater
    props.onSort(first ? { column: first.id as SortColumn, desc: first.desc } : undefined)
  }
  const meta: ListMeta = { favourites: props.favourites, onToggleFavourite: props.onToggleFavourite, onOpen: props.onOpen }
  const table = useReactTable({ data: sorted, columns: appColumns, meta, getRowId: (a) => a.name, state: { sorting, rowSelection, globalFilter: shows }, onSortingChange, onRowSelectionChange: setRowSelection, enableMultiSort: false, manualSorting: true, getCoreRowModel: getCoreRowModel(), getFilteredRowModel: shownRowModel })
  const rows = table.getRowModel().rows
  const selectedRows = table.getFilteredSelectedRowModel().rows
  const selected = useMemo(() => selectedRows.map((r) => r.original), [selectedRows])
  // The filters' one change handler, stable (the filters bar is not rendered again while the search is typed).
  const latest = useRef({ filter: props.filter, onFilter: props.onFilter })
  useLayoutEffect(() => {
    latest.current = { filter: props.filter, onFilter: props.onFilter }
  })
  const set = useCallback((patch: Partial<AppFilter>) => latest.current.onFilter({ ...latest.current.filter, ...patch }), [])
  const switchView = (v: 'table' | 'tiles') => {
    setView(v)
    localStorage.setItem('gitops-desk.view', v)
  }

  if (props.loaded && props.apps.length === 0) {
    return (
      <section className="empty" aria-label="Applications">
        <h1>No applications yet</h1>
        <p>An application is a path in a Git repository (plain YAML, a Helm chart or Kustomize) and a cluster to put it on, as in Argo CD.</p>
        <p>
          <button className="primary" onClick={() => props.onNewApp()}>
            Add an application
          </button>{' '}
          <button onClick={() => props.onNewApp(true)}>Try the guestbook example from a local folder</button>
        </p>
        {props.clusters.length === 0 && (
          <p className="warning">No kubeconfig context was found. Create a cluster (kind create cluster, minikube start) or import one in Settings → Clusters.</p>
        )}
        <p className="muted">Apps added with the command line (gitops-desk app add app.yaml) show up here too.</p>
      </section>
    )
  }

  return (
    <section className="app-list" aria-label="Applications">
      {/* The page's title for headings navigation and the type scale; the filters say what it is at a glance. */}
      <h1 className="visually-hidden">Applications</h1>
      <div className="filters" role="group" aria-label="Filters">
        <ListFilters apps={props.apps} filter={props.filter} onChange={set} />
        <span className="spacer" />
        <span className="muted" role="status" aria-label="Shown applications">
          {rows.length} of {props.apps.length}
        </span>
        <div className="segmented" role="group" aria-label="View">
          <button aria-pressed={view === 'table'} onClick={() => switchView('table')}>
            Table
          </button>
          <button aria-pressed={view === 'tiles'} onClick={() => switchView('tiles')}>
            Tiles
          </button>
        </div>
      </div>
      <BulkBar selected={selected} result={commands.result} onSync={() => commands.askSync(selected)} onRefresh={() => void commands.refresh(selected)} onClear={() => setRowSelection({})} />
      {view === 'table' ? <AppTable table={table} rows={rows} sorting={sorting} rowSelection={rowSelection} /> : <AppTiles table={table} onOpen={props.onOpen} onSync={(a) => commands.askSync([a])} onRefresh={(a) => void commands.refresh([a])} />}
      {commands.consenting && <SyncAppsDialog apps={commands.consenting} clusters={props.clusters} onClose={commands.closeSync} onSync={(syncs) => void commands.sync(syncs)} />}
    </section>
  )
}
