import { useEffect, useState } from 'react'
import type { AppSummary, ArgoInstance, ClusterInfo, GitopsApi } from '../../../shared/api'
import { ClusterArgoInstances } from './ClusterArgoInstances'
import { HealthBadge, SyncBadge } from '../ui/Badges'
import { Server } from 'lucide-react'
import { healthStatuses, syncStatuses } from '../../../shared/statuses'
import { plural } from '../ui/plural'

/** Every context at a glance: reachability, version, its apps by sync and health, the ones with problems. */
export function ClustersPage(props: { api: GitopsApi; clusters: ClusterInfo[]; apps: AppSummary[]; onSwitch(name: string): void; onShowApps(context: string): void; onShowInstance(id: string): void; onOpenApp(name: string): void }) {
  const contextOf = (a: AppSummary) => a.status?.context ?? a.destination
  // The Argo CD instances each cluster holds (found once; their app counts follow the list).
  const [instances, setInstances] = useState<ArgoInstance[]>([])
  useEffect(() => void props.api.listArgoInstances().then(setInstances, () => undefined), [props.api])
  return (
    <section className="clusters-page" aria-label="Clusters">
      <div className="details-head">
        <h1>Clusters</h1>
        <span className="muted">{plural(props.clusters.length, 'context')} · {plural(props.apps.length, 'app')}</span>
      </div>
      <div className="cluster-tiles">
        {props.clusters.map((c) => {
          const apps = props.apps.filter((a) => contextOf(a) === c.name)
          const count = <T extends string>(pick: (a: AppSummary) => T | undefined, value: T) => apps.filter((a) => (pick(a) ?? 'Unknown') === value).length
          const problems = apps.filter((a) => a.status?.needsAttention)
          return (
            <article key={c.name} className={`cluster-tile ${c.reachable ? 'reachable' : 'unreachable'}`} aria-label={`Cluster ${c.name}`} data-cluster={c.name}>
              <header>
                <Server size={20} aria-hidden="true" />
                <h2>{c.name}</h2>
                {c.active && <span className="chip">active</span>}
                {c.protected && <span className="chip warning">protected</span>}
              </header>
              <p className={c.reachable ? 'muted' : 'error'}>
                {c.reachable ? `Reachable · Kubernetes ${c.version ?? '?'}` : `Unreachable: ${c.reason ?? 'no answer'}`}
                <br />
                <span className="mono small">{c.server}</span>
              </p>
              {apps.length === 0 ? (
                <p className="muted">No apps deploy here.</p>
              ) : (
                // Only the statuses some app has: a glance, not a table of zeros.
                <dl className="counts" aria-label={`Apps on ${c.name} by status`}>
                  {syncStatuses
                    .filter((s) => count((a) => a.status?.sync, s) > 0)
                    .map((s) => (
                      <div key={s}>
                        <dt>
                          <SyncBadge status={s} />
                        </dt>
                        <dd>{count((a) => a.status?.sync, s)}</dd>
                      </div>
                    ))}
                  {healthStatuses
                    .filter((h) => count((a) => a.status?.health, h) > 0)
                    .map((h) => (
                      <div key={h}>
                        <dt>
                          <HealthBadge status={h} />
                        </dt>
                        <dd>{count((a) => a.status?.health, h)}</dd>
                      </div>
                    ))}
                </dl>
              )}
              <ClusterArgoInstances context={c.name} instances={instances} apps={props.apps} onShowInstance={props.onShowInstance} />
              {problems.length > 0 && (
                <>
                  <h3>Needs attention</h3>
                  <ul className="problem-apps">
                    {problems.slice(0, 8).map((a) => (
                      <li key={a.name}>
                        <button className="link" onClick={() => props.onOpenApp(a.name)}>
                          {a.name}
                        </button>{' '}
                        <SyncBadge status={a.status?.sync} /> <HealthBadge status={a.status?.health} message={a.status?.healthMessage} />
                      </li>
                    ))}
                    {problems.length > 8 && <li className="muted">and {problems.length - 8} more</li>}
                  </ul>
                </>
              )}
              <footer>
                <button onClick={() => props.onShowApps(c.name)}>Show its {plural(apps.length, 'app')}</button>
                <button disabled={c.active} onClick={() => props.onSwitch(c.name)}>
                  {c.active ? 'Active' : 'Switch to it'}
                </button>
              </footer>
            </article>
          )
        })}
      </div>
    </section>
  )
}
