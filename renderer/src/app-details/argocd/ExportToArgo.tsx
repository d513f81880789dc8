import { useEffect, useState } from 'react'
import type { ArgoExportPreview, ArgoInstance, ClusterInfo, GitopsApi } from '../../../../shared/api'
import { errorText } from '../../state/errors'
import { Choice } from '../../ui/Choice'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { Modal } from '../../ui/Modal'
import { TypedConfirmation } from '../../ui/TypedConfirmation'
import { notify } from '../../ui/toast'

/**
 * "Export to Argo CD" of one local app: choose one of the Argo CD instances the kubeconfig
 * reaches, see what `export argocd` would write there (the Application YAML, in which namespace;
 * the credential Secrets only named), then confirm. Nothing is written before Export is pressed;
 * a protected context asks for its typed name. The local app stays as it is.
 */
export function ExportToArgo({ api, app, disabled }: { api: GitopsApi; app: string; disabled: boolean }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button onClick={() => setOpen(true)} disabled={disabled} title="Hand this app over to an Argo CD the kubeconfig reaches (previewed first)">
        Export to Argo CD
      </button>
      {open && <ExportDialog api={api} app={app} onClose={() => setOpen(false)} />}
    </>
  )
}

function ExportDialog({ api, app, onClose }: { api: GitopsApi; app: string; onClose(): void }) {
  const [instances, setInstances] = useState<ArgoInstance[] | null>(null)
  const [clusters, setClusters] = useState<ClusterInfo[]>([])
  const [instance, setInstance] = useState('')
  const [preview, setPreview] = useState<ArgoExportPreview | null>(null)
  const [typed, setTyped] = useState('')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api.listArgoInstances().then((all) => {
      const usable = all.filter((i) => !i.problem)
      setInstances(usable)
      if (usable.length === 1) setInstance(usable[0]!.id)
    }, (e: unknown) => setError(errorText(e)))
    api.listClusters().then(setClusters, () => undefined)
  }, [api])
  useEffect(() => {
    setPreview(null)
    setTyped('')
    if (!instance) return
    let cancelled = false
    api.exportAppToArgo(app, instance).then((p) => !cancelled && (setError(null), setPreview(p)), (e: unknown) => !cancelled && setError(errorText(e)))
    return () => void (cancelled = true)
  }, [api, app, instance])
  const isProtected = !!preview && clusters.some((c) => c.name === preview.context && c.protected)
  const ready = !!preview && (!isProtected || typed === preview.context)
  const exportNow = () => {
    if (!preview) return
    api.exportAppToArgo(app, preview.instance, isProtected ? { apply: true, consent: { context: typed } } : { apply: true }).then(
      (done) => {
        notify({ kind: 'success', title: `Exported ${app} to ${done.instance}`, body: `Argo CD's controller in ${done.context} manages its copy now; the local app is unchanged.` })
        onClose()
      },
      (e: unknown) => setError(errorText(e)),
    )
  }
  return (
    <Modal
      kind="alert"
      title={`Export ${app} to Argo CD?`}
      description="Writes this app's Application (and its project and credentials) into the Argo CD chosen; the local app stays."
      onClose={onClose}
      actions={
        <button className="primary" disabled={!ready} onClick={exportNow}>
          Export
        </button>
      }
    >
      {instances === null && !error && <p role="status">Looking for Argo CD instances…</p>}
      {instances?.length === 0 && <p className="muted">No Argo CD instance is readable through the kubeconfig (Settings › Argo CD instances names more).</p>}
      {instances && instances.length > 0 && <Choice label="Argo CD instance" value={instance} options={instances.map((i) => ({ value: i.id, label: `${i.id} (${i.apps} apps)` }))} onChange={setInstance} />}
      <ErrorAlert error={error} />
      {preview && <ExportPreview preview={preview} />}
      {preview && isProtected && <TypedConfirmation why={`${preview.context} is a protected context.`} word={preview.context} label="Confirm context name" value={typed} onChange={setTyped} />}
    </Modal>
  )
}

/** What the export writes: where, what it replaces, the YAML, the Secrets by name, the warnings. */
function ExportPreview({ preview }: { preview: ArgoExportPreview }) {
  return (
    <section aria-label="Export preview">
      <p>
        Into namespace <strong>{preview.namespace}</strong> of <strong>{preview.context}</strong>
        {preview.replaces ? ': Argo CD already has an app of this name there, which is replaced.' : '.'}
      </p>
      {preview.secrets.length > 0 && (
        <ul aria-label="Secrets written">
          {preview.secrets.map((s) => (
            <li key={s.name}>
              {s.type} Secret <span className="mono">{s.name}</span> for {s.for} (values from the keychain, not shown)
            </li>
          ))}
        </ul>
      )}
      {preview.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
      <pre className="mono small" aria-label="Application YAML to write">
        {preview.yaml}
      </pre>
    </section>
  )
}
