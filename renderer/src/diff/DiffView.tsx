import { useEffect, useMemo, useState } from 'react'
import type { AppDiff, AppStatus, ClusterInfo, GitopsApi } from '../../../shared/api'
import type { SyncIntent } from '../../../shared/model'
import { SyncPanel } from '../operations/SyncPanel'
import { errorText } from '../state/errors'
import { syncToEnd } from '../operations/sync-to-end'
import { useOperation } from '../operations/use-operation'
import { useAppSyncOptions } from '../operations/use-app-sync-options'
import { SyncBadge } from '../ui/Badges'
import { notify } from '../ui/toast'
import { TypedConfirmation } from '../ui/TypedConfirmation'
import { ErrorAlert } from '../ui/ErrorAlert'
import { changedFirst, wholeApp } from './diff-documents'
import { parseResourceKey } from '../../../shared/resource-key'
import { ResourceDiffPane } from './ResourceDiffPane'
import { useWorkingCopy } from '../working-copy/use-working-copy'
import { WorkingCopyBar } from '../working-copy/WorkingCopyBar'

/** The whole app's diff, out-of-sync resources first, one resource at a time in Monaco's DiffEditor. */
export function DiffView({ api, name, initialKey, clusters, onBack }: { api: GitopsApi; name: string; initialKey?: string | undefined; clusters: ClusterInfo[]; onBack(): void }) {
  const [diff, setDiff] = useState<AppDiff | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [key, setKey] = useState<string | undefined>(initialKey)
  const [inline, setInline] = useState(false)
  const [collapse, setCollapse] = useState(true)
  const [whole, setWhole] = useState(!initialKey)
  const loadAppSyncOptions = useAppSyncOptions(api, name)
  const [typed, setTyped] = useState('')
  const copy = useWorkingCopy(api, name)
  // The folder dialog is the desktop's (Electron); the web harness types the path.
  const [desktop, setDesktop] = useState(false)
  useEffect(() => void api.version().then((v) => setDesktop(v.electron !== null), () => undefined), [api])

  const compare = useMemo(() => () => api.diffApp(name).then(setDiff, (e: unknown) => setError(errorText(e))), [api, name])
  useEffect(() => void compare(), [compare])
  const isProtected = !!diff && clusters.some((c) => c.name === diff.context && c.protected)
  /** Sync options here too: the app's resources (with their prune consents) are read when they open. */
  const [options, setOptions] = useState<AppStatus | null>(null)
  const openOptions = () => {
    if (options) return setOptions(null)
    api.getApp(name).then((d) => setOptions(d.status), (e: unknown) => setError(errorText(e)))
  }
  /** Syncs from here: the operation's end arrives as an event, then the diff is compared again on the same page. */
  const operation = useOperation(api, name)
  const syncing = operation.progress
  const sync = async (intent: SyncIntent = isProtected ? { consent: { context: typed } } : {}) => {
    setError(null)
    setOptions(null)
    try {
      await operation.sync(intent, async (ended) => {
        if (ended.phase !== 'Succeeded') setError(`Sync ${ended.phase}: ${ended.message}`)
        notify({ title: `${name}: sync ${ended.phase === 'Succeeded' ? 'succeeded' : ended.phase.toLowerCase()}`, kind: ended.phase === 'Succeeded' ? 'success' : 'error' })
        await compare()
      })
    } catch (e) {
      setError(errorText(e))
    } finally {
      setTyped('')
    }
  }

  // A working copy in use shows its diff (the last good one while a render fails); else Git's.
  const shown = copy.state?.diff ?? (copy.state ? null : diff)
  const ordered = useMemo(() => changedFirst(shown?.resources ?? []), [shown])
  const current = ordered.find((r) => r.key === key) ?? ordered[0]
  // Made once per compare: the diff editor is built again only when what it shows changes.
  const everything = useMemo(() => wholeApp(ordered), [ordered])

  return (
    <section className="diff-view" aria-label={`Diff of ${name}`}>
      <div className="details-head">
        <button className="quiet" onClick={onBack}>← Back</button>
        <h1>Diff: {name}</h1>
        {shown && <SyncBadge status={shown.status} />}
        {/* Only once the diff is known: before (or when it fails) the words would have holes ("live on  ⟷ target at"). */}
        {shown && (
          <span className="muted">
            live on {shown.context} ⟷ {copy.state ? `working copy at ${copy.state.revision}` : `target at ${diff?.revision.slice(0, 7) ?? ''}`}
          </span>
        )}
        <span className="spacer" />
        {diff && !copy.state && isProtected && <TypedConfirmation why={`${diff.context} is a protected context.`} word={diff.context} label="Confirm context name" value={typed} onChange={setTyped} />}
        {diff && !copy.state && (
          <button className="primary" disabled={!!syncing || diff.status === 'Synced' || (isProtected && typed !== diff.context)} onClick={() => void sync()} title="Sync what this diff shows">
            Sync
          </button>
        )}
        {diff && !copy.state && (
          <button onClick={openOptions} aria-expanded={!!options} disabled={!!syncing}>
            Sync options
          </button>
        )}
      </div>
      {options && diff && (
        <SyncPanel
          context={diff.context}
          isProtected={isProtected}
          status={options}
          outOfSync={options.resources.filter((r) => r.status !== 'Synced').map((r) => r.key)}
          selected={new Set()}
          onCancel={() => setOptions(null)}
          onSync={(intent) => void sync(intent)}
          onPreview={(intent) => syncToEnd(api, name, intent)}
          loadAppSyncOptions={loadAppSyncOptions}
        />
      )}
      <WorkingCopyBar app={name} copy={copy} isProtected={isProtected} desktop={desktop} onCompare={compare} />
      {syncing && <p role="status">{syncing}</p>}
      <ErrorAlert error={error} />
      {!shown && !error && <p role="status">Comparing…</p>}
      {shown && (
        <div className="segmented" role="group" aria-label="Diff scope">
          <button aria-pressed={whole} onClick={() => setWhole(true)}>
            Whole app ({ordered.filter((r) => r.status !== 'Synced').length} changed)
          </button>
          <button aria-pressed={!whole} onClick={() => setWhole(false)}>
            One resource
          </button>
        </div>
      )}
      {shown && whole && <ResourceDiffPane {...everything} target={copy.state ? 'working copy' : 'Git'} inline={inline} collapse={collapse} onInline={setInline} onCollapse={setCollapse} />}
      {shown && !whole && (
        <div className="diff-layout">
          <ul className="diff-list" aria-label="Resources to compare">
            {ordered.map((r) => (
              <li key={r.key}>
                <button className={`link ${r === current ? 'current' : ''}`} aria-current={r === current} onClick={() => setKey(r.key)} title={r.key} data-resource={r.key}>
                  <SyncBadge status={r.status} /> {parseResourceKey(r.key).kind} <strong>{parseResourceKey(r.key).name}</strong>
                  {parseResourceKey(r.key).namespace && <span className="muted small"> {parseResourceKey(r.key).namespace}</span>}
                </button>
              </li>
            ))}
          </ul>
          {current && <ResourceDiffPane diff={current} target={copy.state ? 'working copy' : 'Git'} inline={inline} collapse={collapse} onInline={setInline} onCollapse={setCollapse} />}
        </div>
      )}
    </section>
  )
}
