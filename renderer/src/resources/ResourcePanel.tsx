import { lazy, Suspense, useEffect, useState } from 'react'
import type { GitopsApi, ResourceDetails, TreeNode } from '../../../shared/api'
import { errorText } from '../state/errors'
import { HealthBadge, KindIcon, SyncBadge } from '../ui/Badges'
import { KubeEventsView } from './KubeEventsView'
import { age } from '../ui/format'
import { LogsView } from './LogsView'
import { PortForwardView } from './PortForwardView'

// The terminal (xterm.js, ~90 kB gzipped) loads when a Shell tab opens, as Monaco loads with an editor.
const ShellView = lazy(() => import('./ShellView'))
import { PanelDiff } from './PanelDiff'
import { ManifestView } from './ManifestView'
import { RolloutView } from './RolloutView'
import { LiveEditor } from './LiveEditor'
import { ErrorAlert } from '../ui/ErrorAlert'
import { layerOpen } from '../ui/Modal'
import { parseResourceKey } from '../../../shared/resource-key'
import { logKinds } from '../../../shared/model'
import type { ResourceTab as Tab } from '../shell/route'

/**
 * One resource of the app, opened from the tree, the graph, the list or the diff: Summary, Live
 * and Desired manifests, Diff, Events, Logs, a Pod's Shell, a Pod's or Service's Port-forward; Actions and Delete are the app view's own dialogs.
 */
