import { useCallback, useRef } from 'react'
import type { ResourceDiff } from '../../../shared/api'
import { useMonaco, type Monaco } from '../editor/use-monaco'
import { makeYamlDiff } from '../editor/yaml-diff'
import { DiffBody } from '../editor/DiffBody'
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
      const spec = {
        original: { text: diff.liveYaml, label: leftName ? `${leftName}: ${diff.key}` : `Live: ${diff.key} in the cluster` },
        modified: { text: diff.targetYaml, label: rightName ? `${rightName}: ${diff.key}` : `Target: ${diff.key} from ${target}` },
        inline,
        collapse,
        ariaLabel: leftName && rightName ? `Diff of ${diff.key}: ${leftName} on the left, ${rightName} on the right` : `Diff of ${diff.key}: live on the left, target on the right`,
      }
      return makeYamlDiff(m, host, theme, spec, (e, modifiedUri) => {
        const line = pendingReveal.current
        pendingReveal.current = null
        if (line) setTimeout(() => e.getModifiedEditor().revealLineNearTop(line), 0)
        return setDocumentHeaders(modifiedUri, (documents ?? []).map((d) => ({ line: d.line, label: `${parseResourceKey(d.key).kind} ${parseResourceKey(d.key).name}` })))
      })
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
      <DiffBody headers={[sides?.left ?? 'Live', sides?.right ?? `Target (${target})`]} host={host} loaded={!!monaco} testId="diff-editor" unified={diff.unifiedDiff || 'No differences.'} unifiedTestId="unified-diff" />
    </div>
  )
}
