import { getCoreRowModel, useReactTable, type SortingState, type Updater } from '@tanstack/react-table'
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { AppSummary, ClusterInfo } from '../../../shared/api'
import { appMatcher, type AppFilter } from './filter'
import { appColumns, type RowActions } from './app-columns'
import { sortApps, type AppSort, type SortColumn } from './app-sort'
import { selectedShown, withAllShown, withSelected } from './selection'
import { AppTable } from './AppTable'
import { AppTiles } from './AppTiles'
import { BulkBar } from './BulkBar'
import { ListFilters } from './ListFilters'
import { SyncAppsDialog } from './SyncAppsDialog'
import { useAppCommands, type ListCommandsApi } from './use-app-commands'

/** TanStack's table holds the columns and the sort only: the list's rows are its own. */
const noRows: AppSummary[] = []

interface Props {
  api: ListCommandsApi
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
 * thousands. The apps are sorted once per sort or app change and the filters pick from that
 * order, so a keystroke sorts nothing; rows of apps still shown are not rendered again. The
 * selected apps that are shown are synced (one consent for all) or refreshed together.
 */
export function AppList(props: Props) {
  const [view, setView] = useState<'table' | 'tiles'>(() => (localStorage.getItem('gitops-desk.view') as 'table' | 'tiles') ?? 'table')
  const sorted = useMemo(() => sortApps(props.apps, props.sort), [props.apps, props.sort])
  const shown = useMemo(() => sorted.filter(appMatcher(props.filter, props.favourites)), [sorted, props.filter, props.favourites])
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set())
  const selected = useMemo(() => selectedShown(selection, shown, props.apps), [selection, shown, props.apps])
  const commands = useAppCommands(props.api)
  // Kept while the sort is the same: the header is rendered again when this array changes.
  const sorting: SortingState = useMemo(() => (props.sort ? [{ id: props.sort.column, desc: props.sort.desc }] : []), [props.sort])
  const onSortingChange = (updater: Updater<SortingState>) => {
    const [first] = typeof updater === 'function' ? updater(sorting) : updater
    props.onSort(first ? { column: first.id as SortColumn, desc: first.desc } : undefined)
  }
  const table = useReactTable({ data: noRows, columns: appColumns, state: { sorting }, onSortingChange, enableMultiSort: false, manualSorting: true, getCoreRowModel: getCoreRowModel() })
  // Stable handlers for the filters bar and the rows (neither is rendered again per keystroke): they read the latest props.
  const latest = useRef({ props, shown })
  useLayoutEffect(() => {
    latest.current = { props, shown }
  })
  const set = useCallback((patch: Partial<AppFilter>) => latest.current.props.onFilter({ ...latest.current.props.filter, ...patch }), [])
  const actions: RowActions = useMemo(
    () => ({
      onOpen: (name) => latest.current.props.onOpen(name),
      onToggleFavourite: (name) => latest.current.props.onToggleFavourite(name),
      onSelect: (name, on) => setSelection((s) => withSelected(s, name, on)),
    }),
    [],
  )
  const selectAll = useCallback((on: boolean) => setSelection((s) => withAllShown(s, latest.current.shown, on)), [])
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
          {shown.length} of {props.apps.length}
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
      <BulkBar selected={selected.apps} result={commands.result} onSync={() => commands.askSync(selected.apps)} onRefresh={() => void commands.refresh(selected.apps)} onClear={() => setSelection(new Set())} />
      {view === 'table' ? (
        <AppTable table={table} apps={shown} selection={selection} favourites={props.favourites} actions={actions} allSelected={selected.all} someSelected={selected.some} onSelectAll={selectAll} />
      ) : (
        <AppTiles apps={shown} selection={selection} actions={actions} onSync={(a) => commands.askSync([a])} onRefresh={(a) => void commands.refresh([a])} />
      )}
      {commands.consenting && <SyncAppsDialog apps={commands.consenting} clusters={props.clusters} onClose={commands.closeSync} onSync={(syncs) => void commands.sync(syncs)} />}
    </section>
  )
}
