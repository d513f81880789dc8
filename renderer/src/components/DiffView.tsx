import { useEffect, useMemo, useRef, useState } from 'react'
import type { AppDiff, AppStatus, ClusterInfo, GitopsApi, ResourceDiff } from '../../../shared/api'
import type { SyncIntent } from '../../../shared/model'
import { SyncPanel } from './SyncPanel'
import { errorText } from '../state/errors'
import { syncToEnd } from '../state/operation'
import { SyncBadge } from './Badges'
import { TypedConfirmation } from './TypedConfirmation'
import { ErrorAlert } from './ErrorAlert'
import { parseResourceKey } from '../../../shared/resource-key'

type Monaco = typeof import('../monaco')

/** A resource's document in the whole-app diff, and the line it starts on in the target side. */
interface WholeAppDocument {
  key: string
  status: ResourceDiff['status']
  line: number
}

/**
 * Every resource in one diff: each a YAML document headed by its kind, name and status, the
 * changed ones first, so live and target line up document by document.
 */
function wholeApp(resources: ResourceDiff[]): { diff: ResourceDiff; documents: WholeAppDocument[] } {
  const header = (r: ResourceDiff) => {
    const { kind, name, namespace } = parseResourceKey(r.key)
    return `# ${kind} ${namespace ? `${namespace}/` : ''}${name}: ${r.status}\n`
  }
  const documents: WholeAppDocument[] = []
  let line = 1
  const target = resources
    .map((r) => {
      documents.push({ key: r.key, status: r.status, line })
      const text = `${header(r)}${r.targetYaml.trimEnd()}\n`
      line += text.split('\n').length // the text's lines and the --- after it
      return text
    })
    .join('---\n')
  const changed = resources.filter((r) => r.status !== 'Synced')
  const diff: ResourceDiff = {
    key: `all ${resources.length} resources`,
    status: changed.length ? 'OutOfSync' : 'Synced',
    requiresPruning: resources.some((r) => r.requiresPruning),
    liveYaml: resources.map((r) => `${header(r)}${r.liveYaml.trimEnd()}\n`).join('---\n'),
    targetYaml: target,
    unifiedDiff: changed.map((r) => r.unifiedDiff).join('\n'),
    mode: resources.some((r) => r.mode === 'client-side') ? 'client-side' : 'server-side',
    ...(changed.some((r) => r.error) ? { error: { code: 'Mixed', message: changed.filter((r) => r.error).map((r) => `${r.key}: ${r.error!.message}`).join('; ') } } : {}),
  }
  return { diff, documents }
}

/** The whole app's diff, out-of-sync resources first, one resource at a time in Monaco's DiffEditor. */
export function DiffView({ api, name, initialKey, clusters, onBack }: { api: GitopsApi; name: string; initialKey?: string | undefined; clusters: ClusterInfo[]; onBack(): void }) {
  const [diff, setDiff] = useState<AppDiff | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [key, setKey] = useState<string | undefined>(initialKey)
  const [inline, setInline] = useState(false)
  const [collapse, setCollapse] = useState(true)
  const [whole, setWhole] = useState(!initialKey)
  const [syncing, setSyncing] = useState<string | null>(null)
  const [typed, setTyped] = useState('')

  const compare = useMemo(() => () => api.diffApp(name).then(setDiff, (e: unknown) => setError(errorText(e))), [api, name])
  useEffect(() => void compare(), [compare])
  const isProtected = !!diff && clusters.some((c) => c.name === diff.context && c.protected)
  /** Sync options here too: the app's resources (with their prune consents) are read when they open. */
  const [options, setOptions] = useState<AppStatus | null>(null)
  const openOptions = () => {
    if (options) return setOptions(null)
    api.getApp(name).then((d) => setOptions(d.status), (e: unknown) => setError(errorText(e)))
  }
  /** Syncs from here: the operation's end is awaited, then the diff is compared again on the same page. */
  const sync = async (intent: SyncIntent = isProtected ? { consent: { context: typed } } : {}) => {
    setError(null)
    setOptions(null)
    setSyncing('Syncing…')
    try {
      const operation = await syncToEnd(api, name, intent, (message) => setSyncing(message || 'Syncing…'))
      if (operation && operation.phase !== 'Succeeded') setError(`Sync ${operation.phase}: ${operation.message}`)
      await compare()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setSyncing(null)
      setTyped('')
    }
  }

  const ordered = useMemo(() => {
    const rank = (r: ResourceDiff) => (r.status === 'Synced' ? 1 : 0)
    return [...(diff?.resources ?? [])].sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key))
  }, [diff])
  const current = ordered.find((r) => r.key === key) ?? ordered[0]

  return (
    <section className="diff-view" aria-label={`Diff of ${name}`}>
      <div className="details-head">
        <button onClick={onBack}>← Back</button>
        <h1>Diff: {name}</h1>
        {diff && <SyncBadge status={diff.status} />}
        <span className="muted">
          live on {diff?.context} ⟷ target at {diff?.revision.slice(0, 7)}
        </span>
        <span className="spacer" />
        {diff && isProtected && <TypedConfirmation why={`${diff.context} is a protected context.`} word={diff.context} label="Confirm context name" value={typed} onChange={setTyped} />}
        {diff && (
          <button className="primary" disabled={!!syncing || diff.status === 'Synced' || (isProtected && typed !== diff.context)} onClick={() => void sync()} title="Sync what this diff shows">
            Sync
          </button>
        )}
        {diff && (
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
        />
      )}
      {syncing && <p role="status">{syncing}</p>}
      <ErrorAlert error={error} />
      {!diff && !error && <p role="status">Comparing…</p>}
      {diff && (
        <div className="segmented" role="group" aria-label="Diff scope">
          <button aria-pressed={whole} onClick={() => setWhole(true)}>
            Whole app ({ordered.filter((r) => r.status !== 'Synced').length} changed)
          </button>
          <button aria-pressed={!whole} onClick={() => setWhole(false)}>
            One resource
          </button>
        </div>
      )}
      {diff && whole && <ResourceDiffPane {...wholeApp(ordered)} inline={inline} collapse={collapse} onInline={setInline} onCollapse={setCollapse} />}
      {diff && !whole && (
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
          {current && <ResourceDiffPane diff={current} inline={inline} collapse={collapse} onInline={setInline} onCollapse={setCollapse} />}
        </div>
      )}
    </section>
  )
}

