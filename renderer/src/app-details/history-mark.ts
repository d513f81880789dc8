import type { HistoryEntry } from '../../../shared/api'

/**
 * What a history row shows in its last cell: the newest entry is what the cluster has now,
 * "deployed" when its sync finished, "interrupted" when a crash stopped it part-way (only some
 * of its resources were applied: calling it deployed would say more than happened); any older
 * entry offers a rollback.
 */
export function historyMark(entry: Pick<HistoryEntry, 'id' | 'interrupted'>, newestId: number): 'deployed' | 'interrupted' | 'rollback' {
  if (entry.id !== newestId) return 'rollback'
  return entry.interrupted ? 'interrupted' : 'deployed'
}
