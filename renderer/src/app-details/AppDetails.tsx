import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppStatus, ClusterInfo, GitopsApi, Operation, TreeNode } from '../../../shared/api'
import { AppEvents } from './AppEvents'
import { isOperationRunning, type SyncIntent } from '../../../shared/model'
import { errorText } from '../state/errors'
import { syncToEnd } from '../operations/sync-to-end'
import { AppResourceViews } from './AppResourceViews'
import { ResourcePanel } from '../resources/ResourcePanel'
import { DeleteDialog } from './DeleteDialog'
import { DeletionBanner } from './DeletionBanner'
import { SyncPanel } from '../operations/SyncPanel'
import { AppHistory } from './AppHistory'
import { OperationView } from '../operations/OperationView'
import { pickOperation } from '../operations/pick-operation'
import { ResourceViewChooser, type ResourceViewName } from '../resources/ResourceView'
import { AppHeader } from './AppHeader'
import { useResourceDialogs } from '../resources/use-resource-dialogs'
import { AppConditions, OrphanedResources } from './AppNotes'
import { AppNotices } from './AppNotices'
import { notify } from '../ui/toast'
import { staleOutageFailure } from '../state/outage'
import { useAppDetails } from './use-app-details'
import { AppTabs, type AppTab } from './AppTabs'
import { AppParameters } from './parameters/AppParameters'
import { useAppSyncOptions } from '../operations/use-app-sync-options'
import type { ResourceTab } from '../shell/route'

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
  /** The app was deleted elsewhere while this page is open (from the list's app events). */
  gone: boolean
  /** The resource panel open, from the URL (a deep link opens it directly, Back closes it). */
  panel: { resource: string; tab: ResourceTab } | null
  /** Opens, closes or re-tabs the panel by changing the URL; `replace` keeps it one history entry. */
  onPanel(panel: { resource: string; tab: ResourceTab } | null, replace?: boolean): void
  view: ResourceViewName // from the URL (#/apps/<name>?view=network): choosing one changes the URL
  onView(view: ResourceViewName): void
  onDiff(key?: string): void
  /** Side by side: the Compare page, or a pair of live apps (the other apps of its ApplicationSet) in one click. */ compare: { pairs: string[]; open(pair?: string): void }
  onEdit(): void
  onDeleted(): void
  /** Offers this view's commands while it is on screen; returns the withdrawal. */
  registerCommands(commands: ScreenCommands): () => void
}

