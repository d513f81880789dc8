import { useEffect, useMemo, useRef, useState } from 'react'
import type { AppDiff, GitopsApi, ResourceDiff } from '../../../shared/api'
import { errorText } from '../state/errors'
import { SyncBadge } from './Badges'

type Monaco = typeof import('../monaco')

/** The whole app's diff, out-of-sync resources first, one resource at a time in Monaco's DiffEditor. */
export function DiffView({ api, name, initialKey, onBack }: { api: GitopsApi; name: string; initialKey?: string | undefined; onBack(): void }) {
  const [diff, setDiff] = useState<AppDiff | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [key, setKey] = useState<string | undefined>(initialKey)
  const [inline, setInline] = useState(false)
  const [collapse, setCollapse] = useState(true)

  useEffect(() => {
    api.diffApp(name).then(setDiff, (e: unknown) => setError(errorText(e)))
  }, [api, name])

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
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!diff && !error && <p role="status">Comparing…</p>}
      {diff && (
        <div className="diff-layout">
          <ul className="diff-list" aria-label="Resources to compare">
            {ordered.map((r) => (
              <li key={r.key}>
                <button className={`link ${r === current ? 'current' : ''}`} aria-current={r === current} onClick={() => setKey(r.key)}>
                  <SyncBadge status={r.status} /> {r.key}
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

function ResourceDiffPane({ diff, inline, collapse, onInline, onCollapse }: { diff: ResourceDiff; inline: boolean; collapse: boolean; onInline(v: boolean): void; onCollapse(v: boolean): void }) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<import('monaco-editor/editor/editor.api').editor.IStandaloneDiffEditor | null>(null)
  const [monaco, setMonaco] = useState<Monaco | null>(null)

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
    editor.current = e
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
