import { useEffect, useState } from 'react'
import type { AppStatus, DeletionState, GitopsApi } from '../../../shared/api'
import { errorText } from '../state/errors'
import { ErrorAlert } from '../ui/ErrorAlert'

interface Props {
  api: GitopsApi
  name: string
  deletion: DeletionState | null
  /** The retry finished: the app is gone. */
  onDeleted(): void
  /** The deletion was cancelled (or failed again): load the app anew. */
  onChanged(): void
}

/**
 * An app whose deletion has started: no sync, rollback or action may start for it. A deletion that
 * could not finish says why, and is retried (with the consents it was given) or cancelled here;
 * nothing happens until one of the buttons is pressed.
 */
export function DeletionBanner({ api, name, deletion, onDeleted, onChanged }: Props) {
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (!deletion) return null
  const run = async (label: string, action: () => Promise<boolean>) => {
    setBusy(label)
    setError(null)
    try {
      if (await action()) onDeleted()
      else onChanged()
    } catch (e) {
      setError(errorText(e))
      onChanged()
    } finally {
      setBusy(null)
    }
  }
  const failed = deletion.phase === 'Failed'
  return (
    <section className="warning deletion-banner" aria-label="Deletion" role={failed ? 'alert' : 'status'}>
      <p>
        {failed ? (
          <>
            <strong>Deleting {name} from {deletion.context} could not finish:</strong> {deletion.error}
          </>
        ) : (
          <>
            <strong>Deleting {name}</strong> ({deletion.cascade}) from {deletion.context}, started {new Date(deletion.startedAt).toLocaleString()}: no sync may start until it ends.
          </>
        )}
      </p>
      {failed && (
        <p>
          <button onClick={() => void run('Retrying the deletion…', async () => (await api.retryDeletion(name), true))} disabled={!!busy}>
            Retry deletion
          </button>{' '}
          <button onClick={() => void run('Cancelling the deletion…', async () => (await api.cancelDeletion(name), false))} disabled={!!busy}>
            Cancel deletion
          </button>{' '}
          <span className="muted">Cancelling keeps the app with the resources still in the cluster; its auto-sync waits until you sync it by hand.</span>
        </p>
      )}
      {busy && (
        <p role="status" className="muted">
          {busy}
        </p>
      )}
      <ErrorAlert error={error} />
    </section>
  )
}

/** A deletion stopped or ended elsewhere (the CLI): its DeletionError arrives with the status, and the app is loaded again. */
export function useDeletionReload(liveStatus: AppStatus | undefined, deletion: DeletionState | null, load: () => Promise<void>): void {
  const deletionFailed = liveStatus?.conditions.some((c) => c.type === 'DeletionError') ?? false
  const shownFailed = deletion?.phase === 'Failed'
  useEffect(() => {
    if (liveStatus && deletionFailed !== shownFailed) void load()
  }, [liveStatus, deletionFailed, shownFailed, load])
}
