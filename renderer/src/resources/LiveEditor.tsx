import { useEffect, useState } from 'react'
import type { GitopsApi, LiveEditResult } from '../../../shared/api'
import { yamlProblems } from '../apps/editor-problems'
import { YamlEditor } from '../apps/YamlEditor'
import { ResourceDiffPane } from '../diff/ResourceDiffPane'
import { errorText } from '../state/errors'
import { ErrorAlert } from '../ui/ErrorAlert'
import { notify } from '../ui/toast'
import { TypedConfirmation } from '../ui/TypedConfirmation'

/**
 * Edits one of the app's live objects in Monaco: the edit is checked by the cluster first (a dry
 * run, shown as a diff of what changes), then applied only when the user presses Apply (with the
 * context's name typed on a protected context). The app then shows the drift it made.
 */
export function LiveEditor({ api, app, resource, onDone }: { api: GitopsApi; app: string; resource: string; onDone(): void }) {
  const [text, setText] = useState<string | null>(null)
  const [context, setContext] = useState('')
  const [isProtected, setProtected] = useState(false)
  const [preview, setPreview] = useState<LiveEditResult | null>(null)
  const [typed, setTyped] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [inline, setInline] = useState(false)
  const [collapse, setCollapse] = useState(true)
  useEffect(() => {
    let current = true
    Promise.all([api.editableResource(app, resource), api.listClusters()]).then(
      ([editable, clusters]) => {
        if (!current) return
        setText(editable.yaml)
        setContext(editable.context)
        setProtected(clusters.some((c) => c.name === editable.context && c.protected))
      },
      (e: unknown) => current && setError(e),
    )
    return () => void (current = false)
  }, [api, app, resource])

  const run = async (dryRun: boolean) => {
    if (text === null) return
    setBusy(true)
    setError(null)
    try {
      const result = await api.editResource(app, resource, text, { dryRun, ...(!dryRun && isProtected ? { consent: { context: typed } } : {}) })
      if (dryRun) return setPreview(result)
      notify({ title: `${resource}: edited`, body: result.message, kind: 'success' })
      onDone()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  if (text === null) return error ? <ErrorAlert error={errorText(error)} /> : <p role="status">Loading the live object…</p>
  return (
    <div className="live-editor" data-testid="live-editor">
      <p className="muted small">
        Editing the live object in {context || 'its cluster'}: a server-side apply of the fields you change (field manager gitops-desk-edit). Git is not changed; the app shows the drift until the next sync.
      </p>
      <ErrorAlert error={error === null ? null : errorText(error)} />
      {!preview && (
        <>
          <YamlEditor value={text} onChange={setText} problems={yamlProblems(error)} label={`Live YAML of ${resource}`} />
          <div className="live-editor-actions">
            <button className="primary" disabled={busy} onClick={() => void run(true)}>
              Preview changes
            </button>
            <button className="quiet" onClick={onDone} disabled={busy}>
              Cancel
            </button>
          </div>
        </>
      )}
      {preview && (
        <>
          <p role="status">{preview.message}</p>
          <ResourceDiffPane diff={preview.diff} inline={inline} collapse={collapse} onInline={setInline} onCollapse={setCollapse} sides={{ left: 'Live now', right: 'After the edit' }} />
          {isProtected && <TypedConfirmation why={`${context} is a protected context.`} word={context} label="Confirm context name" value={typed} onChange={setTyped} />}
          <div className="live-editor-actions">
            <button className="danger" disabled={busy || preview.diff.status === 'Synced' || (isProtected && typed !== context)} onClick={() => void run(false)}>
              Apply to {context}
            </button>
            <button className="quiet" disabled={busy} onClick={() => (setPreview(null), setTyped(''))}>
              Back to editing
            </button>
          </div>
        </>
      )}
    </div>
  )
}
