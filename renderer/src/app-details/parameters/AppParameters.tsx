import { useCallback, useEffect, useMemo, useState } from 'react'
import type { GitopsApi } from '../../../../shared/api'
import { errorText } from '../../state/errors'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { PluginParameters } from '../../apps/PluginParameters'
import { helmProblem, kindsOf, kustomizeProblem, parseApp, readHelm, readKustomize, withHelm, withKustomize, type HelmOptions, type KustomizeOptions, type ParameterKind } from './app-parameters'
import { HelmFields } from './HelmFields'
import { KustomizeFields } from './KustomizeFields'
import { YamlChangeDiff } from './YamlChangeDiff'

/**
 * The app's Parameters tab: Helm, Kustomize and plugin options of its source, edited as
 * `argocd app set` would change the Application. Each change is shown as the Application YAML
 * diff first; Save stores the Application and compares the app again (nothing syncs).
 */
export function AppParameters({ api, name, onSaved }: { api: GitopsApi; name: string; onSaved(): void }) {
  const [saved, setSaved] = useState<string | null>(null)
  const [draft, setDraft] = useState('')
  /** Bumped when the stored YAML is (re)loaded: the fields start again from it. */
  const [version, setVersion] = useState(0)
  const [added, setAdded] = useState<ParameterKind[]>([])
  const [error, setError] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const { yaml } = await api.getApp(name)
      setSaved(yaml)
      setDraft(yaml)
      setProblem(null)
      setVersion((v) => v + 1)
    } catch (e) {
      setError(errorText(e))
    }
  }, [api, name])
  useEffect(() => void load(), [load])

  const parsed = useMemo(() => (saved === null ? null : parseApp(saved)), [saved])
  if (saved === null || !parsed) return <p role="status">{error ?? 'Loading the Application…'}</p>
  if (!parsed.doc) return <ErrorAlert error={`The stored Application does not parse: ${parsed.error}`} />
  const kinds = [...new Set([...kindsOf(parsed.doc), ...added])]
  const helm = (next: HelmOptions) => {
    setProblem(helmProblem(next))
    setDraft((d) => withHelm(d, next))
  }
  const kustomize = (next: KustomizeOptions) => {
    setProblem(kustomizeProblem(next))
    setDraft((d) => withKustomize(d, next))
  }
  const changed = draft !== saved
  const save = async () => {
    setBusy('Saving the Application…')
    setError(null)
    try {
      await api.saveAppYaml(draft)
      // Compared again with the new spec: the diff and status show the new value. Nothing syncs.
      await api.refreshApp(name)
      await load()
      setNotice('Saved. The app was rendered again with it; nothing was synced.')
      onSaved()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(null)
    }
  }
  const discard = () => {
    setDraft(saved)
    setProblem(null)
    setVersion((v) => v + 1)
  }

  return (
    <section className="params" aria-label="Parameters">
      <p className="muted small">Changes here edit the Application (its source), as argocd app set does. Nothing syncs: sync afterwards to apply them.</p>
      {kinds.includes('helm') && <HelmFields key={`helm-${version}`} initial={readHelm(parsed.doc)} onChange={helm} />}
      {kinds.includes('kustomize') && <KustomizeFields key={`kustomize-${version}`} initial={readKustomize(parsed.doc)} onChange={kustomize} />}
      {kinds.includes('plugin') && <PluginParameters api={api} name={name} yaml={draft} onYaml={setDraft} />}
      {!kinds.includes('helm') && !kinds.includes('plugin') && (
        <button type="button" onClick={() => setAdded((a) => [...a, 'helm'])}>
          Set Helm options
        </button>
      )}
      {!kinds.includes('kustomize') && !kinds.includes('plugin') && (
        <button type="button" onClick={() => setAdded((a) => [...a, 'kustomize'])}>
          Set Kustomize options
        </button>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {changed && <YamlChangeDiff name={name} before={saved} after={draft} />}
      <ErrorAlert error={error} />
      {busy && <p role="status">{busy}</p>}
      {notice && !changed && <p role="status">{notice}</p>}
      <div className="actions">
        <button type="button" disabled={!changed || !!problem || !!busy} onClick={() => void save()}>
          Save
        </button>
        <button type="button" disabled={!changed || !!busy} onClick={discard}>
          Discard changes
        </button>
      </div>
    </section>
  )
}
