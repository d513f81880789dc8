import { isOperationRunning } from '../../../shared/model'
import type { Operation } from '../../../shared/api'

/** The running or last operation: what it is, its phase, progress and failures. */
export function OperationView({ state }: { state: Operation }) {
  const failed = state.resources.filter((r) => r.code === 'SyncFailed')
  const done = state.resources.filter((r) => r.code !== 'Pending').length
  const what = state.kind === 'rollback' ? `Rollback to #${state.rollbackTo}` : state.dryRun ? 'Dry run' : 'Sync'
  return (
    <div className={`operation op-${state.phase}`} role="status" aria-label="Sync result" data-operation={state.id}>
      <strong>
        {what} {state.queued ? 'Queued' : state.interrupted ? `${state.phase} (interrupted)` : state.phase}
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
