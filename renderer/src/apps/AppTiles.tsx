import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import type { AppSummary } from '../../../shared/api'
import { ArgoMarker, HealthBadge, SyncBadge } from '../ui/Badges'
import { LastKnown } from '../ui/LastKnown'
import { since } from '../ui/format'
import type { RowActions } from './app-columns'
import { destinationOf } from './app-sort'

interface Props {
  /** The shown apps, in the list's order. */
  apps: AppSummary[]
  selection: ReadonlySet<string>
  actions: RowActions
  /** Asks the consent to sync this app (the same dialog as a bulk sync). */
  onSync(app: AppSummary): void
  onRefresh(app: AppSummary): void
}

const perRow = 3

/** The apps as tiles, three a row, in the list's order; only the rows on screen rendered. */
export function AppTiles(props: Props) {
  const parent = useRef<HTMLDivElement>(null)
  const { apps, selection, actions } = props
  const virtual = useVirtualizer({ count: Math.ceil(apps.length / perRow), getScrollElement: () => parent.current, estimateSize: () => 162, overscan: 4 })
  return (
    <div className="tiles" ref={parent} aria-label="Application tiles">
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((line) => (
          <div key={line.index} className="tile-row" style={{ position: 'absolute', top: 0, transform: `translateY(${line.start}px)`, width: '100%' }}>
            {apps.slice(line.index * perRow, line.index * perRow + perRow).map((a) => {
              return (
                <article key={a.name} className={`tile sync-border-${a.status?.sync ?? 'Unknown'} health-border-${a.status?.health ?? 'Unknown'}`} aria-label={a.name} data-app={a.name}>
                  <h2>
                    <input type="checkbox" aria-label={`Select ${a.name}`} checked={selection.has(a.name)} onChange={(e) => actions.onSelect(a.name, e.target.checked)} />
                    <button className="link" onClick={() => actions.onOpen(a.name)} title={a.name}>
                      {a.argocd?.name ?? a.name}
                    </button>
                    {a.argocd && <ArgoMarker instance={a.argocd.instance} />}
                    {a.operationRunning && <span className="spinner" aria-label="Syncing" />}
                  </h2>
                  <p>
                    <SyncBadge status={a.status?.sync} /> <HealthBadge status={a.status?.health} message={a.status?.healthMessage} />
                    {a.status?.lastKnownAt && <LastKnown at={a.status.lastKnownAt} sync={a.status.lastKnown?.sync} health={a.status.lastKnown?.health} />}
                  </p>
                  <p className="muted small" title={`${a.repoURL} ${a.path} ${a.status?.revision ?? ''} ${a.status?.revisionMessage ?? ''}`}>
                    {a.repoURL.replace(/^.*\//, '')} · {a.path} · {a.status?.revision.slice(0, 7) ?? '—'} {a.status?.revisionMessage ?? ''}
                  </p>
                  <p className="muted small">
                    {destinationOf(a)}/{a.namespace} · last sync {since(a.status?.lastSync?.finishedAt)}
                  </p>
                  <div className="tile-actions">
                    <button onClick={() => props.onSync(a)} disabled={a.operationRunning} aria-label={`Sync ${a.name}`}>
                      Sync
                    </button>
                    <button onClick={() => props.onRefresh(a)} aria-label={`Refresh ${a.name}`}>
                      Refresh
                    </button>
                  </div>
                </article>
              )
            })}
          </div>
        ))}
      </div>
    </div>
  )
}
