import { useCallback, useEffect, useRef, useState } from 'react'
import type { ArgoApp, ArgoAppDiff, ArgoTakeOverPlan, ClusterInfo, DeleteIntent, GitopsApi, TreeNode } from '../../../../shared/api'
import { ArgoMarker, HealthBadge, SyncBadge } from '../../ui/Badges'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { Modal } from '../../ui/Modal'
import { errorText } from '../../state/errors'
import { DeleteDialog } from '../DeleteDialog'
import { ArgoDiff, ArgoHistory, ArgoOperation, ArgoResources, asHealth, asTreeStatus } from './ArgoAppParts'
import { ArgoResourcePanel } from './ArgoResourcePanel'
import { ArgoSyncDialog } from './ArgoSyncDialog'
import { TerminateButton } from '../../operations/TerminateButton'
import type { ResourceTab } from '../../shell/route'

interface Props {
  api: GitopsApi
  id: string
  clusters: ClusterInfo[]
  /** The app's latest state from the event stream (the watch on Argo CD's Applications). */
  live: ArgoApp | undefined
  /** It is a row of the app list now (the list follows Argo CD's Applications, deletions included). */
  listed: boolean
  onManagedLocally(name: string): void
  onDeleted(): void
  /** The resource panel open, from the URL (as on a local app's page: a deep link opens it, Back closes it). */
  panel: { resource: string; tab: ResourceTab } | null
  onPanel(panel: { resource: string; tab: ResourceTab } | null, replace?: boolean): void
}

type Asking = 'sync' | 'delete' | 'manage' | null

/**
 * An app of an Argo CD instance: Argo CD's own verdicts (sync, health, operation, conditions,
 * history), its resources joined with the live cache, and the commands `argocd app` has. Each
 * command writes on the Application what Argo CD's API server would; the controller does the rest,
 * and its progress shows here as the watch brings it.
 */
