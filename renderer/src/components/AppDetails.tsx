import { useCallback, useEffect, useState } from 'react'
import type { AppEvent, AppStatus, AppSummary, ClusterInfo, DeletionState, GitopsApi, HistoryEntry, Operation, TreeNode } from '../../../shared/api'
import { AppEvents } from './AppEvents'
import { DeleteResourceDialog } from './DeleteResourceDialog'
import { isOperationRunning, type ResourceAction, type SyncIntent } from '../../../shared/model'
import { errorText } from '../state/errors'
import { syncToEnd } from '../state/operation'
import { HealthBadge, KindIcon, SyncBadge } from './Badges'
import { AppGraph } from './AppGraph'
import { ResourcePanel } from './resource/ResourcePanel'
import { DeleteDialog } from './DeleteDialog'
import { DeletionBanner } from './DeletionBanner'
import { ResourceActions } from './ResourceActions'
import { SyncPanel } from './SyncPanel'
import { ErrorAlert } from './ErrorAlert'

/** The commands a key press or a menu item runs on the app on screen. */
export interface ScreenCommands {
  app: string
  sync(): void
  refresh(hard: boolean): void
}

interface Props {
  api: GitopsApi
  name: string
  clusters: ClusterInfo[]
  /** The app's running or last operation, from the event stream. */
  operation: Operation | undefined
  /** The app's latest status and tree from the event stream: applied as they come, without asking again. */
  liveStatus: AppStatus | undefined
  liveTree: TreeNode[] | undefined
  onDiff(key?: string): void
  onEdit(): void
  onDeleted(): void
  /** Offers this view's commands while it is on screen; returns the withdrawal. */
  registerCommands(commands: ScreenCommands): () => void
}

