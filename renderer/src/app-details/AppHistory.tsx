import { useState } from 'react'
import type { HistoryEntry } from '../../../shared/api'
import { TypedConfirmation } from '../ui/TypedConfirmation'
import { Modal } from '../ui/Modal'
import { historyMark } from './history-mark'

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
 * The app's deployment history, newest first. The newest entry is what is deployed now: it is
 * marked so (or "interrupted", when a crash stopped it part-way) and offers no rollback.
 * Rolling back asks first, naming the revision (Argo CD does).
 */
export function AppHistory(props: Props) {
  const [asking, setAsking] = useState<HistoryEntry | null>(null)
  if (props.history.length === 0) return <p className="muted">No sync yet.</p>
  const newest = props.history[props.history.length - 1]!.id
  return (
    <>
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
          {[...props.history].reverse().map((h) => (
            <tr key={h.id}>
              <td>{h.id}</td>
              <td className="mono" title={h.message}>
                {h.revisions.map((r) => r.slice(0, 7)).join(', ')}
                {h.partial ? ` (partial: ${h.partial === 'selected' ? 'selected resources' : 'out of sync only'})` : ''}
                {h.interrupted && <span title={h.interrupted.applied.join('\n')}>{` (interrupted: ${h.interrupted.applied.length} applied)`}</span>}
              </td>
              <td>{new Date(h.finishedAt).toLocaleString()}</td>
              <td>{h.initiator === 'auto-sync' ? `${h.user} (auto-sync)` : h.user}</td>
              <td>{h.context}</td>
              <td>
                {historyMark(h, newest) === 'rollback' ? (
                  <button disabled={!!props.blocked} title={props.blocked ?? undefined} onClick={() => setAsking(h)}>
                    Rollback to {h.id}
                  </button>
                ) : (
                  <span className="badge" title={h.interrupted ? `Only part of it was applied: ${h.interrupted.applied.join(', ') || 'nothing'}` : undefined}>
                    {historyMark(h, newest)}
                  </span>
                )}
              </td>
            </tr>
          ))}
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
  const revisions = props.entry.revisions.map((r) => r.slice(0, 7)).join(', ')
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
