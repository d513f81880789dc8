import { useState } from 'react'
import type { ResourceStatus } from '../../../shared/api'

export interface SyncChoice {
  prune: boolean
  dryRun: boolean
  force: boolean
  resources: string[]
  confirmContext?: string
}

interface Props {
  context: string
  isProtected: boolean
  resources: ResourceStatus[]
  outOfSync: string[]
  selected: Set<string>
  onSync(choice: SyncChoice): void
  onCancel(): void
}

/** Sync options: prune, dry run, force, only out-of-sync or selected resources, typed confirmations. */
export function SyncPanel(props: Props) {
  const [prune, setPrune] = useState(false)
  const [dryRun, setDryRun] = useState(false)
  const [force, setForce] = useState(false)
  const [scope, setScope] = useState<'all' | 'out-of-sync' | 'selected'>(props.selected.size ? 'selected' : 'all')
  const [typed, setTyped] = useState('')
  const extras = props.resources.filter((r) => r.status === 'Extra')
  const managed = props.resources.filter((r) => r.status !== 'Extra')
  // Pruning every resource of the app needs the word typed, as Argo CD asks.
  const prunesEverything = prune && managed.length === 0 && extras.length > 0
  const resources = scope === 'out-of-sync' ? props.outOfSync : scope === 'selected' ? [...props.selected] : []
  const needsContext = props.isProtected && !dryRun
  const ready = (!needsContext || typed === props.context) && (!prunesEverything || typed === props.context)
  return (
    <form
      className="sync-panel"
      aria-label="Sync options"
      onSubmit={(e) => {
        e.preventDefault()
        if (ready) props.onSync({ prune, dryRun, force, resources, ...(needsContext || prunesEverything ? { confirmContext: typed } : {}) })
      }}
    >
      <fieldset>
        <legend>Options</legend>
        <label>
          <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} /> Prune ({extras.length} resource{extras.length === 1 ? '' : 's'} no longer in Git)
        </label>
        <label>
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run
        </label>
        <label>
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Force (take fields other managers own)
        </label>
      </fieldset>
      <fieldset>
        <legend>Resources</legend>
        <label>
          <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> All (with hooks)
        </label>
        <label>
          <input type="radio" name="scope" checked={scope === 'out-of-sync'} onChange={() => setScope('out-of-sync')} /> Only out of sync ({props.outOfSync.length})
        </label>
        <label>
          <input type="radio" name="scope" checked={scope === 'selected'} disabled={props.selected.size === 0} onChange={() => setScope('selected')} /> Selected ({props.selected.size})
        </label>
      </fieldset>
      {prune && extras.length > 0 && (
        <p className="warning">
          Will delete: {extras.map((e) => e.key).join(', ')}
        </p>
      )}
      {(needsContext || prunesEverything) && (
        <label className="confirm">
          {prunesEverything ? 'This prunes every resource of the app. ' : ''}
          {props.isProtected ? `${props.context} is a protected context. ` : ''}Type <strong>{props.context}</strong> to confirm:
          <input aria-label="Confirm context name" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
        </label>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={!ready}>
          Synchronize
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