export function ResourcePanel(props: {
  api: GitopsApi
  app: string
  resource: string
  /** Its node in the app's tree as events keep it: sync and health stay current. */ node?: TreeNode | undefined
  onClose(): void
  onDiff(key: string): void
  /** Opens the actions dialog of a resource, with one action already chosen (the Rollout view's Promote). */ onActions(key: string, action?: string): void
  onDelete(key: string): void
  /** The tab shown, from the URL. */ tab: Tab
  onTab(tab: Tab): void
  /** A resource of an Argo CD app: the reads and Argo CD's resource actions only (no Edit live, Delete, Shell or Port-forward). */ argoApp?: boolean
}) {
  const { api, app, resource } = props
  const localTools = !props.argoApp
  const [details, setDetails] = useState<ResourceDetails | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState(false)
  // Another resource opened in the panel: its live manifest, not the editor of the last one.
  useEffect(() => setEditing(false), [resource])
  useEffect(() => {
    let cancelled = false
    setDetails(null)
    const load = () => api.resourceDetails(app, resource).then((d) => !cancelled && setDetails(d), (e: unknown) => !cancelled && setError(errorText(e)))
    void load()
    // The object changed in the cluster (a sync, an edit): show what it is now, without reopening.
    const unsubscribe = api.onEvents((batch) => {
      if (batch.some((e) => e.type === 'resource-changed' && e.app === app && e.key === resource)) void load()
    })
    return () => {
      cancelled = true
      unsubscribe()
    }
  }, [api, app, resource])
  useEffect(() => {
    // Escape closes the panel only (captured first, so the shell does not also leave the app);
    // with a dialog or a menu open above the panel, Escape is theirs.
    const close = (e: KeyboardEvent) => {
      // Escape typed in a shell is the shell's (vi, less); in Edit live it is the editor's (closing
      // Monaco's suggestions), and must not throw away text not applied yet.
      if (e.key !== 'Escape' || layerOpen() || (e.target instanceof Element && e.target.closest('.xterm, .live-editor'))) return
      e.preventDefault()
      props.onClose()
    }
    window.addEventListener('keydown', close, true)
    return () => window.removeEventListener('keydown', close, true)
  }, [props])

  const tabs: { id: Tab; label: string; shown: boolean }[] = [
    { id: 'summary', label: 'Summary', shown: true },
    { id: 'rollout', label: 'Rollout', shown: !!details?.rollout },
    { id: 'live', label: 'Live manifest', shown: true },
    { id: 'desired', label: 'Desired manifest', shown: !!details?.managed },
    { id: 'diff', label: 'Diff', shown: !!details },
    { id: 'events', label: 'Events', shown: true },
    { id: 'logs', label: 'Logs', shown: !!details && logKinds.has(details.kind) && details.pods.length > 0 },
    { id: 'shell', label: 'Shell', shown: localTools && !!details?.live && details.kind === 'Pod' && !!details.pods[0]?.containers.length },
    { id: 'ports', label: 'Port-forward', shown: localTools && !!details?.live && (details.kind === 'Pod' || details.kind === 'Service') },
  ]
  // A link to a tab this resource does not have (Logs of a Service) shows its Summary.
  const tab = !details || tabs.some((t) => t.id === props.tab && t.shown) ? props.tab : 'summary'
  const setTab = props.onTab
  const { kind, name } = parseResourceKey(resource)
  return (
    <aside className="resource-panel" role="dialog" aria-modal="false" aria-label={`${kind} ${name}`}>
      <div className="panel-head">
        <KindIcon kind={kind} size={22} />
        <div>
          <div className="muted small">{kind}</div>
          <h2>{name}</h2>
        </div>
        {(props.node?.status ?? details?.status) && <SyncBadge status={props.node?.status ?? details?.status} />}
        {/* Not in the cluster: its health is Missing too, said once by the sync badge. */}
        {(props.node || details) && (props.node?.status ?? details?.status) !== 'Missing' && <HealthBadge status={props.node ? props.node.health : details!.health} message={props.node ? props.node.healthMessage : details!.healthMessage} />}
        {/* Which check gave the verdict: the user's argocd-cm, Argo CD's bundled script, or a compiled rule. */}
        {/* An Argo CD app's own resources carry Argo CD's verdict (its status.resources), not a check run here. */}
        {props.argoApp && props.node && !props.node.parent ? (
          <span className="muted small health-source" data-testid="health-source" title="Where this health verdict came from">
            from Argo CD
          </span>
        ) : details?.healthSource && (
          <span className="muted small health-source" data-testid="health-source" title="Where this health verdict came from">
            from {details.healthSource.label}
          </span>
        )}
        <span className="spacer" />
        {details?.live && (
          <button onClick={() => props.onActions(resource)} disabled={!details.managed} title={details.managed ? undefined : 'Actions run on the app’s own resources'}>
            Actions
          </button>
        )}
        {localTools && details?.live && details.managed && <button className="danger" onClick={() => props.onDelete(resource)}>Delete</button>}
        <button className="quiet" onClick={props.onClose} aria-label="Close the resource panel">
          Close
        </button>
      </div>
      <div role="tablist" aria-label="Resource views" className="tabs">
        {tabs
          .filter((t) => t.shown)
          .map((t) => (
            <button key={t.id} role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`tabpanel-${t.id}`} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
      </div>
      <ErrorAlert error={error} />
      {!details && !error && <p role="status">Loading {kind} {name}…</p>}
      {details && (
        <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-body">
          {tab === 'summary' && <Summary details={details} />}
          {tab === 'rollout' && details.rollout && <RolloutView api={api} app={app} resource={resource} rollout={details.rollout} managed={details.managed} onAction={(action) => props.onActions(resource, action)} />}
          {tab === 'live' && localTools && details.live && details.managed && !editing && (
            <button className="edit-live" onClick={() => setEditing(true)} title="Change this object in the cluster (a dry run first)">
              Edit live
            </button>
          )}
          {tab === 'live' && editing && <LiveEditor api={api} app={app} resource={resource} onDone={() => setEditing(false)} />}
          {tab === 'live' && !editing && (details.live ? <ManifestView text={details.live} label={`Live manifest of ${kind} ${name}`} /> : <p className="muted">Not in the cluster (Missing).</p>)}
          {tab === 'desired' && (details.desired ? <ManifestView text={details.desired} label={`Desired manifest of ${kind} ${name}`} /> : <p className="muted">{localTools ? 'Not in Git (an extra resource).' : 'No target rendered here: not in Git, or the target is unavailable locally (the Diff tab says why).'}</p>)}
          {tab === 'diff' && <PanelDiff api={api} app={app} details={details} onOpen={() => props.onDiff(resource)} />}
          {tab === 'events' && <KubeEventsView api={api} app={app} resource={resource} namespace={details.namespace} context={details.context} />}
          {tab === 'logs' && <LogsView api={api} app={app} resource={resource} pods={details.pods} />}
          {tab === 'shell' && (
            <Suspense fallback={<p role="status">Loading the terminal…</p>}>
              <ShellView key={resource} api={api} app={app} resource={resource} context={details.context} containers={details.pods[0]?.containers ?? []} />
            </Suspense>
          )}
          {tab === 'ports' && <PortForwardView api={api} app={app} resource={resource} />}
        </div>
      )}
    </aside>
  )
}

function Summary({ details }: { details: ResourceDetails }) {
  const rows: [string, React.ReactNode][] = [
    ['Kind', details.kind],
    ['Name', details.name],
    ['Namespace', details.namespace || '(cluster-scoped)'],
    ['Cluster', details.context],
    ['Sync', details.status ?? (details.managed ? 'Unknown' : 'owned by another resource')],
    ['Health', `${details.health ?? 'no health'}${details.healthMessage ? `: ${details.healthMessage}` : ''}`],
    ['Health check', details.healthSource?.label ?? (details.health ? '—' : 'none for this kind (Argo CD shows no health either)')],
    ['Owner', details.owners.map((o) => `${o.kind}/${o.name}`).join(', ') || '—'],
    ['Age', details.createdAt ? `${age(details.createdAt)} (created ${new Date(details.createdAt).toLocaleString()})` : '—'],
  ]
  if (details.pods.length) rows.push(['Pods', details.pods.map((p) => `${p.pod} (${p.containers.join(', ')})`).join('; ')])
  return (
    <div className="summary">
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <KeyValues title="Labels" values={details.labels} />
      <KeyValues title="Annotations" values={details.annotations} />
    </div>
  )
}

function KeyValues({ title, values }: { title: string; values: Record<string, string> }) {
  const entries = Object.entries(values)
  return (
    <>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="chips" aria-label={title}>
          {entries.map(([k, v]) => (
            <li key={k} className="chip mono small" title={`${k}=${v}`}>
              {k}={v.length > 80 ? `${v.slice(0, 80)}…` : v}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
