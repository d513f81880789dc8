import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState } from 'react'
import type { AppSummary, ClusterInfo } from '../../../shared/api'
import { healthStatuses, syncStatuses } from '../../../shared/statuses'
import { choices, filterApps, type AppFilter } from './filter'
import { HealthBadge, SyncBadge } from '../ui/Badges'
import { LastKnown } from '../ui/LastKnown'
import { since } from '../ui/format'

interface Props {
  apps: AppSummary[]
  clusters: ClusterInfo[]
  filter: AppFilter
  onFilter(filter: AppFilter): void
  favourites: ReadonlySet<string>
  onToggleFavourite(name: string): void
  onOpen(name: string): void
  onNewApp(example?: boolean): void
  loaded: boolean
}

/** Tiles or a compact table of every app, filtered as you type, virtualized for thousands. */
export function AppList(props: Props) {
  const [view, setView] = useState<'table' | 'tiles'>(() => (localStorage.getItem('gitops-desk.view') as 'table' | 'tiles') ?? 'table')
  const visible = useMemo(() => filterApps(props.apps, props.filter, props.favourites), [props.apps, props.filter, props.favourites])
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
      {view === 'table' ? <AppTable {...props} visible={visible} /> : <AppTiles {...props} visible={visible} />}
    </section>
  )
}

function AppTable(props: Props & { visible: AppSummary[] }) {
  const parent = useRef<HTMLDivElement>(null)
  const rows = useVirtualizer({ count: props.visible.length, getScrollElement: () => parent.current, estimateSize: () => 36, overscan: 12 })
  return (
    <div className="table" role="table" aria-label="Applications table" aria-rowcount={props.visible.length + 1}>
      <div className="row head" role="row">
        {['', 'Name', 'Sync', 'Health', 'Revision', 'Destination', 'Last sync'].map((h) => (
          <span role="columnheader" key={h}>
            {h}
          </span>
        ))}
      </div>
      <div className="rows" ref={parent} role="rowgroup">
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {rows.getVirtualItems().map((item) => {
            const a = props.visible[item.index]!
            return (
              <div key={a.name} className="row" role="row" aria-rowindex={item.index + 2} style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, width: '100%' }} data-app={a.name}>
                <span role="cell">
                  <button className="star link" aria-label={props.favourites.has(a.name) ? `Unfavourite ${a.name}` : `Favourite ${a.name}`} aria-pressed={props.favourites.has(a.name)} onClick={() => props.onToggleFavourite(a.name)}>
                    {props.favourites.has(a.name) ? '★' : '☆'}
                  </button>
                </span>
                <span role="cell">
                  <button className="link app-name" onClick={() => props.onOpen(a.name)}>
                    {a.parent ? <span className="muted">{a.parent} / </span> : null}
                    {a.name}
                  </button>
                  {a.operationRunning && <span className="spinner" aria-label="Syncing" />}
                </span>
                <span role="cell">
                  <SyncBadge status={a.status?.sync} />
                </span>
                <span role="cell">
                  <HealthBadge status={a.status?.health} message={a.status?.healthMessage} />
                  {a.status?.lastKnownAt && <LastKnown at={a.status.lastKnownAt} sync={a.status.lastKnown?.sync} health={a.status.lastKnown?.health} />}
                </span>
                <span role="cell" title={`${a.status?.revision ?? ''} ${a.status?.revisionMessage ?? ''}`}>
                  <span className="mono">{a.status?.revision.slice(0, 7) ?? '—'}</span> <span className="muted">{a.status?.revisionMessage ?? a.targetRevision}</span>
                </span>
                <span role="cell" title={`${a.destination}/${a.namespace}`}>
                  {a.status?.context ?? a.destination}/{a.namespace}
                </span>
                <span role="cell">{since(a.status?.lastSync?.finishedAt)}</span>
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}

function AppTiles(props: Props & { visible: AppSummary[] }) {
  const parent = useRef<HTMLDivElement>(null)
  const perRow = 3
  const rowCount = Math.ceil(props.visible.length / perRow)
  const rows = useVirtualizer({ count: rowCount, getScrollElement: () => parent.current, estimateSize: () => 140, overscan: 4 })
  return (
    <div className="tiles" ref={parent} aria-label="Application tiles">
      <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
        {rows.getVirtualItems().map((row) => (
          <div key={row.index} className="tile-row" style={{ position: 'absolute', top: 0, transform: `translateY(${row.start}px)`, width: '100%' }}>
            {props.visible.slice(row.index * perRow, row.index * perRow + perRow).map((a) => (
              <article key={a.name} className={`tile sync-border-${a.status?.sync ?? 'Unknown'} health-border-${a.status?.health ?? 'Unknown'}`} aria-label={a.name}>
                <h2>
                  <button className="link" onClick={() => props.onOpen(a.name)}>
                    {a.name}
                  </button>
                </h2>
                <p>
                  <SyncBadge status={a.status?.sync} /> <HealthBadge status={a.status?.health} message={a.status?.healthMessage} />
                  {a.status?.lastKnownAt && <LastKnown at={a.status.lastKnownAt} sync={a.status.lastKnown?.sync} health={a.status.lastKnown?.health} />}
                </p>
                <p className="muted small" title={a.repoURL}>
                  {a.repoURL.replace(/^.*\//, '')} · {a.path} · {a.status?.revision.slice(0, 7) ?? '—'} {a.status?.revisionMessage ?? ''}
                </p>
                <p className="muted small">
                  {a.status?.context ?? a.destination}/{a.namespace} · last sync {since(a.status?.lastSync?.finishedAt)}
                </p>
              </article>
            ))}
          </div>
        ))}
      </div>
    </div>
  )
}
