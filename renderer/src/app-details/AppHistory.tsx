import { useState } from 'react'
import type { HistoryEntry } from '../../../shared/api'
import { TypedConfirmation } from '../ui/TypedConfirmation'
import { Modal } from '../ui/Modal'
import { historyMark } from './history-mark'
import { duration } from '../ui/format'
import { HistoryResults } from './HistoryResults'

interface Props {
  history: HistoryEntry[]
  /** The context the app deploys to, and whether it is protected (its name is typed to roll back). */
  context: string
  isProtected: boolean
  /** Why rollback cannot start now (busy, an operation running, auto-sync on), or null. */
  blocked: string | null
  onRollback(id: number, consent: { context?: string }): void
}

/**
 * The app's deployment history, newest first: started, finished, how long, who; each sync's
 * per-resource results open under its row. The newest entry is what is deployed now: it is
 * marked so (or "interrupted", when a crash stopped it part-way) and offers no rollback.
 * Rolling back asks first, naming the revision (Argo CD does).
 */
export function AppHistory(props: Props) {
  const [asking, setAsking] = useState<HistoryEntry | null>(null)
  const [expanded, setExpanded] = useState<Set<number>>(new Set())
  const toggle = (id: number) => setExpanded((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])))
  if (props.history.length === 0) return <p className="muted">No sync yet.</p>
  const newest = props.history[props.history.length - 1]!.id
  return (
    <>
      <h2>History</h2>
      <table className="history" aria-label="History">
        <thead>
          <tr>
            <th>ID</th>
            <th>Revision</th>
            <th>Started</th>
            <th>Finished</th>
            <th>Duration</th>
            <th>Initiator</th>
            <th>Context</th>
            <th>Resources</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {[...props.history].reverse().flatMap((h) => {
            const mark = historyMark(h, newest)
            const open = expanded.has(h.id)
            const row = (
              <tr key={h.id} className={mark === 'rollback' ? undefined : 'history-current'}>
                <td>{h.id}</td>
                <td className="mono" title={h.message}>
                  {h.revisions.map(shortRevision).join(', ')}
                  {h.local && <span className="working-copy-mark" title={h.local.files.map((f) => `${f.change} ${f.path}`).join('\n') || 'no changes from HEAD'}>{` (working copy ${h.local.dir}: ${h.local.files.length} uncommitted file${h.local.files.length === 1 ? '' : 's'})`}</span>}
                  {h.partial ? ` (partial: ${h.partial === 'selected' ? 'selected resources' : 'out of sync only'})` : ''}
                  {h.interrupted && <span title={h.interrupted.applied.join('\n')}>{` (interrupted: ${h.interrupted.applied.length} applied)`}</span>}
                </td>
                <td title={h.startedAt}>{new Date(h.startedAt).toLocaleString()}</td>
                <td title={h.finishedAt}>{new Date(h.finishedAt).toLocaleString()}</td>
                <td>{duration(h.startedAt, h.finishedAt)}</td>
                <td>{h.initiator === 'auto-sync' ? `${h.user} (auto-sync)` : h.user}</td>
                <td>{h.context}</td>
                <td>
                  {h.resources ? (
                    <button className="link" aria-expanded={open} aria-controls={`history-results-${h.id}`} onClick={() => toggle(h.id)}>
                      {open ? 'Hide' : 'Show'} {h.resources.length} result{h.resources.length === 1 ? '' : 's'}
                    </button>
                  ) : (
                    <span className="muted small" title="This sync was recorded before results were kept">—</span>
                  )}
                </td>
                <td>
                  {mark === 'rollback' ? (
                    <button disabled={!!props.blocked || !!h.local} title={h.local ? 'A working copy is not in Git: it cannot be rolled back to' : (props.blocked ?? undefined)} onClick={() => setAsking(h)}>
                      Rollback to {h.id}
                    </button>
                  ) : (
                    <span className={`badge history-${mark}`} title={h.interrupted ? `Only part of it was applied: ${h.interrupted.applied.join(', ') || 'nothing'}` : 'What the cluster has now'}>
                      {mark}
                    </span>
                  )}
                </td>
              </tr>
            )
            if (!open || !h.resources) return [row]
            return [
              row,
              <tr key={`${h.id}-results`} id={`history-results-${h.id}`} className="history-results">
                <td colSpan={9}>
                  <HistoryResults entry={h.id} results={h.resources} />
                </td>
              </tr>,
            ]
          })}
        </tbody>
      </table>
      {asking && (
        <ConfirmRollback
          entry={asking}
          context={props.context}
          isProtected={props.isProtected}
          onClose={() => setAsking(null)}
          onConfirm={(consent) => {
            setAsking(null)
            props.onRollback(asking.id, consent)
          }}
        />
      )}
    </>
  )
}

function ConfirmRollback(props: { entry: HistoryEntry; context: string; isProtected: boolean; onClose(): void; onConfirm(consent: { context?: string }): void }) {
  const [typed, setTyped] = useState('')
  const ready = !props.isProtected || typed === props.context
  const revisions = props.entry.revisions.map(shortRevision).join(', ')
  return (
    <Modal
      kind="alert"
      title={`Roll back to ${props.entry.id}?`}
      description={`Syncs revision ${revisions} (history entry ${props.entry.id}) to ${props.context}, without hooks.`}
      onClose={props.onClose}
      actions={
        <button className="primary" disabled={!ready} onClick={() => props.onConfirm(props.isProtected ? { context: typed } : {})}>
          Roll back to {revisions}
        </button>
      }
    >
      {props.isProtected && <TypedConfirmation why={`${props.context} is a protected context.`} word={props.context} label="Confirm context name" value={typed} onChange={setTyped} />}
    </Modal>
  )
}

/** A commit as its first 7 characters; a working copy's `local:<digest>` whole. */
const shortRevision = (revision: string): string => (revision.startsWith('local:') ? revision : revision.slice(0, 7))
