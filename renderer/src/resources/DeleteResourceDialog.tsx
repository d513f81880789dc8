import { useState } from 'react'
import { TypedConfirmation } from '../ui/TypedConfirmation'
import { Modal } from '../ui/Modal'
import type { PropagationPolicy as Propagation } from '../../../shared/model'

/**
 * Deleting one live resource, as Argo CD's resource menu offers it: foreground (its dependents
 * first), background, or orphan (its dependents stay); a protected context asks for its name.
 */
export function DeleteResourceDialog(props: { resource: string; context: string; isProtected: boolean; onDelete(propagation: Propagation, consent: { context?: string }): void; onClose(): void }) {
  const [propagation, setPropagation] = useState<Propagation>('foreground')
  const [typed, setTyped] = useState('')
  const ready = !props.isProtected || typed === props.context
  const choices: [Propagation, string][] = [
    ['foreground', 'Foreground: its dependents (ReplicaSets, Pods…) are deleted first'],
    ['background', 'Background: it goes at once, its dependents after'],
    ['orphan', 'Orphan: only it; its dependents stay'],
  ]
  return (
    <Modal
      kind="alert"
      title={`Delete ${props.resource}`}
      description={`Delete ${props.resource} from ${props.context}? Git still has it unless it is an extra: the app becomes OutOfSync until the next sync.`}
      onClose={props.onClose}
      actions={
        <button className="danger" disabled={!ready} onClick={() => props.onDelete(propagation, props.isProtected ? { context: typed } : {})}>
          Delete
        </button>
      }
    >
      <div role="radiogroup" aria-label="Propagation">
        {choices.map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="propagation" checked={propagation === value} onChange={() => setPropagation(value)} /> {label}
          </label>
        ))}
      </div>
      {props.isProtected && <TypedConfirmation why={`${props.context} is a protected context.`} word={props.context} label="Confirm context name" value={typed} onChange={setTyped} />}
    </Modal>
  )
}
