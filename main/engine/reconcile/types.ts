import type { HealthStatus } from '../health/types'
import type { OperationState } from '../sync/operation'

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown'

/** Argo CD's condition types that GitOps Desk raises. */
export type ConditionType = 'ComparisonError' | 'SyncError' | 'SharedResourceWarning' | 'OrphanedResourceWarning' | 'InvalidSpecError'

export interface AppCondition {
  type: ConditionType
  message: string
}

export interface ResourceStatus {
  key: string
  status: 'Synced' | 'OutOfSync' | 'Missing' | 'Extra'
  health: HealthStatus | null
  healthMessage?: string
  requiresPruning: boolean
}

/** One app's reconciled state: what the app list and the details page show. */
export interface AppStatus {
  name: string
  parent?: string
  context: string
  sync: SyncStatus
  /** The commit(s) compared, comma-separated for multi-source apps. */
  revision: string
  health: HealthStatus
  healthMessage: string
  conditions: AppCondition[]
  resources: ResourceStatus[]
  reconciledAt: string
  operation?: OperationState & { app: string }
  lastSync?: { id: number; revision: string; finishedAt: string; user: string }
  autoSync: boolean
}

export interface Notification {
  kind: 'sync-succeeded' | 'sync-failed' | 'health-degraded' | 'out-of-sync'
  app: string
  title: string
  body: string
}

/** The one event stream the API forwards to the UI. */
export type DeskEvent =
  | { type: 'app-status'; app: string; status: AppStatus }
  | { type: 'app-removed'; app: string }
  | { type: 'operation'; app: string; state: OperationState }
  | { type: 'cluster'; context: string; reachable: boolean; message: string }
  | { type: 'notification'; notification: Notification }
  | { type: 'error'; message: string; where: string }
