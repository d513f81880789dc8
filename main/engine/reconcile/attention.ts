import type { AppStatus } from './types'

/**
 * An app needs a look: it is not Synced (OutOfSync, or Unknown: it could not be compared), it is
 * Degraded or Missing, or it has a condition that is an error rather than a warning.
 */
export function needsAttention(status: Pick<AppStatus, 'sync' | 'health' | 'conditions'>): boolean {
  return status.sync !== 'Synced' || status.health === 'Degraded' || status.health === 'Missing' || status.conditions.some((c) => !c.type.endsWith('Warning'))
}

/** How many apps need a look (the tray's number). */
export function attentionCount(statuses: Pick<AppStatus, 'needsAttention'>[]): number {
  return statuses.filter((s) => s.needsAttention).length
}
