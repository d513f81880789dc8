import { useState } from 'react'
import { TypedConfirmation } from '../ui/TypedConfirmation'
import { useEscapeCloses } from '../ui/use-escape-closes'
import type { Cascade, DeleteIntent, ResourceStatus } from '../../../shared/model'

interface Props {
  app: string
  context: string
  isProtected: boolean
  /** What the app's resources finalizer says; the choice starts there. */
  cascade: Cascade
  resources: ResourceStatus[]
  onDelete(intent: DeleteIntent): void
  onCancel(): void
}

const choices: { value: Cascade; label: string }[] = [
  { value: 'foreground', label: 'Foreground: delete the resources (and what they own) first, then the app' },
  { value: 'background', label: 'Background: delete the resources, let the cluster remove what they own' },
  { value: 'none', label: 'Non-cascading: forget the app, keep every resource in the cluster' },
]

/**
 * Deleting an app, with Argo CD's choice of propagation. The choice starts at what the app's
 * resources finalizer says; a cascade names what goes and what stays, and needs the app's name
 * typed (a protected context's name instead), plus a separate box for Delete=confirm resources.
 */
export function DeleteDialog(props: Props) {
  const [cascade, setCascade] = useState<Cascade>(props.cascade)
  const [typed, setTyped] = useState('')
  const [confirmDeletes, setConfirmDeletes] = useState(false)
  // A cascade deletes what exists (Argo CD's deletes the live managed objects): a resource only in
  // Git is skipped. Argo CD's own apps mark one OutOfSync with health Missing, the desk's Missing.
  const live = props.resources.filter((r) => r.status !== 'Missing' && r.health !== 'Missing')
  const notLive = props.resources.length - live.length
  const kept = live.filter((r) => r.keptOnDelete)
  const doomed = live.filter((r) => !r.keptOnDelete)
  const needConsent = doomed.filter((r) => r.deleteNeedsConsent)
  const cascading = cascade !== 'none'
  const word = cascading && props.isProtected ? props.context : props.app
  const ready = typed === word && (!cascading || needConsent.length === 0 || confirmDeletes)
  const onKeyDown = useEscapeCloses(props.onCancel)
  return (
    <form
      className="sync-panel"
      aria-label="Delete app"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault()
        if (!ready) return
        const consent = cascading ? { resources: true, ...(props.isProtected ? { context: typed } : {}), ...(confirmDeletes ? { deletes: true } : {}) } : {}
        props.onDelete({ cascade, ...(cascading ? { consent } : {}) })
      }}
    >
      <fieldset>
        <legend>Delete {props.app}: its resources</legend>
        {choices.map((c) => (
          <label key={c.value}>
            <input type="radio" name="cascade" checked={cascade === c.value} onChange={() => setCascade(c.value)} /> {c.label}
            {c.value === props.cascade && <span className="muted"> (the app&apos;s finalizer)</span>}
          </label>
        ))}
      </fieldset>
      {cascading ? (
        <p className="warning">
          Will delete {doomed.length} resource{doomed.length === 1 ? '' : 's'} from {props.context}, highest sync wave first: {doomed.map((r) => r.key).join(', ') || 'none'}
        </p>
      ) : (
        <p className="muted">Nothing is deleted from {props.context}.</p>
      )}
      {cascading && notLive > 0 && (
        <p className="muted">
          Skipped: {notLive} resource{notLive === 1 ? '' : 's'} in Git but not live (nothing to delete).
        </p>
      )}
      {cascading && kept.length > 0 && <p className="muted">Kept: {kept.map((r) => `${r.key} (${r.keptOnDelete})`).join(', ')}</p>}
      {cascading && needConsent.length > 0 && (
        <label className="confirm">
          <input type="checkbox" checked={confirmDeletes} onChange={(e) => setConfirmDeletes(e.target.checked)} /> Also delete {needConsent.length} resource{needConsent.length === 1 ? '' : 's'} marked Delete=confirm: {needConsent.map((r) => r.key).join(', ')}
        </label>
      )}
      <TypedConfirmation {...(cascading && props.isProtected ? { why: `${props.context} is a protected context.` } : {})} word={word} label="Confirm deletion" value={typed} onChange={setTyped} />
      <div className="actions">
        <button type="submit" className="danger" disabled={!ready}>
          Delete
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
