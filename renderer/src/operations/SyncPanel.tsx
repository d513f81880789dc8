import { useEffect, useState } from 'react'
import { TypedConfirmation } from '../ui/TypedConfirmation'
import { useEscapeCloses } from '../ui/use-escape-closes'
import { contextNameNeeded, type Operation, type AppStatus, type SyncIntent } from '../../../shared/model'
import { errorText } from '../state/errors'
import { extrasIntent, extrasProblem, initialExtras } from './sync-extras'
import { SyncOptionsFields } from './SyncOptionsFields'
import { SyncPreview } from './SyncPreview'

interface Props {
  context: string
  isProtected: boolean
  /** The app's resources, and the engine's rule whether a prune would need consent to prune them all. */
  status: Pick<AppStatus, 'resources' | 'pruneAllNeedsConsent'>
  outOfSync: string[]
  selected: Set<string>
  onSync(intent: SyncIntent): void
  onCancel(): void
  /** Runs the sync as a dry run to its end (the server checks every change; nothing changes). */
  onPreview(intent: SyncIntent): Promise<Operation | null>
  /** The app's own syncOptions, which the options start from (as Argo CD's panel fills them in). */
  loadAppSyncOptions(): Promise<string[]>
  /** Why no sync can start now (the destination cluster does not answer), or null. */
  unreachable?: string | null
}

/**
 * Sync options: prune, dry run, force, only out-of-sync or selected resources, Argo CD's sync
 * options, retry and a revision. Each consent the
 * sync needs is asked on its own: the protected context's name typed, the Prune=confirm
 * resources confirmed, pruning everything confirmed. The engine checks each of them again.
 */
export function SyncPanel(props: Props) {
  const [prune, setPrune] = useState(false)
  const [dryRun, setDryRun] = useState(false)
  const [force, setForce] = useState(false)
  const [scope, setScope] = useState<'all' | 'out-of-sync' | 'selected'>(props.selected.size ? 'selected' : 'all')
  const [typed, setTyped] = useState('')
  const [confirmPrunes, setConfirmPrunes] = useState(false)
  const [confirmPruneAll, setConfirmPruneAll] = useState(false)
  const extras = props.status.resources.filter((r) => r.status === 'Extra')
  const needConsent = extras.filter((r) => r.pruneNeedsConsent)
  const prunesEverything = prune && props.status.pruneAllNeedsConsent
  const resources = scope === 'out-of-sync' ? props.outOfSync : scope === 'selected' ? [...props.selected] : []
  const needsContext = contextNameNeeded(props.isProtected, { dryRun })
  const [preview, setPreview] = useState<Operation | null>(null)
  const [previewing, setPreviewing] = useState<string | null>(null)
  const [previewError, setPreviewError] = useState<string | null>(null)
  const [appOptions, setAppOptions] = useState<string[] | null>(null)
  const [fields, setFields] = useState(() => initialExtras([]))
  const { loadAppSyncOptions } = props
  useEffect(() => {
    loadAppSyncOptions().then(
      (options) => {
        setAppOptions(options)
        setFields(initialExtras(options))
      },
      () => setAppOptions([]),
    )
  }, [loadAppSyncOptions])
  const problem = extrasProblem(fields)
  const intentOf = (): SyncIntent => {
    const consent = { ...(needsContext ? { context: typed } : {}), ...(prune && confirmPrunes ? { prunes: true } : {}), ...(prunesEverything ? { pruneAll: true } : {}) }
    return { ...(prune ? { prune } : {}), ...(dryRun ? { dryRun } : {}), ...(force ? { force } : {}), ...(resources.length ? { resources } : {}), ...extrasIntent(fields, appOptions ?? []), ...(Object.keys(consent).length ? { consent } : {}) }
  }
  const runPreview = () => {
    setPreviewing('Asking the cluster (dry run)…')
    setPreviewError(null)
    setPreview(null)
    const { consent, ...intent } = intentOf()
    props.onPreview({ ...intent, dryRun: true, ...(consent?.prunes || consent?.pruneAll ? { consent: { ...(consent.prunes ? { prunes: true } : {}), ...(consent.pruneAll ? { pruneAll: true } : {}) } } : {}) }).then(
      (operation) => {
        setPreview(operation)
        setPreviewing(null)
      },
      // A failed preview says why and can be asked again (the cluster may be back).
      (e: unknown) => {
        setPreviewing(null)
        setPreviewError(errorText(e))
      },
    )
  }
  const onKeyDown = useEscapeCloses(props.onCancel)
  const ready = !props.unreachable && appOptions !== null && !problem && (!needsContext || typed === props.context) && (!prunesEverything || confirmPruneAll)
  return (
    // Not a form: Enter on a checkbox, a radio button or the typed name submits nothing. Only the
    // Synchronize button starts the sync.
    <section className="sync-panel" aria-label="Sync options" onKeyDown={onKeyDown}>
      <fieldset>
        <legend>Options</legend>
        <label>
          <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} /> Prune ({extras.length} resource{extras.length === 1 ? '' : 's'} no longer in Git)
        </label>
        <label>
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run
        </label>
        <label>
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Force (delete and re-create what cannot be updated)
        </label>
      </fieldset>
      <SyncOptionsFields value={fields} onChange={setFields} />
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
      {prune && extras.length > 0 && <p className="warning">Will delete: {extras.filter((e) => !e.pruneNeedsConsent || confirmPrunes).map((e) => e.key).join(', ') || 'nothing yet'}</p>}
      {prune && needConsent.length > 0 && (
        <label className="confirm">
          <input type="checkbox" checked={confirmPrunes} onChange={(e) => setConfirmPrunes(e.target.checked)} /> Also delete {needConsent.length} resource{needConsent.length === 1 ? '' : 's'} marked Prune=confirm: {needConsent.map((e) => e.key).join(', ')}
        </label>
      )}
      {prunesEverything && (
        <label className="confirm">
          <input type="checkbox" checked={confirmPruneAll} onChange={(e) => setConfirmPruneAll(e.target.checked)} /> Git has no resources left for this app: prune all {extras.length} of them
        </label>
      )}
      {needsContext && (
        <TypedConfirmation why={`${props.context} is a protected context.`} word={props.context} label="Confirm context name" value={typed} onChange={setTyped} />
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {previewing && <p role="status">{previewing}</p>}
      {previewError && (
        <p className="error" role="alert">
          Preview failed: {previewError}
        </p>
      )}
      {preview && <SyncPreview preview={preview} />}
      <div className="actions">
        <button type="button" className="primary" disabled={!ready} title={props.unreachable ?? undefined} onClick={() => ready && props.onSync(intentOf())}>
          Synchronize
        </button>
        <button type="button" onClick={runPreview} disabled={!!previewing || appOptions === null || !!problem}>
          Preview changes
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        {/* Beside the buttons, not above them: the reason never moves Synchronize. */}
        {props.unreachable && <span className="warning">{props.unreachable}: Synchronize waits until it answers.</span>}
      </div>
    </section>
  )
}
