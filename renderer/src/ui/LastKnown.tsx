import type { HealthStatus, ResourceSyncStatus, SyncStatus } from '../../../shared/api'

/**
 * What was seen of an app or resource the last time its cluster answered, marked as such: an
 * unreachable cluster's apps never show Synced or Healthy as if it were now.
 */
export function LastKnown({ at, sync, health }: { at: string; sync?: SyncStatus | ResourceSyncStatus | null | undefined; health?: HealthStatus | null | undefined }) {
  const when = new Date(at)
  const what = [sync, health].filter(Boolean).join(', ')
  return (
    <span className="badge last-known" title={`The cluster does not answer: this was seen at ${when.toLocaleString()}`}>
      last known at {when.toLocaleTimeString()}
      {what ? `: ${what}` : ''}
    </span>
  )
}
