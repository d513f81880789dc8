import { useCallback, useRef } from 'react'
import type { ResourceDiff } from '../../../shared/api'
import { useMonaco, type Monaco } from '../editor/use-monaco'
import { SyncBadge } from '../ui/Badges'
import type { WholeAppDocument } from './diff-documents'
import { setDocumentHeaders } from './hidden-documents'
import { parseResourceKey } from '../../../shared/resource-key'

/** One diff (a resource's, or the whole app's as documents) in Monaco's DiffEditor, with its tools and the unified text. */
export function ResourceDiffPane({ diff, documents, inline, collapse, onInline, onCollapse, target = 'Git', sides }: { diff: ResourceDiff; documents?: WholeAppDocument[]; inline: boolean; collapse: boolean; onInline(v: boolean): void; onCollapse(v: boolean): void; /** Where the target comes from: Git, or a working copy. */ target?: string; /** What the two sides are, when they are not live and a target (a side-by-side compare, an edit). */ sides?: { left: string; right: string } }) {
  /** A line to show once the editor is made again (after unchanged regions are expanded). */
  const pendingReveal = useRef<number | null>(null)
  const leftName = sides?.left
  const rightName = sides?.right
  const make = useCallback(
    (m: Monaco, host: HTMLDivElement, theme: string) => {
      const e = m.editor.createDiffEditor(host, { readOnly: true, originalEditable: false, automaticLayout: true, renderSideBySide: !inline, useInlineViewWhenSpaceIsLimited: false, renderFinalNewline: 'on', hideUnchangedRegions: { enabled: collapse }, theme, minimap: { enabled: false }, scrollBeyondLastLine: false, ariaLabel: leftName && rightName ? `Diff of ${diff.key}: ${leftName} on the left, ${rightName} on the right` : `Diff of ${diff.key}: live on the left, target on the right` })
      // Side by side unless the user chose Inline, even in the resource panel's narrower width; the
      // final line's number not dimmed (dimmed, it fails contrast).
      const original = m.editor.createModel(diff.liveYaml, 'yaml')
      const modified = m.editor.createModel(diff.targetYaml, 'yaml')
      e.setModel({ original, modified })
      const forgetHeaders = setDocumentHeaders(modified.uri.toString(), (documents ?? []).map((d) => ({ line: d.line, label: `${parseResourceKey(d.key).kind} ${parseResourceKey(d.key).name}` })))
      // Each side's text box needs its own name (the diff editor's originalAriaLabel does not reach it in this Monaco).
      e.getOriginalEditor().updateOptions({ ariaLabel: leftName ? `${leftName}: ${diff.key}` : `Live: ${diff.key} in the cluster` })
      e.getModifiedEditor().updateOptions({ ariaLabel: rightName ? `${rightName}: ${diff.key}` : `Target: ${diff.key} from ${target}` })
      const line = pendingReveal.current
      pendingReveal.current = null
      if (line) setTimeout(() => e.getModifiedEditor().revealLineNearTop(line), 0)
      return {
        editor: e,
        dispose: () => {
          e.dispose()
          forgetHeaders()
          original.dispose()
          modified.dispose()
        },
      }
    },
    [diff, documents, inline, collapse, target, leftName, rightName],
  )
  const { host, editor, monaco } = useMonaco(make)
  const reveal = (line: number) => {
    // A collapsed region hides a document's first lines: expand, then go there.
    if (collapse) {
      pendingReveal.current = line
      onCollapse(false)
    } else editor.current?.getModifiedEditor().revealLineNearTop(line)
  }

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
        <button className="quiet" onClick={() => editor.current?.goToDiff('previous')}>Previous change</button>
        <button className="quiet" onClick={() => editor.current?.goToDiff('next')}>Next change</button>
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
        <span>{sides?.left ?? 'Live'}</span>
        <span>{sides?.right ?? `Target (${target})`}</span>
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
