import { useMemo, useState } from 'react'
import type { ArgoApp, SyncIntent } from '../../../../shared/api'
import { SyncOptionsFields } from '../../operations/SyncOptionsFields'
import { extrasIntent, extrasProblem, initialExtras, type SyncExtras } from '../../operations/sync-extras'
import { Modal } from '../../ui/Modal'
import { TypedConfirmation } from '../../ui/TypedConfirmation'
import { appSyncOptions, argoSyncOptions } from './argo-sync-options'

interface Props {
  app: ArgoApp
  isProtected: boolean
  onCancel(): void
  onSync(intent: SyncIntent): void
}

/**
 * Sync of an Argo CD app with what Argo CD's sync panel offers (prune, dry run, force, the
 * resources to sync, sync options, retry, a revision), written as the `operation` its API server
 * writes; Argo CD's controller runs it. A protected context asks for its name.
 */
export function ArgoSyncDialog({ app, isProtected, onCancel, onSync }: Props) {
  const appOptions = useMemo(() => appSyncOptions(app.specYaml), [app.specYaml])
  const keys = useMemo(() => app.resources.filter((r) => !r.hook).map((r) => r.key), [app.resources])
  const [flags, setFlags] = useState({ prune: false, dryRun: false, force: false })
  const [extras, setExtras] = useState<SyncExtras>(() => initialExtras(appOptions))
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(keys))
  const [typed, setTyped] = useState('')
  const problem = extrasProblem(extras) ?? (chosen.size === 0 ? 'Choose at least one resource' : null)
  const start = () => {
    const { syncOptions, ...rest } = extrasIntent(extras, appOptions)
    const options = syncOptions ? argoSyncOptions(appOptions, syncOptions) : undefined
    onSync({
      ...(flags.prune ? { prune: true } : {}),
      ...(flags.dryRun ? { dryRun: true } : {}),
      ...(flags.force ? { force: true } : {}),
      ...(chosen.size < keys.length ? { resources: keys.filter((k) => chosen.has(k)) } : {}),
      ...(options ? { syncOptions: options } : {}),
      ...rest,
      ...(isProtected ? { consent: { context: typed } } : {}),
    })
  }
  const flag = (name: keyof typeof flags, label: string) => (
    <label>
      <input type="checkbox" checked={flags[name]} onChange={(e) => setFlags({ ...flags, [name]: e.target.checked })} /> {label}
    </label>
  )
  return (
    <Modal
      kind="alert"
      title={`Sync ${app.name}?`}
      description={`Argo CD's controller in ${app.context} syncs it to ${extras.revision.trim() || app.targetRevision}.`}
      onClose={onCancel}
      actions={
        <button className="primary" disabled={!!problem || (isProtected && typed !== app.context)} onClick={start}>
          {flags.dryRun ? 'Dry run' : 'Synchronize'}
        </button>
      }
    >
      <fieldset className="sync-options">
        <legend>Sync</legend>
        {flag('prune', 'Prune')}
        {flag('dryRun', 'Dry run')}
        {flag('force', 'Force (delete and re-create what cannot be updated)')}
      </fieldset>
      {keys.length > 0 && (
        <fieldset className="sync-options">
          <legend>
            Resources ({chosen.size} of {keys.length})
          </legend>
          {keys.map((key) => (
            <label key={key} className="mono small">
              <input type="checkbox" checked={chosen.has(key)} onChange={(e) => setChosen((s) => (e.target.checked ? new Set([...s, key]) : new Set([...s].filter((k) => k !== key))))} /> {key}
            </label>
          ))}
        </fieldset>
      )}
      <SyncOptionsFields value={extras} onChange={setExtras} />
      {problem && (
        <p className="warning" role="status">
          {problem}
        </p>
      )}
      {isProtected && <TypedConfirmation why={`${app.context} is a protected context.`} word={app.context} label="Confirm context name" value={typed} onChange={setTyped} />}
    </Modal>
  )
}
