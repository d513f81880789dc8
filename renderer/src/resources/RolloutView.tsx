import { useEffect, useState } from 'react'
import type { GitopsApi, ResourceAction, RolloutAnalysisRun, RolloutView as Rollout } from '../../../shared/api'
import { errorText } from '../state/errors'
import { ErrorAlert } from '../ui/ErrorAlert'

/**
 * The buttons of a Rollout: Argo CD's own actions for argoproj.io/Rollout (its bundled Lua), named
 * as Argo Rollouts' CLI names the commands. A button only opens the actions dialog with that action
 * chosen; nothing runs until the dialog's own button (and a protected context's name) confirms it.
 */
const rolloutButtons: { action: string; label: string; title: string }[] = [
  { action: 'resume', label: 'Promote', title: 'Go past the current pause (Argo CD’s resume action; kubectl argo rollouts promote)' },
  { action: 'promote-full', label: 'Promote full', title: 'Skip the remaining steps and analysis (kubectl argo rollouts promote --full)' },
  { action: 'abort', label: 'Abort', title: 'Scale the canary down and send all traffic to stable (kubectl argo rollouts abort)' },
  { action: 'retry', label: 'Retry', title: 'Start an aborted update again (kubectl argo rollouts retry)' },
]

/** A Rollout's progress (steps, weights or services, ReplicaSets by revision, AnalysisRuns) and its Promote/Abort/Retry. */
export function RolloutView(props: { api: GitopsApi; app: string; resource: string; rollout: Rollout; managed: boolean; onAction(action: string): void }) {
  const { api, app, resource, rollout } = props
  const [actions, setActions] = useState<ResourceAction[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Which actions apply now is the engine's answer (Argo CD's discovery.lua), asked again as the Rollout changes.
  useEffect(() => {
    let cancelled = false
    if (!props.managed) return
    api.resourceActions(app, resource).then((list) => !cancelled && setActions(list), (e: unknown) => !cancelled && setError(errorText(e)))
    return () => {
      cancelled = true
    }
  }, [api, app, resource, rollout, props.managed])
  const offered = (name: string) => actions?.find((a) => a.name === name)
  return (
    <section className="rollout-view" aria-label="Rollout">
      <div className="rollout-head">
        <span className={`rollout-phase phase-${rollout.phase.toLowerCase()}`} data-testid="rollout-phase">
          {rollout.phase}
        </span>
        <span className="muted">{rollout.message}</span>
        <span className="spacer" />
        <span className="muted small">
          {rollout.strategy === 'BlueGreen' ? 'Blue/green' : rollout.strategy} · revision {rollout.revision}
          {rollout.aborted ? ' · aborted' : ''}
        </span>
      </div>
      <div className="rollout-actions" role="group" aria-label="Rollout actions">
        {rolloutButtons.map((b) => {
          const action = offered(b.action)
          const why = !props.managed ? 'Actions run on the app’s own resources' : !action ? 'Not offered for this Rollout' : action.disabled ? 'Does not apply to the Rollout as it is now' : b.title
          return (
            <button key={b.action} disabled={!action || action.disabled} title={why} onClick={() => props.onAction(b.action)}>
              {b.label}
            </button>
          )
        })}
      </div>
      <ErrorAlert error={error} />
      <p className="small" data-testid="rollout-replicas">
        Replicas: {rollout.replicas.desired} desired · {rollout.replicas.current} current · {rollout.replicas.updated} updated · {rollout.replicas.ready} ready · {rollout.replicas.available} available
      </p>
      {rollout.strategy === 'Canary' && <CanaryProgress rollout={rollout} />}
      {rollout.blueGreen && (
        <dl className="rollout-services" aria-label="Blue/green services">
          <div>
            <dt>Active service</dt>
            <dd className="mono">
              {rollout.blueGreen.activeService} → {rollout.blueGreen.activeSelector || '—'}
            </dd>
          </div>
          <div>
            <dt>Preview service</dt>
            <dd className="mono">
              {rollout.blueGreen.previewService || '(none)'} → {rollout.blueGreen.previewSelector || '—'}
            </dd>
          </div>
          <div>
            <dt>Auto-promotion</dt>
            <dd>{rollout.blueGreen.autoPromotion ? 'on' : 'off (waits for Promote)'}</dd>
          </div>
        </dl>
      )}
      <h3>ReplicaSets</h3>
      <table className="rollout-table" aria-label="ReplicaSets by revision">
        <thead>
          <tr>
            <th>Revision</th>
            <th>ReplicaSet</th>
            <th>Role</th>
            <th>Status</th>
            <th>Ready</th>
            <th>Images</th>
          </tr>
        </thead>
        <tbody>
          {rollout.replicaSets.map((rs) => (
            <tr key={rs.name}>
              <td>{rs.revision}</td>
              <td className="mono">{rs.name}</td>
              <td>{rs.roles.join(', ') || '—'}</td>
              <td>{rs.status}</td>
              <td>
                {rs.ready}/{rs.replicas}
              </td>
              <td className="mono small">{rs.images.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rollout.replicaSets.length === 0 && <p className="muted">No ReplicaSets yet.</p>}
      <h3>Analysis runs</h3>
      {rollout.analysisRunsError && <ErrorAlert error={rollout.analysisRunsError} />}
      {rollout.analysisRuns.length === 0 ? <p className="muted">None.</p> : rollout.analysisRuns.map((run) => <AnalysisRunView key={run.name} run={run} />)}
    </section>
  )
}

function CanaryProgress({ rollout }: { rollout: Rollout }) {
  const weights = rollout.weights ?? { set: 0, actual: 0 }
  const total = rollout.steps.length
  const at = rollout.currentStep ?? 0
  return (
    <>
      <p data-testid="rollout-weights">
        Canary weight: <strong>{weights.actual}%</strong> (the steps ask for {weights.set}%)
      </p>
      <div className="rollout-weight" role="meter" aria-label="Canary weight" aria-valuemin={0} aria-valuemax={100} aria-valuenow={weights.actual}>
        <span style={{ width: `${Math.min(100, Math.max(0, weights.actual))}%` }} />
      </div>
      <h3>
        Steps <span className="muted small">{total === 0 ? '(none: straight to 100%)' : at >= total ? `all ${total} done` : `step ${at + 1} of ${total}`}</span>
      </h3>
      <ol className="rollout-steps" aria-label="Canary steps">
        {rollout.steps.map((s) => (
          <li key={s.index} className={`step-${s.state}`} aria-current={s.state === 'current' ? 'step' : undefined} data-state={s.state}>
            <span className="step-mark" aria-hidden="true">
              {s.state === 'done' ? '✓' : s.state === 'current' ? '▶' : '○'}
            </span>
            <span className="mono">{s.label}</span>
            {s.state === 'current' && rollout.paused && <span className="muted small"> · paused</span>}
          </li>
        ))}
      </ol>
    </>
  )
}

function AnalysisRunView({ run }: { run: RolloutAnalysisRun }) {
  return (
    <details className="rollout-run" open={run.phase === 'Running' || run.phase === 'Failed' || run.phase === 'Error'}>
      <summary>
        <span className="mono">{run.name}</span> · revision {run.revision} · <strong>{run.phase}</strong>
        {run.message && <span className="muted"> · {run.message}</span>}
      </summary>
      {run.metrics.map((m) => (
        <div key={m.name} className="rollout-metric">
          <div>
            <span className="mono">{m.name}</span>: {m.phase} · ✔ {m.successful} · ✖ {m.failed} · ? {m.inconclusive} · ⚠ {m.error}
          </div>
          <table className="rollout-table" aria-label={`Measurements of ${m.name}`}>
            <thead>
              <tr>
                <th>Phase</th>
                <th>Value</th>
                <th>Finished</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {m.measurements.map((x, i) => (
                <tr key={i}>
                  <td>{x.phase}</td>
                  <td className="mono">{x.value ?? '—'}</td>
                  <td>{x.finishedAt ? new Date(x.finishedAt).toLocaleString() : '—'}</td>
                  <td>{x.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </details>
  )
}