function ResourceDiffPane({ diff, documents, inline, collapse, onInline, onCollapse }: { diff: ResourceDiff; documents?: WholeAppDocument[]; inline: boolean; collapse: boolean; onInline(v: boolean): void; onCollapse(v: boolean): void }) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<import('monaco-editor/editor/editor.api').editor.IStandaloneDiffEditor | null>(null)
  const [monaco, setMonaco] = useState<Monaco | null>(null)
  /** A line to show once the editor is made again (after unchanged regions are expanded). */
  const pendingReveal = useRef<number | null>(null)
  const reveal = (line: number) => {
    // A collapsed region hides a document's first lines: expand, then go there.
    if (collapse) {
      pendingReveal.current = line
      onCollapse(false)
    } else editor.current?.getModifiedEditor().revealLineNearTop(line)
  }

  useEffect(() => {
    let cancelled = false
    void import('../monaco').then((m) => !cancelled && setMonaco(m))
    return () => void (cancelled = true)
  }, [])

  useEffect(() => {
    if (!monaco || !host.current) return
    const { monaco: m, theme } = monaco
    const e = m.editor.createDiffEditor(host.current, { readOnly: true, originalEditable: false, automaticLayout: true, renderSideBySide: !inline, hideUnchangedRegions: { enabled: collapse }, theme: theme(), minimap: { enabled: false }, scrollBeyondLastLine: false, ariaLabel: `Diff of ${diff.key}: live on the left, target on the right` })
    const original = m.editor.createModel(diff.liveYaml, 'yaml')
    const modified = m.editor.createModel(diff.targetYaml, 'yaml')
    e.setModel({ original, modified })
    // Each side's text box needs its own name (the diff editor's originalAriaLabel does not reach it in this Monaco).
    e.getOriginalEditor().updateOptions({ ariaLabel: `Live: ${diff.key} in the cluster` })
    e.getModifiedEditor().updateOptions({ ariaLabel: `Target: ${diff.key} from Git` })
    editor.current = e
    const line = pendingReveal.current
    pendingReveal.current = null
    if (line) setTimeout(() => e.getModifiedEditor().revealLineNearTop(line), 0)
    return () => {
      e.dispose()
      original.dispose()
      modified.dispose()
      editor.current = null
    }
  }, [monaco, diff, inline, collapse])

  return (
    <div className="diff-pane">
      <div className="diff-tools" role="toolbar" aria-label="Diff tools">
        <strong>{diff.key}</strong>
        <SyncBadge status={diff.status} />
        <span className="spacer" />
        <label>
          <input type="checkbox" checked={inline} onChange={(e) => onInline(e.target.checked)} /> Inline
        </label>
        <label>
          <input type="checkbox" checked={collapse} onChange={(e) => onCollapse(e.target.checked)} /> Collapse unchanged
        </label>
        <button onClick={() => editor.current?.goToDiff('previous')}>Previous change</button>
        <button onClick={() => editor.current?.goToDiff('next')}>Next change</button>
      </div>
      {documents && (
        <nav aria-label="Resources in this diff">
          <ul className="chips">
            {documents.map((d) => (
              <li key={d.key}>
                <button className="chip link" onClick={() => reveal(d.line)} title={`Go to ${d.key}`}>
                  <SyncBadge status={d.status} /> {parseResourceKey(d.key).kind} {parseResourceKey(d.key).name}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {diff.notice && <p className="warning">{diff.notice}</p>}
      {diff.error && <p className="error">{diff.error.message}</p>}
      <div className="diff-headers" aria-hidden="true">
        <span>Live</span>
        <span>Target (Git)</span>
      </div>
      <div className="monaco-host" ref={host} data-testid="diff-editor" />
      {!monaco && <p role="status">Loading the diff editor…</p>}
      <details>
        <summary>Unified diff</summary>
        <pre className="unified" data-testid="unified-diff">
          {diff.unifiedDiff || 'No differences.'}
        </pre>
      </details>
    </div>
  )
}
