import type { AppSummary, ArgoInstance } from '../../../shared/api'
import { plural } from '../ui/plural'

/**
 * The Argo CD instances found in one cluster (issue 36: Argo CD's apps and the desk's side by side):
 * each with how many apps it holds now (counted from the list the watch keeps current), or why its
 * Applications cannot be read; a click lists its apps.
 */
export function ClusterArgoInstances(props: { context: string; instances: ArgoInstance[]; apps: AppSummary[]; onShowInstance(id: string): void }) {
  const here = props.instances.filter((i) => i.context === props.context)
  if (here.length === 0) return null
  return (
    <>
      <h3>Argo CD</h3>
      <ul className="problem-apps" aria-label={`Argo CD instances on ${props.context}`}>
        {here.map((i) => (
          <li key={i.id}>
            <button className="link" onClick={() => props.onShowInstance(i.id)} disabled={!!i.problem}>
              {i.id}
            </button>{' '}
            {i.problem ? <span className="error">{i.problem}</span> : <span className="muted">{plural(props.apps.filter((a) => a.argocd?.instance === i.id).length, 'app')} in {i.namespace}</span>}
          </li>
        ))}
      </ul>
    </>
  )
}
