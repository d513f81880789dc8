import type { AppStatus, ClusterInfo } from '../../../shared/api'
import { KindIcon } from '../ui/Badges'

/** The app's conditions (errors and warnings of its last reconcile). */
export function AppConditions({ conditions }: { conditions: AppStatus['conditions'] }) {
  if (conditions.length === 0) return null
  return (
    <ul className="conditions" aria-label="Conditions">
      {conditions.map((c, i) => (
        <li key={i} className={c.type.endsWith('Warning') ? 'warning' : 'error'}>
          <strong>{c.type}</strong>: {c.message}
        </li>
      ))}
    </ul>
  )
}

/** Resources in the app's namespace that no app tracks (the project's orphaned-resource warning). */
export function OrphanedResources({ orphaned, namespace }: { orphaned: NonNullable<AppStatus['orphaned']>; namespace: string | undefined }) {
  if (orphaned.length === 0) return null
  return (
    <details className="orphaned">
      <summary>
        {orphaned.length} orphaned resource{orphaned.length === 1 ? '' : 's'} in {namespace}
      </summary>
      <ul aria-label="Orphaned resources">
        {orphaned.map((o) => (
          <li key={o.key} style={{ paddingLeft: o.parent ? '1.5rem' : undefined }}>
            <KindIcon kind={o.kind} /> {o.kind} <strong>{o.name}</strong>
          </li>
        ))}
      </ul>
    </details>
  )
}

/** The app's cluster does not answer: why, and what to check (the loop asks again on its own). */
export function ClusterUnreachable({ context }: { context: ClusterInfo | undefined }) {
  if (!context || context.reachable) return null
  return (
    <p role="alert" className="warning">
      Cluster {context.name} is unreachable: {context.reason}. Check that it runs (kind get clusters, minikube status) and that your credentials are valid; GitOps Desk retries on its own.
    </p>
  )
}
