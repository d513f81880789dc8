import type { HealthStatus, ResourceSyncStatus, SyncStatus } from '../../../shared/api'
import { healthIcons, syncIcons } from './icons'

export { KindIcon } from './icons'

export function SyncBadge({ status }: { status: SyncStatus | ResourceSyncStatus | undefined }) {
  const s = status ?? 'Unknown'
  const Icon = syncIcons[s]!
  return (
    <span className={`badge sync-${s}`} title={`Sync: ${s}`}>
      <Icon size={13} aria-hidden="true" strokeWidth={2.25} /> {s}
    </span>
  )
}

export function HealthBadge({ status, message }: { status: HealthStatus | null | undefined; message?: string | undefined }) {
  if (status === null) return <span className="badge muted">no health</span>
  const s = status ?? 'Unknown'
  const Icon = healthIcons[s]!
  return (
    <span className={`badge health-${s}`} title={message ? `${s}: ${message}` : s}>
      <Icon size={13} aria-hidden="true" strokeWidth={2.25} /> {s}
    </span>
  )
}

/** Marks an app that lives in an Argo CD instance: its status is Argo CD's verdict, read from the Application. */
export function ArgoMarker({ instance }: { instance: string }) {
  return (
    <span className="badge argocd-marker" title={`In Argo CD ${instance}: status from Argo CD`}>
      {instance}
    </span>
  )
}
