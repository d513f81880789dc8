import { useState } from 'react'
import type { ArgoApp, ArgoAppDiff, HealthStatus, ResourceSyncStatus, TreeNode } from '../../../../shared/api'
import { HealthBadge, SyncBadge } from '../../ui/Badges'
import { Modal } from '../../ui/Modal'
import { TypedConfirmation } from '../../ui/TypedConfirmation'
import { since } from '../../ui/format'

/** The operation Argo CD's controller runs or ran, as its status.operationState says, each resource's result listed. */
export function ArgoOperation({ app }: { app: ArgoApp }) {
  const op = app.operationState
  if (!op) return app.operationRequested ? <p role="status">Sync requested: waiting for Argo CD&apos;s controller to start it…</p> : null
  return (
    <section aria-label="Operation">
      <h2>Operation</h2>
      <p role="status">
        <strong>{op.phase}</strong> {op.message} <span className="muted">{op.initiatedBy ? `by ${op.initiatedBy}` : ''} {op.startedAt ? `started ${since(op.startedAt)}` : ''}</span>
      </p>
      {op.results.length > 0 && (
        <table className="history" aria-label="Operation results">
          <tbody>
            {op.results.map((r) => (
              <tr key={`${r.key}/${r.hookType ?? ''}`}>
                <td>{r.kind}</td>
                <td>{r.namespace ? `${r.namespace}/` : ''}{r.name}</td>
                <td>{r.status}</td>
                <td className="muted">{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** Argo CD's resources and what they own (the live cache), indented under their owner. */
export function ArgoResources({ nodes, onOpen }: { nodes: TreeNode[]; /** Opens a resource in the resource panel. */ onOpen(key: string): void }) {
  const children = (parent: string | undefined): TreeNode[] => nodes.filter((n) => n.parent === parent)
  const rows = (parent: string | undefined, depth: number): TreeNode[] => children(parent).flatMap((n) => [{ ...n, depth } as TreeNode & { depth: number }, ...rows(n.key, depth + 1)])
  if (nodes.length === 0) return <p className="muted">Argo CD lists no resources yet.</p>
  return (
    <table className="history" aria-label="Resources">
      <tbody>
        {(rows(undefined, 0) as (TreeNode & { depth: number })[]).map((n) => (
          <tr key={n.key}>
            <td style={{ paddingLeft: `${n.depth * 18 + 4}px` }}>{n.kind}</td>
            <td>
              <button className="link" onClick={() => onOpen(n.key)} aria-label={`Open ${n.kind} ${n.name}`}>
                {n.name}
              </button>
            </td>
            <td>{n.status && <SyncBadge status={n.status} />}</td>
            <td>
              <HealthBadge status={n.health} message={n.healthMessage} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Argo CD's history (status.history), newest first, each with Rollback (asked first; a protected context's name typed). */
export function ArgoHistory(props: { app: ArgoApp; isProtected: boolean; onRollback(id: number, consent: { context?: string }): void }) {
  const [asking, setAsking] = useState<number | null>(null)
  const [typed, setTyped] = useState('')
  const { app } = props
  if (app.history.length === 0) return <p className="muted">No deployment yet.</p>
  const newest = app.history.at(-1)!.id
  const blocked = app.autoSync ? 'rollback cannot be initiated when auto-sync is enabled' : null
  return (
    <>
      <table className="history" aria-label="History">
        <thead>
          <tr>
            <th>ID</th>
            <th>Revision</th>
            <th>Deployed</th>
            <th>Initiator</th>
            <th>Source</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {[...app.history].reverse().map((h) => (
            <tr key={h.id}>
              <td>{h.id}</td>
              <td className="mono">{h.revision.slice(0, 7)}</td>
              <td>{since(h.deployedAt)}</td>
              <td>{h.initiatedBy}</td>
              <td className="muted">{h.source}</td>
              <td>{h.id === newest ? <span className="muted">deployed</span> : <button disabled={!!blocked} title={blocked ?? undefined} onClick={() => (setTyped(''), setAsking(h.id))}>Rollback to {h.id}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {asking !== null && (
        <Modal
          kind="alert"
          title={`Roll back ${app.name} to ${asking}?`}
          description={`Argo CD syncs revision ${app.history.find((h) => h.id === asking)?.revision.slice(0, 7) ?? ''} again, without hooks.`}
          onClose={() => setAsking(null)}
          actions={
            <button className="primary" disabled={props.isProtected && typed !== app.context} onClick={() => (props.onRollback(asking, props.isProtected ? { context: typed } : {}), setAsking(null))}>
              Rollback
            </button>
          }
        >
          {props.isProtected && <TypedConfirmation why={`${app.context} is a protected context.`} word={app.context} label="Confirm context name" value={typed} onChange={setTyped} />}
        </Modal>
      )}
    </>
  )
}

/** The diff rendered here from the same source, or why not ("target unavailable locally"). */
export function ArgoDiff({ diff }: { diff: ArgoAppDiff }) {
  if (!diff.available) return <p className="warning">{diff.reason}</p>
  return (
    <ul aria-label="Diff">
      {diff.diff.resources.map((r) => (
        <li key={r.key}>
          <SyncBadge status={r.status} /> <span className="mono">{r.key}</span>
          {r.unifiedDiff && <pre className="mono small">{r.unifiedDiff}</pre>}
        </li>
      ))}
    </ul>
  )
}

export const asTreeStatus = (s: string): ResourceSyncStatus => s as ResourceSyncStatus
export const asHealth = (s: string | undefined): HealthStatus | null => (s ? (s as HealthStatus) : null)
