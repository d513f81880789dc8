import { getCoreRowModel, getSortedRowModel, useReactTable, type RowSelectionState, type SortingState, type Updater } from '@tanstack/react-table'
import { useMemo, useState } from 'react'
import type { AppSummary, ClusterInfo, GitopsApi } from '../../../shared/api'
import { healthStatuses, syncStatuses } from '../../../shared/statuses'
import { choices, filterApps, type AppFilter } from './filter'
import { appColumns, type ListMeta } from './app-columns'
import type { AppSort, SortColumn } from './app-sort'
import { AppTable } from './AppTable'
import { AppTiles } from './AppTiles'
import { BulkBar } from './BulkBar'
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
  const visible = useMemo(() => filterApps(props.apps, props.filter, props.favourites), [props.apps, props.filter, props.favourites])
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({})
  const commands = useAppCommands(props.api)
  // Kept while the sort is the same: TanStack recomputes its sorted rows when this array changes.
  const sorting: SortingState = useMemo(() => (props.sort ? [{ id: props.sort.column, desc: props.sort.desc }] : []), [props.sort])
  const onSortingChange = (updater: Updater<SortingState>) => {
    const [first] = typeof updater === 'function' ? updater(sorting) : updater
    props.onSort(first ? { column: first.id as SortColumn, desc: first.desc } : undefined)
  }
  const meta: ListMeta = { favourites: props.favourites, onToggleFavourite: props.onToggleFavourite, onOpen: props.onOpen }
  const table = useReactTable({ data: visible, columns: appColumns, meta, getRowId: (a) => a.name, state: { sorting, rowSelection }, onSortingChange, onRowSelectionChange: setRowSelection, enableMultiSort: false, autoResetPageIndex: false, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() })
  const selected = table.getSelectedRowModel().rows.map((r) => r.original)
  const set = (patch: Partial<AppFilter>) => props.onFilter({ ...props.filter, ...patch })
  const switchView = (v: 'table' | 'tiles') => {
    setView(v)
    localStorage.setItem('gitops-desk.view', v)
  }
  const select = (label: string, value: string, options: readonly string[], onChange: (v: string) => void) => (
    <label className="filter">
      <span>{label}</span>
      <select aria-label={`Filter by ${label.toLowerCase()}`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  )

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
        {select('Sync', props.filter.sync, syncStatuses, (v) => set({ sync: v }))}
        {select('Health', props.filter.health, healthStatuses, (v) => set({ health: v }))}
        {select('Cluster', props.filter.cluster, choices(props.apps, (a) => a.status?.context ?? a.destination), (v) => set({ cluster: v }))}
        {select('Namespace', props.filter.namespace, choices(props.apps, (a) => a.namespace), (v) => set({ namespace: v }))}
        {select('Project', props.filter.project, choices(props.apps, (a) => a.project), (v) => set({ project: v }))}
        {select('Repository', props.filter.repo, choices(props.apps, (a) => a.repoURL), (v) => set({ repo: v }))}
        <label className="filter">
          <span>Auto-sync</span>
          <select aria-label="Filter by auto-sync" value={props.filter.autoSync} onChange={(e) => set({ autoSync: e.target.value as AppFilter['autoSync'] })}>
            <option value="any">Any</option>
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
        </label>
        <label className="filter check">
          <input type="checkbox" checked={props.filter.favouritesOnly} onChange={(e) => set({ favouritesOnly: e.target.checked })} /> Favourites
        </label>
        <span className="spacer" />
        <span className="muted" role="status" aria-label="Shown applications">
          {visible.length} of {props.apps.length}
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
      {view === 'table' ? <AppTable table={table} /> : <AppTiles table={table} onOpen={props.onOpen} onSync={(a) => commands.askSync([a])} onRefresh={(a) => void commands.refresh([a])} />}
      {commands.consenting && <SyncAppsDialog apps={commands.consenting} clusters={props.clusters} onClose={commands.closeSync} onSync={(syncs) => void commands.sync(syncs)} />}
    </section>
  )
}
