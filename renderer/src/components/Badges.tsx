import type { HealthStatus, ResourceSyncStatus, SyncStatus } from '../../../shared/api'

const syncIcon: Record<string, string> = { Synced: '✓', OutOfSync: '↻', Unknown: '?', Missing: '∅', Extra: '+' }
const healthIcon: Record<string, string> = { Healthy: '♥', Progressing: '◌', Degraded: '✕', Suspended: '❚❚', Missing: '∅', Unknown: '?' }

export function SyncBadge({ status }: { status: SyncStatus | ResourceSyncStatus | undefined }) {
  const s = status ?? 'Unknown'
  return (
    <span className={`badge sync-${s}`} title={`Sync: ${s}`}>
      <span aria-hidden="true">{syncIcon[s]}</span> {s}
    </span>
  )
}

export function HealthBadge({ status, message }: { status: HealthStatus | null | undefined; message?: string | undefined }) {
  if (status === null) return <span className="badge muted">no health</span>
  const s = status ?? 'Unknown'
  return (
    <span className={`badge health-${s}`} title={message ? `${s}: ${message}` : s}>
      <span aria-hidden="true">{healthIcon[s]}</span> {s}
    </span>
  )
}

const kindIcons: Record<string, string> = { Deployment: '⧉', ReplicaSet: '▤', Pod: '●', Service: '⇄', Ingress: '⇶', ConfigMap: '≡', Secret: '🔒', Job: '⚙', CronJob: '⏲', StatefulSet: '⧇', DaemonSet: '⧈', Namespace: '▢', PersistentVolumeClaim: '⛁', Application: '◆' }

export function KindIcon({ kind }: { kind: string }) {
  return (
    <span className="kind-icon" aria-hidden="true" title={kind}>
      {kindIcons[kind] ?? '◇'}
    </span>
  )
}
