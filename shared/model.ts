// The data the UI sees, as plain types. The main side's handlers must return these shapes (the
// contract's result types), so the compiler keeps them and the engine in step.

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown'
export type HealthStatus = 'Healthy' | 'Suspended' | 'Progressing' | 'Missing' | 'Degraded' | 'Unknown'
export type ResourceSyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extra'

export interface AppCondition {
  type: 'ComparisonError' | 'SyncError' | 'SharedResourceWarning' | 'OrphanedResourceWarning' | 'InvalidSpecError'
  message: string
}

export interface ResourceStatus {
  /** group/kind/namespace/name */
  key: string
  status: ResourceSyncStatus
  health: HealthStatus | null
  healthMessage?: string
  requiresPruning: boolean
}

export interface ResourceResult {
  key: string
  phase: 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail'
  wave: number
  action: 'apply' | 'hook' | 'prune'
  code: 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped' | 'Pending'
  message: string
}

export interface OperationState {
  phase: 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating'
  message: string
  resources: ResourceResult[]
  applied: string[]
}

export interface SyncOutcome extends OperationState {
  context: string
  revision: string
  attempts: number
}

export interface AppStatus {
  name: string
  parent?: string
  context: string
  sync: SyncStatus
  revision: string
  /** The subject line of the (first source's) commit. */
  revisionMessage?: string
  health: HealthStatus
  healthMessage: string
  conditions: AppCondition[]
  resources: ResourceStatus[]
  reconciledAt: string
  lastSync?: { id: number; revision: string; finishedAt: string; user: string }
  autoSync: boolean
}

/** A row of the app list: where the app comes from and goes, and its last known status. */
export interface AppSummary {
  name: string
  parent?: string
  project: string
  repoURL: string
  path: string
  targetRevision: string
  destination: string
  namespace: string
  status: Omit<AppStatus, 'resources'> | null
  operationRunning: boolean
}

export interface ResourceDiff {
  key: string
  status: ResourceSyncStatus
  requiresPruning: boolean
  /** Normalized, masked, stable key order: the two sides of a side-by-side diff. */
  liveYaml: string
  targetYaml: string
  unifiedDiff: string
  /** Set when this resource could not be compared. */
  error?: { code: string; message: string }
  /** How the prediction was made; client-side when the cluster refused a dry run. */
  mode: 'server-side' | 'client-side'
  notice?: string
}

export interface AppDiff {
  status: SyncStatus
  context: string
  revision: string
  resources: ResourceDiff[]
}

export interface HistoryEntry {
  app: string
  id: number
  revisions: string[]
  startedAt: string
  finishedAt: string
  user: string
  context: string
}

export interface ClusterInfo {
  name: string
  server: string
  active: boolean
  protected: boolean
  imported: boolean
  reachable: boolean
  version?: string
  reason?: string
}

/** A repository's connection settings; secrets are only ever "set" or not. */
export interface RepoInfo {
  url: string
  scope: 'repository' | 'template'
  username?: string
  hasPassword: boolean
  hasSshKey: boolean
  insecure: boolean
  hasCa: boolean
}

export interface ProjectInfo {
  name: string
  description: string
  sourceRepos: string[]
  destinations: string[]
  syncWindows: number
}

export interface Settings {
  reconcileIntervalSeconds: number
  helmPath?: string
  kustomizePath?: string
  trackingMethod: 'annotation' | 'label' | 'annotation+label'
  theme: 'system' | 'light' | 'dark'
  activeContext?: string
  protectedContexts: string[]
  notifications: boolean
  mutedApps: string[]
  applyChildApps: boolean
}

export interface Notification {
  kind: 'sync-succeeded' | 'sync-failed' | 'health-degraded' | 'out-of-sync'
  app: string
  title: string
  body: string
}

/** The event stream: delivered in batches (a burst becomes one update per app). */
export type DeskEvent =
  | { type: 'app-status'; app: string; status: AppStatus }
  | { type: 'app-removed'; app: string }
  | { type: 'operation'; app: string; state: OperationState }
  | { type: 'cluster'; context: string; reachable: boolean; message: string }
  | { type: 'notification'; notification: Notification }
  | { type: 'error'; message: string; where: string }
  /** The desktop shell's menu, shortcuts and notification clicks (never from the web harness). */
  | { type: 'menu'; action: MenuAction; app?: string }

export type MenuAction = 'refresh' | 'hard-refresh' | 'sync' | 'switch-cluster' | 'find' | 'new-app' | 'open-app'

/** A node of an app's resource tree: its own resources, and what they own (ReplicaSets, Pods). */
export interface TreeNode {
  key: string
  kind: string
  name: string
  namespace: string
  /** The key of the owner, for objects the app does not manage itself. */
  parent?: string
  status?: ResourceSyncStatus
  health: HealthStatus | null
  healthMessage?: string
}
