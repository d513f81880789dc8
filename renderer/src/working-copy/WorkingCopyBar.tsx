import { useState } from 'react'
import type { Operation, WorkingCopyState } from '../../../shared/model'
import { errorText } from '../state/errors'
import { ErrorAlert } from '../ui/ErrorAlert'
import { Modal } from '../ui/Modal'
import { notify } from '../ui/toast'
import { TypedConfirmation } from '../ui/TypedConfirmation'
import { syncBlockedReason } from './sync-blocked'
import type { useWorkingCopy } from './use-working-copy'

type WorkingCopy = ReturnType<typeof useWorkingCopy>

/**
 * "Use my working copy" on the diff page: a folder path (a checkout of the app's repository;
 * the engine checks it), then the working copy's state — its changed files, a render error in
 * place (the last good diff stays below), Sync working copy (its own consent, "deploy uncommitted
 * changes"; a protected context's typed name as well) and Release (the app compares with Git again).
 */
export function WorkingCopyBar({ app, copy, isProtected, desktop, onCompare }: { app: string; copy: WorkingCopy; isProtected: boolean; desktop: boolean; onCompare(): Promise<void> }) {
  const [dir, setDir] = useState('')
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [asking, setAsking] = useState(false)
  const [typed, setTyped] = useState('')
  const act = async (what: string, work: () => Promise<unknown>) => {
    setError(null)
    setBusy(what)
    try {
      await work()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(null)
    }
  }
  const context = copy.state?.diff?.context ?? ''
  const deploy = () => {
    setAsking(false)
    void act('Syncing working copy…', async () => {
      const ended: Operation = await copy.sync({ consent: { uncommitted: true, ...(isProtected ? { context: typed } : {}) } }, (o) => setBusy(o.message || 'Syncing working copy…'))
      if (ended.phase !== 'Succeeded') setError(`Sync ${ended.phase}: ${ended.message}`)
      notify({ title: `${app}: working copy sync ${ended.phase === 'Succeeded' ? 'succeeded' : ended.phase.toLowerCase()}`, kind: ended.phase === 'Succeeded' ? 'success' : 'error' })
      await onCompare()
    })
  }
  const state = copy.state
  if (!state) {
    return (
      <div className="working-copy-bar">
        {!open && <button onClick={() => setOpen(true)}>Use my working copy</button>}
        {open && (
          <form className="working-copy-form" onSubmit={(e) => (e.preventDefault(), void act('Checking the folder…', () => copy.use(dir.trim())))}>
            <label>
              Folder of a checkout of this app’s repository
              <input value={dir} onChange={(e) => setDir(e.target.value)} placeholder="/home/me/src/my-repo" spellCheck={false} autoFocus />
            </label>
            {desktop && (
              <button type="button" onClick={() => void act('Choosing…', async () => setDir((await copy.pickFolder()) ?? dir))}>
                Choose…
              </button>
            )}
            <button className="primary" type="submit" disabled={!dir.trim() || !!busy}>Use</button>
            <button type="button" onClick={() => setOpen(false)}>Cancel</button>
          </form>
        )}
        {busy && <p role="status">{busy}</p>}
        <ErrorAlert error={error} />
      </div>
    )
  }
  const blocked = syncBlockedReason(state)
  return (
    <div className="working-copy-bar in-use" aria-label="Working copy">
      <div className="working-copy-head">
        <strong className="working-copy-mark">working copy (uncommitted)</strong>
        <code title={state.dir}>{state.dir}</code>
        <span className="muted">{state.revision}</span>
        {state.rendering && <span className="muted" role="status">rendering…</span>}
        <span className="spacer" />
        <button className="primary" disabled={!!busy || blocked !== null} title={blocked ?? 'Deploy the working copy as it is'} aria-describedby={state.error ? 'working-copy-blocked' : undefined} onClick={() => (setTyped(''), setAsking(true))}>
          Sync working copy
        </button>
        <button disabled={!!busy} onClick={() => void act('Releasing…', async () => (await copy.release(), await onCompare()))}>Release</button>
      </div>
      <ChangedFiles files={state.files} />
      {state.error && (
        <p role="alert" className="error working-copy-error">
          Render failed{state.error.where ? ` in ${state.error.where}` : ''}: {state.error.message}
          {state.diff ? ' (the last good diff is shown below)' : ''}
          <span id="working-copy-blocked" className="muted"> Sync working copy is off until it renders.</span>
        </p>
      )}
      {busy && <p role="status">{busy}</p>}
      <ErrorAlert error={error} />
      {asking && !blocked && (
        <Modal kind="alert" title={`Deploy uncommitted changes of ${app}?`} description={`The working copy at ${state.revision} is applied to ${state.diff?.context ?? 'the destination'}; History records it as ${state.revision}.`} onClose={() => setAsking(false)} actions={<button className="primary danger" disabled={isProtected && typed !== context} onClick={deploy}>Deploy uncommitted changes</button>}>
          <ChangedFiles files={state.files} />
          {isProtected && <TypedConfirmation why={`${context} is a protected context.`} word={context} label="Confirm context name" value={typed} onChange={setTyped} />}
        </Modal>
      )}
    </div>
  )
}

function ChangedFiles({ files }: { files: WorkingCopyState['files'] }) {
  if (!files.length) return <p className="muted small">No changes from HEAD.</p>
  return (
    <ul className="working-copy-files" aria-label="Changed files">
      {files.map((f) => (
        <li key={f.path}>
          <code className="change">{f.change}</code> {f.path}
        </li>
      ))}
    </ul>
  )
}