export function ArgoAppDetails(props: Props) {
  const { api, id } = props
  const [loaded, setLoaded] = useState<ArgoApp | null>(null)
  const [tree, setTree] = useState<TreeNode[]>([])
  const [diff, setDiff] = useState<ArgoAppDiff | null>(null)
  const [plan, setPlan] = useState<ArgoTakeOverPlan | null>(null)
  const [asking, setAsking] = useState<Asking>(null)
  const [error, setError] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const app = props.live ?? loaded
  // Listed once and not any more: deleted in Argo CD while open. What shows is its last state, said
  // so, and no command is offered on an Application that is not there.
  const wasListed = useRef(false)
  if (props.listed) wasListed.current = true
  const deleted = wasListed.current && !props.listed
  const isProtected = !!app && props.clusters.some((c) => c.name === app.context && c.protected)

  useEffect(() => {
    api.getArgoApp(id).then(setLoaded, (e: unknown) => setError(errorText(e)))
  }, [api, id])
  // The tree follows Argo CD's resources: read again when their statuses change.
  const resourcesStamp = app ? app.resources.map((r) => `${r.key}:${r.status}:${r.health ?? ''}`).join(',') : ''
  useEffect(() => {
    if (resourcesStamp) api.argoAppTree(id).then(setTree, () => undefined)
  }, [api, id, resourcesStamp])

  const showDiff = useCallback(() => void api.diffArgoApp(id).then(setDiff, (e: unknown) => setError(errorText(e))), [api, id])
  // A diff on screen follows the resources too (after a sync it would still show them Missing).
  const diffShown = useRef(false)
  diffShown.current = diff !== null
  useEffect(() => {
    if (diffShown.current && resourcesStamp) api.diffArgoApp(id).then(setDiff, () => undefined)
  }, [api, id, resourcesStamp])
  const run = useCallback(
    async (what: string, call: () => Promise<unknown>) => {
      setError(null)
      try {
        await call()
        setNote(what)
      } catch (e) {
        setError(errorText(e))
      }
    },
    [],
  )
  if (!app) return <section className="details" aria-label={`Application ${id}`}>{error ? <ErrorAlert error={error} /> : <p className="muted">Loading…</p>}</section>
  const running = app.operationRequested || app.operationState?.phase === 'Running' || app.operationState?.phase === 'Terminating'
  const resources = app.resources.filter((r) => !r.hook).map((r) => ({ key: r.key, status: asTreeStatus(r.status), health: asHealth(r.health), requiresPruning: r.requiresPruning }))
  const nodes: TreeNode[] = tree.length ? tree : resources.map((r) => ({ key: r.key, kind: r.key.split('/')[1] ?? '', name: r.key.split('/').slice(3).join('/'), namespace: r.key.split('/')[2] ?? '', status: r.status, health: r.health }))

  return (
    <section className="details" aria-label={`Application ${app.name}`}>
      <header className="app-header">
        {/* One row, as a local app's: a long name gives way (ellipsis, whole in its title), the badges stay. */}
        <div className="details-head app-head-row">
          <h1 title={app.id}>{app.name}</h1>
          <ArgoMarker instance={app.instance} /> <SyncBadge status={asTreeStatus(app.sync.status)} /> <HealthBadge status={asHealth(app.health.status)} message={app.health.message} />
        </div>
        <p className="muted">
          Status from Argo CD: read from the Application in {app.namespace} of {app.context}, as Argo CD&apos;s controller wrote it (not computed here). {app.repoURL} {app.path} @ {app.targetRevision} → {app.destination.name ?? app.destination.server}/{app.destination.namespace}
          {app.autoSync ? ' · auto-sync on' : ''}
        </p>
        {deleted && <p role="alert" className="warning">{app.name} is no longer listed by Argo CD ({app.namespace} of {app.context}): deleted there, or that Argo CD cannot be read now. What shows is its last state.</p>}
        {!deleted && <div className="actions" role="group" aria-label="Commands">
          <button className="primary" disabled={running || app.deleting} onClick={() => setAsking('sync')}>Sync</button>
          <button onClick={() => void run('Refresh requested', () => api.refreshArgoApp(id))}>Refresh</button>
          <button onClick={() => void run('Hard refresh requested', () => api.refreshArgoApp(id, { hard: true }))}>Hard refresh</button>
          {running && <TerminateButton app={app.name} running onTerminate={() => void run('Terminating', () => api.terminateArgoOperation(id))} />}
          <button onClick={showDiff}>Diff</button>
          <button onClick={() => void run('', async () => (setPlan(await api.manageArgoAppLocally(id)), setAsking('manage')))}>Manage locally</button>
          <button className="danger" disabled={app.deleting} onClick={() => setAsking('delete')}>Delete</button>
        </div>}
        {note && <p role="status" className="muted">{note}</p>}
        <ErrorAlert error={error} />
        {app.deleting && <p className="warning">Argo CD is deleting this app.</p>}
      </header>
      {app.conditions.map((c) => (
        <p key={`${c.type}:${c.message}`} className={c.type.endsWith('Warning') ? 'warning' : 'error'}>
          {c.type}: {c.message}
        </p>
      ))}
      <ArgoOperation app={app} />
      <h2>Resources</h2>
      <ArgoResources nodes={nodes} onOpen={(resource) => props.onPanel({ resource, tab: 'summary' })} />
      {props.panel && (
        <ArgoResourcePanel
          api={api}
          id={id}
          clusters={props.clusters}
          resource={props.panel.resource}
          node={nodes.find((n) => n.key === props.panel?.resource)}
          tab={props.panel.tab}
          onTab={(tab) => props.panel && props.onPanel({ resource: props.panel.resource, tab }, true)}
          onClose={() => props.onPanel(null)}
          onDiff={showDiff}
          onNotice={setNote}
          onError={setError}
        />
      )}
      {diff && (
        <>
          <h2>Diff (rendered here)</h2>
          <ArgoDiff diff={diff} />
        </>
      )}
      <h2>History</h2>
      <ArgoHistory app={app} isProtected={isProtected} onRollback={(historyId, consent) => void run(`Rollback to ${historyId} started`, () => api.rollbackArgoApp(id, historyId, { consent }))} />
      {asking === 'sync' && <ArgoSyncDialog app={app} isProtected={isProtected} onCancel={() => setAsking(null)} onSync={(intent) => (setAsking(null), void run(intent.dryRun ? 'Dry run started' : 'Sync started', () => api.syncArgoApp(id, intent)))} />}
      {asking === 'delete' && (
        <DeleteDialog app={app.name} context={app.context} isProtected={isProtected} cascade={app.finalizers.some((f) => f.endsWith('/background')) ? 'background' : 'foreground'} resources={resources} onCancel={() => setAsking(null)} onDelete={(intent: DeleteIntent) => (setAsking(null), void run('Deleted', async () => (await api.deleteArgoApp(id, intent), props.onDeleted())))} />
      )}
      {asking === 'manage' && plan && (
        <Modal
          kind="alert"
          title={`Manage ${app.name} locally?`}
          description={`A copy becomes the local app ${plan.app}${plan.replaces ? ', replacing the local app of that name' : ''}; Argo CD's app is not changed.`}
          onClose={() => setAsking(null)}
          actions={<button className="primary" onClick={() => (setAsking(null), void run(`Copied as the local app ${plan.app}`, async () => (await api.manageArgoAppLocally(id, { apply: true }), props.onManagedLocally(plan.app))))}>Add the local app</button>}
        >
          {plan.notes.map((n) => <p key={n} className="muted">{n}</p>)}
          <pre className="mono small">{plan.yaml}</pre>
        </Modal>
      )}
    </section>
  )
}