/** One app: status, Sync / Refresh / Diff, its resource tree, conditions, live sync progress, history. */
export function AppDetails(props: Props) {
  const { api, name, registerCommands, view, onView: setView, panel: opened, onPanel } = props
  const { summary, status, history, events, tree, loadedOperation, setLoadedOperation, deletion, error, setError, load } = useAppDetails(api, name, props.liveStatus, props.liveTree)
  const open = useCallback((resource: string) => onPanel({ resource, tab: 'summary' }), [onPanel])
  const [busy, setBusy] = useState<string | null>(null)
  const [panel, setPanel] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [tab, setTab] = useState<AppTab>('resources')
  const loadAppSyncOptions = useAppSyncOptions(api, name)

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
    [load, setError],
  )

  const { gone } = props
  const refresh = useCallback((hard: boolean) => !gone && void act(hard ? 'Hard refreshing…' : 'Refreshing…', () => api.refreshApp(name, { hard }).then(() => undefined)), [act, api, name, gone])
  const context = props.clusters.find((c) => c.name === status?.context)
  const [notice, setNotice] = useState<string | null>(null)
  const resourceDialogs = useResourceDialogs({ api, app: name, context: status?.context, isProtected: !!context?.protected, act, onNotice: setNotice, onError: setError })
  /** The operation this view started: its end is told in a toast (one started elsewhere is not). */
  const startedHere = useRef<string | null>(null)
  /** Starts a sync; it returns at once, and its progress arrives as operation events. */
  const sync = useCallback(
    (intent: SyncIntent) => {
      setPanel(false)
      setBusy(intent.dryRun ? 'Starting a dry run…' : 'Starting the sync…')
      setError(null)
      api.syncApp(name, intent).then(
        (operation) => {
          setLoadedOperation(operation)
          startedHere.current = operation.id
          notify({ title: `${name}: ${intent.dryRun ? 'dry run' : 'sync'} started`, kind: 'info' })
        },
        (e: unknown) => setError(errorText(e)),
      ).finally(() => setBusy(null))
    },
    [api, name, setError, setLoadedOperation],
  )
  const operation = pickOperation(props.operation, loadedOperation)
  const running = isOperationRunning(operation) ? operation : null

  const oneClick = useCallback(() => {
    // One click syncs with the app's defaults (a protected context asks for its name first); not again while one starts.
    if (running || deletion || busy || gone) return
    if (context?.protected) setPanel(true)
    else sync({})
  }, [context, sync, running, deletion, busy, gone])
  useEffect(() => registerCommands({ app: name, sync: oneClick, refresh }), [registerCommands, name, oneClick, refresh])

  // The history and the tree change when an operation ends.
  const endedId = operation && !running ? operation.id : null
  const endedPhase = endedId ? operation?.phase : undefined
  useEffect(() => {
    if (endedId) void load()
    if (!endedId || endedId !== startedHere.current) return
    startedHere.current = null
    notify({ title: `${name}: sync ${endedPhase === 'Succeeded' ? 'succeeded' : (endedPhase ?? 'ended').toLowerCase()}`, kind: endedPhase === 'Succeeded' ? 'success' : 'error' })
  }, [endedId, endedPhase, load, name])

  const shown = staleOutageFailure(operation, status) ? null : operation
  const outOfSync = (status?.resources ?? []).filter((r) => r.status !== 'Synced').map((r) => r.key)

  return (
    <section className="details" aria-label={`Application ${name}`}>
      <AppHeader
        api={api}
        name={name}
        status={status}
        summary={summary}
        lastSync={history.at(-1)}
        isProtected={!!context?.protected}
        onPolicySaved={() => void load()}
        onError={setError}
        busy={!!busy}
        running={!!running}
        deleting={!!deletion}
        gone={gone}
        syncPanelOpen={panel}
        deleteOpen={deleting}
        onSync={oneClick}
        onSyncOptions={() => setPanel((p) => !p)}
        onTerminate={() => void api.terminateOperation(name).catch((e: unknown) => setError(errorText(e)))}
        onRefresh={refresh}
        onDiff={() => props.onDiff()}
        compare={props.compare}
        onEdit={props.onEdit}
        onDelete={() => setDeleting((d) => !d)}
      />
      <AppNotices api={api} app={name} gone={gone} busy={busy} error={error} notice={notice} context={context} reconciledAt={status?.reconciledAt} />
      {panel && status && !gone && (
        <SyncPanel
          context={status.context}
          isProtected={!!context?.protected}
          status={status}
          outOfSync={outOfSync}
          selected={selected}
          onCancel={() => setPanel(false)}
          onSync={sync}
          onPreview={(intent) => syncToEnd(api, name, intent)}
          loadAppSyncOptions={loadAppSyncOptions}
          unreachable={context && !context.reachable ? `Cluster ${context.name} is unreachable` : null}
        />
      )}
      {resourceDialogs.dialogs}
      {deleting && summary && (
        <DeleteDialog
          app={name}
          context={status?.context ?? summary.destination}
          isProtected={!!context?.protected}
          cascade={summary.cascade}
          resources={status?.resources ?? []}
          onCancel={() => setDeleting(false)}
          onDelete={async (intent) => {
            // The banner takes over from the dialog as soon as the deletion is recorded (an event).
            setDeleting(false)
            try {
              await api.deleteApp(name, intent)
              props.onDeleted()
            } catch (e) {
              setError(errorText(e))
              void load() // a deletion that could not finish shows its banner, with Retry and Cancel
            }
          }}
        />
      )}
      <DeletionBanner api={api} name={name} deletion={deletion} onDeleted={props.onDeleted} onChanged={() => void load()} />
      <AppConditions conditions={status?.conditions ?? []} />
      {shown && <OperationView state={shown} />}
      <OrphanedResources orphaned={status?.orphaned ?? []} namespace={summary?.namespace} />
      <AppTabs
        tab={tab}
        onTab={setTab}
        parameters={<AppParameters api={api} name={name} onSaved={() => void load()} />}
        resources={
          <>
      <ResourceViewChooser view={view} onChoose={setView} />
      {opened && (
        <ResourcePanel
          api={api}
          app={name}
          resource={opened.resource}
          node={tree.find((n) => n.key === opened.resource)}
          tab={opened.tab}
          onTab={(tab) => onPanel({ resource: opened.resource, tab }, true)}
          onClose={() => onPanel(null)}
          onDiff={(key) => props.onDiff(key)}
          onActions={resourceDialogs.openActions}
          onDelete={resourceDialogs.openDelete}
        />
      )}
      <AppResourceViews
        view={view}
        app={name}
        status={status}
        tree={tree}
        selected={selected}
        onSelected={setSelected}
        onOpen={open}
        onDiff={props.onDiff}
        results={shown?.resources}
        onAction={resourceDialogs.openActions}
        onDelete={resourceDialogs.openDelete}
      />
          </>
        }
      />
      <AppEvents events={events} />
      <AppHistory
        history={history}
        context={status?.context ?? summary?.destination ?? ''}
        isProtected={!!context?.protected}
        blocked={gone ? 'The app no longer exists' : busy ? busy : running ? 'An operation is running' : status && !status.rollbackAllowed ? 'Rollback is not allowed while auto-sync is on' : null}
        onRollback={(id, consent) => void act('Starting the rollback…', async () => setLoadedOperation(await api.rollbackApp(name, id, consent)))}
      />
    </section>
  )
}