/** One app: status, Sync / Refresh / Diff, its resource tree, conditions, live sync progress, history. */
export function AppDetails(props: Props) {
  const { api, name, registerCommands } = props
  const [summary, setSummary] = useState<AppSummary | null>(null)
  const [status, setStatus] = useState<AppStatus | null>(null)
  const [history, setHistory] = useState<HistoryEntry[]>([])
  const [events, setEvents] = useState<AppEvent[]>([])
  const [tree, setTree] = useState<TreeNode[]>([])
  const [view, setView] = useState<'tree' | 'list' | 'graph'>(() => (localStorage.getItem('gitops-desk.resource-view') as 'tree' | 'list' | 'graph' | null) ?? 'tree')
  const [opened, setOpened] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [panel, setPanel] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  /** The operation as last loaded or started here; events about it take over once they arrive. */
  const [loadedOperation, setLoadedOperation] = useState<Operation | null>(null)
  const [deletion, setDeletion] = useState<DeletionState | null>(null)

  const load = useCallback(async () => {
    try {
      const details = await api.getApp(name)
      setSummary(details.summary)
      setStatus(details.status)
      setHistory(details.history)
      setEvents(details.events)
      setLoadedOperation(details.operation)
      setDeletion(details.deletion)
      setError(null)
      setTree(await api.resourceTree(name))
    } catch (e) {
      setError(errorText(e))
    }
  }, [api, name])

  // Loads on mount; never starts anything. Later statuses and trees arrive as events.
  useEffect(() => void load(), [load])
  const { liveStatus, liveTree } = props
  useEffect(() => {
    if (liveStatus) setStatus((s) => (!s || liveStatus.reconciledAt >= s.reconciledAt ? liveStatus : s))
  }, [liveStatus])
  // A deletion stopped or ended elsewhere (the CLI): its DeletionError arrives with the status.
  const deletionFailed = liveStatus?.conditions.some((c) => c.type === 'DeletionError') ?? false
  const shownFailed = deletion?.phase === 'Failed'
  useEffect(() => {
    if (liveStatus && deletionFailed !== shownFailed) void load()
  }, [liveStatus, deletionFailed, shownFailed, load])
  useEffect(() => {
    if (liveTree) setTree(liveTree)
  }, [liveTree])
  const chooseView = (v: 'tree' | 'list' | 'graph') => {
    setView(v)
    localStorage.setItem('gitops-desk.resource-view', v)
  }

  /** One user action: says what it is doing meanwhile, shows its error, reloads the app after. */
  const act = useCallback(
    async (label: string, action: () => Promise<void>) => {
      setBusy(label)
      try {
        await action()
        await load()
      } catch (e) {
        setError(errorText(e))
      } finally {
        setBusy(null)
      }
    },
    [load],
  )

  const refresh = useCallback((hard: boolean) => void act(hard ? 'Hard refreshing…' : 'Refreshing…', () => api.refreshApp(name, { hard }).then(() => undefined)), [act, api, name])

  const context = props.clusters.find((c) => c.name === status?.context)
  const [notice, setNotice] = useState<string | null>(null)
  const [deletingResource, setDeletingResource] = useState<string | null>(null)
  const [actionPanel, setActionPanel] = useState<{ key: string; actions: ResourceAction[] } | null>(null)
  /** Opens the actions of one resource (asked of the engine: which apply now). */
  const runAction = useCallback((key: string) => {
    setError(null)
    api.resourceActions(name, key).then((actions) => setActionPanel({ key, actions }), (e: unknown) => setError(errorText(e)))
  }, [api, name])
  const startAction = useCallback(
    (key: string, action: string, consent: { context?: string }, params: Record<string, string>) => {
      setActionPanel(null)
      void act(`Running ${action}…`, async () => {
        const result = await api.runResourceAction(name, key, action, { ...(consent.context ? { consent } : {}), ...(Object.keys(params).length ? { params } : {}) })
        setNotice(result.message)
      })
    },
    [act, api, name],
  )
  /** Starts a sync; it returns at once, and its progress arrives as operation events. */
  const sync = useCallback(
    (intent: SyncIntent) => {
      setPanel(false)
      setBusy(intent.dryRun ? 'Starting a dry run…' : 'Starting the sync…')
      setError(null)
      api.syncApp(name, intent).then(
        (operation) => setLoadedOperation(operation),
        (e: unknown) => setError(errorText(e)),
      ).finally(() => setBusy(null))
    },
    [api, name],
  )

  const operation = pickOperation(props.operation, loadedOperation)
  const running = isOperationRunning(operation) ? operation : null

  const oneClick = useCallback(() => {
    // One click syncs with the app's defaults; a protected context asks for its name first.
    if (running) return
    if (context?.protected) setPanel(true)
    else sync({})
  }, [context, sync, running])

  useEffect(() => registerCommands({ app: name, sync: oneClick, refresh }), [registerCommands, name, oneClick, refresh])

  // The history and the tree change when an operation ends.
  const endedId = operation && !running ? operation.id : null
  useEffect(() => {
    if (endedId) void load()
  }, [endedId, load])

  const shown = operation
  const outOfSync = (status?.resources ?? []).filter((r) => r.status !== 'Synced').map((r) => r.key)

  return (
    <section className="details" aria-label={`Application ${name}`}>
      <div className="details-head">
        <h1>{name}</h1>
        <SyncBadge status={status?.sync} />
        <HealthBadge status={status?.health} message={status?.healthMessage} />
        <span className="mono" title={status?.revision}>
          {status?.revision.slice(0, 7)}
        </span>
        {status?.revisionMessage && <span className="revision-message">{status.revisionMessage}</span>}
        <span className="muted">
          {summary?.targetRevision} · {status?.context ?? summary?.destination}/{summary?.namespace} · auto-sync {status?.autoSync ? 'on' : 'off'}
          {summary?.appset && ` · from ApplicationSet ${summary.appset}`}
        </span>
        <span className="spacer" />
        <button className="primary" onClick={oneClick} disabled={!!busy || !!running} title="Sync (S)">
          Sync
        </button>
        <button onClick={() => setPanel((p) => !p)} aria-expanded={panel} disabled={!!running}>
          Sync options
        </button>
        {running && <button onClick={() => void api.terminateOperation(name).catch((e: unknown) => setError(errorText(e)))}>Terminate</button>}
        <button onClick={() => refresh(false)} disabled={!!busy} title="Refresh (R)">
          Refresh
        </button>
        <button onClick={() => refresh(true)} disabled={!!busy}>
          Hard refresh
        </button>
        <button onClick={() => props.onDiff()} title="Diff (D)">
          Diff
        </button>
        <button onClick={props.onEdit} disabled={!!summary?.appset} title={summary?.appset ? `Generated by ApplicationSet ${summary.appset}: edit the ApplicationSet` : undefined}>
          Edit
        </button>
        <button onClick={() => setDeleting((d) => !d)} aria-expanded={deleting} disabled={!!running}>
          Delete
        </button>
      </div>
      {busy && (
        <p role="status" className="muted">
          {busy}
        </p>
      )}
      <ErrorAlert error={error} />
      {context && !context.reachable && (
        <p role="alert" className="warning">
          Cluster {context.name} is unreachable: {context.reason}. Check that it runs (kind get clusters, minikube status) and that your credentials are valid; GitOps Desk retries on its own.
        </p>
      )}
      {panel && status && (
        <SyncPanel
          context={status.context}
          isProtected={!!context?.protected}
          resources={status.resources}
          outOfSync={outOfSync}
          selected={selected}
          onCancel={() => setPanel(false)}
          onSync={sync}
          onPreview={(intent) => syncToEnd(api, name, intent)}
        />
      )}
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      {deletingResource && status && (
        <DeleteResourceDialog
          resource={deletingResource}
          context={status.context}
          isProtected={!!context?.protected}
          onClose={() => setDeletingResource(null)}
          onDelete={(propagation, consent) => {
            const key = deletingResource
            setDeletingResource(null)
            void act(`Deleting ${key}…`, async () => setNotice((await api.deleteResource(name, key, { propagation, ...(consent.context ? { consent } : {}) })).message))
          }}
        />
      )}
      {actionPanel && status && (
        <ResourceActions resource={actionPanel.key} context={status.context} isProtected={!!context?.protected} actions={actionPanel.actions} onClose={() => setActionPanel(null)} onRun={(action, consent, params) => startAction(actionPanel.key, action, consent, params)} />
      )}
      {deleting && summary && (
        <DeleteDialog
          app={name}
          context={status?.context ?? summary.destination}
          isProtected={!!context?.protected}
          cascade={summary.cascade}
          resources={status?.resources ?? []}
          onCancel={() => setDeleting(false)}
          onDelete={async (intent) => {
            setBusy(intent.cascade === 'none' ? `Deleting ${name}…` : `Deleting ${name} and its resources…`)
            try {
              await api.deleteApp(name, intent)
              props.onDeleted()
            } catch (e) {
              setError(errorText(e))
              setDeleting(false)
              void load() // a deletion that could not finish shows its banner, with Retry and Cancel
            } finally {
              setBusy(null)
            }
          }}
        />
      )}
      <DeletionBanner api={api} name={name} deletion={deletion} onDeleted={props.onDeleted} onChanged={() => void load()} />
      {(status?.conditions.length ?? 0) > 0 && (
        <ul className="conditions" aria-label="Conditions">
          {status!.conditions.map((c, i) => (
            <li key={i} className={c.type.endsWith('Warning') ? 'warning' : 'error'}>
              <strong>{c.type}</strong>: {c.message}
            </li>
          ))}
        </ul>
      )}
      {shown && <OperationView state={shown} />}
      {(status?.orphaned?.length ?? 0) > 0 && (
        <details className="orphaned">
          <summary>
            {status!.orphaned!.length} orphaned resource{status!.orphaned!.length === 1 ? '' : 's'} in {summary?.namespace}
          </summary>
          <ul aria-label="Orphaned resources">
            {status!.orphaned!.map((o) => (
              <li key={o.key} style={{ paddingLeft: o.parent ? '1.5rem' : undefined }}>
                <KindIcon kind={o.kind} /> {o.kind} <strong>{o.name}</strong>
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="segmented" role="group" aria-label="Resource view">
        <button aria-pressed={view === 'tree'} onClick={() => chooseView('tree')}>
          Tree
        </button>
        <button aria-pressed={view === 'graph'} onClick={() => chooseView('graph')}>
          Graph
        </button>
        <button aria-pressed={view === 'list'} onClick={() => chooseView('list')}>
          List
        </button>
      </div>
      {opened && (
        <ResourcePanel
          api={api}
          app={name}
          resource={opened}
          node={tree.find((n) => n.key === opened)}
          onClose={() => setOpened(null)}
          onDiff={(key) => props.onDiff(key)}
          onActions={(key) => runAction(key)}
          onDelete={(key) => setDeletingResource(key)}
        />
      )}
      {view === 'graph' ? (
        <AppGraph app={name} health={status?.health ?? null} sync={status?.sync === 'Synced' ? 'Synced' : status?.sync === 'OutOfSync' ? 'OutOfSync' : undefined} nodes={tree} onOpen={setOpened} />
      ) : (
      <ResourceView
        onOpen={setOpened}
        nodes={view === 'tree' ? tree : tree.filter((n) => !n.parent)}
        tree={view === 'tree'}
        selected={selected}
        onSelect={(key, on) => setSelected((s) => new Set(on ? [...s, key] : [...s].filter((k) => k !== key)))}
        onDiff={props.onDiff}
        results={shown?.resources}
        onAction={runAction}
        onDelete={setDeletingResource}
      />
      )}
      <AppEvents events={events} />
      <h2>History</h2>
      {history.length === 0 ? (
        <p className="muted">No sync yet.</p>
      ) : (
        <table className="history" aria-label="History">
          <thead>
            <tr>
              <th>ID</th>
              <th>Revision</th>
              <th>Finished</th>
              <th>By</th>
              <th>Context</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {[...history].reverse().map((h) => (
              <tr key={h.id}>
                <td>{h.id}</td>
                <td className="mono" title={h.message}>{h.revisions.map((r) => r.slice(0, 7)).join(', ')}{h.partial ? ` (partial: ${h.partial === 'selected' ? 'selected resources' : 'out of sync only'})` : ''}</td>
                <td>{new Date(h.finishedAt).toLocaleString()}</td>
                <td>{h.initiator === 'auto-sync' ? `${h.user} (auto-sync)` : h.user}</td>
                <td>{h.context}</td>
                <td>
                  <button
                    disabled={!!busy || !!running || status?.autoSync}
                    title={status?.autoSync ? 'Rollback is not allowed while auto-sync is on' : undefined}
                    onClick={() => {
                      const typed = context?.protected ? (window.prompt(`Type ${context.name} to roll back on a protected context`) ?? '') : undefined
                      void act('Starting the rollback…', async () => setLoadedOperation(await api.rollbackApp(name, h.id, typed === undefined ? {} : { context: typed })))
                    }}
                  >
                    Rollback to {h.id}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** The newer of the operation from events and the one loaded or started here. */
function pickOperation(fromEvents: Operation | undefined, loaded: Operation | null): Operation | null {
  if (!fromEvents) return loaded
  if (!loaded || fromEvents.id === loaded.id) return fromEvents
  return fromEvents.startedAt >= loaded.startedAt ? fromEvents : loaded
}

function OperationView({ state }: { state: Operation }) {
  const failed = state.resources.filter((r) => r.code === 'SyncFailed')
  const done = state.resources.filter((r) => r.code !== 'Pending').length
  const what = state.kind === 'rollback' ? `Rollback to #${state.rollbackTo}` : state.dryRun ? 'Dry run' : 'Sync'
  return (
    <div className={`operation op-${state.phase}`} role="status" aria-label="Sync result" data-operation={state.id}>
      <strong>
        {what} {state.phase}
      </strong>
      : {state.message}
      {isOperationRunning(state) && state.resources.length > 0 && (
        <span className="muted">
          {' '}
          · {done}/{state.resources.length} resources
        </span>
      )}
      {failed.length > 0 && (
        <ul>
          {failed.map((r) => (
            <li key={`${r.action}:${r.key}`} className="error">
              {r.key}: {r.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** Kinds with Argo CD's built-in resource actions (the engine says which apply now). */
function ResourceView(props: {
  nodes: TreeNode[]
  tree: boolean
  selected: Set<string>
  onSelect(key: string, on: boolean): void
  onDiff(key: string): void
  results: Operation['resources'] | undefined
  onAction(key: string): void
  onDelete(key: string): void
  onOpen(key: string): void
}) {
  const depth = (node: TreeNode): number => {
    let d = 0
    let parent = node.parent
    while (parent && d < 10) {
      d++
      parent = props.nodes.find((n) => n.key === parent)?.parent
    }
    return d
  }
  // Owned objects are listed right under their owner.
  const ordered: TreeNode[] = []
  const place = (node: TreeNode) => {
    ordered.push(node)
    for (const child of props.nodes.filter((n) => n.parent === node.key)) place(child)
  }
  for (const root of props.nodes.filter((n) => !n.parent)) place(root)
  if (props.nodes.length === 0) return <p className="muted">No resources.</p>
  return (
    <ul className="resources" aria-label="Resources" role={props.tree ? 'tree' : 'list'}>
      {ordered.map((n) => {
        const result = props.results?.find((r) => r.key === n.key)
        return (
          <li key={n.key} role={props.tree ? 'treeitem' : 'listitem'} aria-level={props.tree ? depth(n) + 1 : undefined} style={{ paddingLeft: `${depth(n) * 1.5 + 0.5}rem` }} data-key={n.key}>
            {!n.parent && <input type="checkbox" aria-label={`Select ${n.kind} ${n.name}`} checked={props.selected.has(n.key)} onChange={(e) => props.onSelect(n.key, e.target.checked)} />}
            <KindIcon kind={n.kind} />
            <span className="kind">{n.kind}</span>
            <button className="link name" onClick={() => props.onOpen(n.key)} aria-label={`Open ${n.kind} ${n.name}`}>
              {n.namespace ? `${n.namespace}/` : ''}
              {n.name}
            </button>
            {n.status && <SyncBadge status={n.status} />}
            <HealthBadge status={n.health} message={n.healthMessage} />
            {result && result.code !== 'Pending' && (
              <span className={`result code-${result.code}`} title={result.message}>
                {result.code}
                {result.code === 'SyncFailed' ? `: ${result.message}` : ''}
              </span>
            )}
            {!n.parent && (
              <button className="link small" onClick={() => props.onDiff(n.key)} aria-label={`Diff ${n.kind} ${n.name}`}>
                diff
              </button>
            )}
            {/* Any live resource may offer actions (built-in, or Lua from argocd-cm): the panel asks. */}
            {!n.parent && n.status !== 'Missing' && (
              <button className="link small" onClick={() => props.onAction(n.key)} aria-label={`Actions of ${n.kind} ${n.name}`}>
                actions
              </button>
            )}
            {!n.parent && n.status !== 'Missing' && (
              <button className="link small" onClick={() => props.onDelete(n.key)} aria-label={`Delete ${n.kind} ${n.name}`}>
                delete
              </button>
            )}
          </li>
        )
      })}
    </ul>
  )
}
