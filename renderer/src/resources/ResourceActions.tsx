import { useState } from 'react'
import { TypedConfirmation } from '../ui/TypedConfirmation'
import { Modal } from '../ui/Modal'
import type { ResourceAction } from '../../../shared/model'

/** Where an action's Lua comes from, said on its button. */
const actionSource: Record<ResourceAction['source'], string> = { argocd: "Argo CD's action", 'argocd-cm': 'from your argocd-cm' }

interface Props {
  resource: string
  context: string
  isProtected: boolean
  actions: ResourceAction[]
  /** An action chosen before the dialog opened (a Rollout's Promote): its confirmation shows first; one that does not apply now is not offered. */
  chosen?: string | undefined
  onRun(action: string, consent: { context?: string }, params: Record<string, string>): void
  onClose(): void
}

/**
 * Argo CD's resource actions for one live resource: each a button (greyed when it does not apply
 * now). Choosing one does not run it: as Argo CD does, the dialog asks first, naming the action
 * and its target; a protected context asks for its name there. The engine checks with a dry run.
 */
export function ResourceActions(props: Props) {
  const [values, setValues] = useState<Record<string, string>>({})
  const [chosen, setChosen] = useState<ResourceAction | null>(() => props.actions.find((a) => a.name === props.chosen && !a.disabled) ?? null)
  // An action's parameters (scale's replicas) are asked for beside its button.
  const paramsOf = (a: ResourceAction) => Object.fromEntries((a.params ?? []).map((p) => [p.name, values[`${a.name}.${p.name}`] ?? p.default ?? '']))
  const complete = (a: ResourceAction) => Object.values(paramsOf(a)).every((v) => v.trim() !== '')
  if (chosen) return <ConfirmAction {...props} action={chosen} params={paramsOf(chosen)} onBack={() => setChosen(null)} />
  return (
    <Modal title={`Actions of ${props.resource}`} description={`Choose an action for ${props.resource} in ${props.context}; you confirm it next.`} onClose={props.onClose} cancelLabel="Close">
      {props.actions.length === 0 && <p className="muted">This resource offers no actions.</p>}
      <div className="actions">
        {props.actions.map((a) => (
          <span key={a.name} className="action">
            {(a.params ?? []).map((p) => (
              <input key={p.name} aria-label={`${a.name} ${p.name}`} placeholder={p.name} size={8} disabled={a.disabled} value={values[`${a.name}.${p.name}`] ?? p.default ?? ''} onChange={(e) => setValues((v) => ({ ...v, [`${a.name}.${p.name}`]: e.target.value }))} />
            ))}
            <button disabled={a.disabled || !complete(a)} title={`${a.description ? `${a.description}: ` : ''}${actionSource[a.source]}`} onClick={() => setChosen(a)}>
              {a.name}
              {a.source === 'argocd-cm' && <span className="muted small"> · from your argocd-cm</span>}
            </button>
          </span>
        ))}
      </div>
    </Modal>
  )
}

/** The question before an action runs: which action, on what, where, with which parameters. */
function ConfirmAction(props: Props & { action: ResourceAction; params: Record<string, string>; onBack(): void }) {
  const [typed, setTyped] = useState('')
  const ready = !props.isProtected || typed === props.context
  const params = Object.entries(props.params)
  return (
    <Modal
      kind="alert"
      title={`Run ${props.action.name} on ${props.resource}?`}
      description={`${props.action.description || props.action.name} on ${props.resource} in ${props.context}${params.length ? ` with ${params.map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}. This changes the cluster.`}
      onClose={props.onClose}
      actions={
        <>
          <button className="primary" disabled={!ready} onClick={() => props.onRun(props.action.name, props.isProtected ? { context: typed } : {}, props.params)}>
            Run {props.action.name}
          </button>
          <button type="button" onClick={props.onBack}>
            Back
          </button>
        </>
      }
    >
      {props.isProtected && <TypedConfirmation why={`${props.context} is a protected context.`} word={props.context} label="Confirm context name" value={typed} onChange={setTyped} />}
    </Modal>
  )
}
