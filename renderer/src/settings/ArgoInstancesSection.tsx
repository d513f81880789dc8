import { useEffect, useState } from 'react'
import type { ArgoInstance, ClusterInfo, GitopsApi, Settings } from '../../../shared/api'
import { errorText } from '../state/errors'
import { Choice } from '../ui/Choice'

interface Props {
  api: GitopsApi
  clusters: ClusterInfo[]
  settings: Settings
  onSettings(settings: Settings): void
}

/**
 * The Argo CD instances the kubeconfig reaches (found by their argocd-cm, or named here per
 * context for a user who may not list ConfigMaps across the cluster), each with its app count or
 * why its Applications cannot be read.
 */
export function ArgoInstancesSection({ api, clusters, settings, onSettings }: Props) {
  const [instances, setInstances] = useState<ArgoInstance[] | null>(null)
  const [context, setContext] = useState('')
  const [namespace, setNamespace] = useState('')
  const [error, setError] = useState<string | null>(null)
  const named = settings.argocdNamespaces
  useEffect(() => {
    api.listArgoInstances().then(setInstances, (e: unknown) => setError(errorText(e)))
  }, [api, named])
  const save = async (next: Record<string, string[]>) => {
    setError(null)
    try {
      onSettings(await api.updateSettings({ argocdNamespaces: next }))
    } catch (e) {
      setError(errorText(e))
    }
  }
  const add = () => context && namespace && void save({ ...named, [context]: [...new Set([...(named[context] ?? []), namespace])] })
  const remove = (ctx: string, ns: string) => void save({ ...named, [ctx]: (named[ctx] ?? []).filter((n) => n !== ns) })
  return (
    <section aria-labelledby="argocd-instances-title">
      <h2 id="argocd-instances-title">Argo CD instances</h2>
      <p className="muted small">Their apps show in the list beside yours, with Argo CD&apos;s own status (read through the Kubernetes API, as argocd --core).</p>
      {error && <p role="alert" className="error">{error}</p>}
      <table aria-label="Argo CD instances">
        <tbody>
          {(instances ?? []).map((i) => (
            <tr key={i.id}>
              <td className="mono">{i.id}</td>
              <td>{i.problem ?? `${i.apps} apps`}</td>
              <td className="muted">{i.from === 'settings' ? 'named here' : 'found by its argocd-cm'}</td>
              <td>{i.from === 'settings' && <button className="quiet danger" onClick={() => remove(i.context, i.namespace)}>Remove</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {instances?.length === 0 && <p className="muted">No Argo CD found in any context.</p>}
      <div className="row-form">
        <Choice label="Context of the Argo CD namespace" value={context} options={clusters.map((c) => ({ value: c.name, label: c.name }))} onChange={setContext} />
        <input aria-label="Argo CD namespace" placeholder="argocd" value={namespace} onChange={(e) => setNamespace(e.target.value.trim())} />
        <button disabled={!context || !namespace} onClick={add}>
          Add namespace
        </button>
      </div>
    </section>
  )
}
