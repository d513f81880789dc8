import type { AppStatus } from './types'

/** How many apps need a look: out of sync, or degraded (the tray's number). */
export function attentionCount(statuses: Pick<AppStatus, 'sync' | 'health'>[]): number {
  return statuses.filter((s) => s.sync === 'OutOfSync' || s.health === 'Degraded').length
}
