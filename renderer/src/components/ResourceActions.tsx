import { useState } from 'react'
import { TypedConfirmation } from './TypedConfirmation'
import type { ResourceAction } from '../../../shared/model'

interface Props {
  resource: string
  context: string
  isProtected: boolean
  actions: ResourceAction[]
  onRun(action: string, consent: { context?: string }, params: Record<string, string>): void
  onClose(): void
}

/**
 * Argo CD's resource actions for one live resource: each a button (greyed when it does not apply
 * now); a protected context asks for its name first. The engine checks each with a dry run.
 */
export function ResourceActions(props: Props) {
  const [typed, setTyped] = useState('')
  const [values, setValues] = useState<Record<string, string>>({})
  const ready = !props.isProtected || typed === props.context
  // An action's parameters (scale's replicas) are asked for beside its button.
  const paramsOf = (a: ResourceAction) => Object.fromEntries((a.params ?? []).map((p) => [p.name, values[`${a.name}.${p.name}`] ?? p.default ?? '']))
  const complete = (a: ResourceAction) => Object.values(paramsOf(a)).every((v) => v.trim() !== '')
  return (
    <div className="sync-panel" role="dialog" aria-label={`Actions of ${props.resource}`}>
      <p>
        Actions of <span className="mono">{props.resource}</span> in {props.context}
      </p>
      {props.actions.length === 0 && <p className="muted">This resource offers no actions.</p>}
      {props.isProtected && (
        <TypedConfirmation why={`${props.context} is a protected context.`} word={props.context} label="Confirm context name" value={typed} onChange={setTyped} />
      )}
      <div className="actions">
        {props.actions.map((a) => (
          <span key={a.name} className="action">
            {(a.params ?? []).map((p) => (
              <input key={p.name} aria-label={`${a.name} ${p.name}`} placeholder={p.name} size={8} disabled={a.disabled} value={values[`${a.name}.${p.name}`] ?? p.default ?? ''} onChange={(e) => setValues((v) => ({ ...v, [`${a.name}.${p.name}`]: e.target.value }))} />
            ))}
            <button disabled={a.disabled || !ready || !complete(a)} title={`${a.description}${a.source === 'argocd-cm' ? ' (Lua, from argocd-cm)' : ''}`} onClick={() => props.onRun(a.name, props.isProtected ? { context: typed } : {}, paramsOf(a))}>
              {a.name}
              {a.source === 'argocd-cm' && <span className="muted small"> · Lua</span>}
            </button>
          </span>
        ))}
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </div>
  )
}
