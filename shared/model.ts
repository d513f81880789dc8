// The data the UI sees, as plain types. The main side's handlers must return these shapes (the
// contract's result types), so the compiler keeps them and the engine in step.

import type { Cascade, CompareMode, DeletionPhase, DryRunOutcome, HealthStatus, OperationInitiator, OperationKind, OperationPhase, RepoScope, RepoType, ResourceSyncStatus, ResultCode, SyncPhase, SyncStatus, TaskAction } from './statuses'

// The closed lists (statuses, phases…) and the stored records (history, events, settings) are
// defined once, in statuses.ts and schemas.ts; their types are part of this model.
export type { Cascade, CompareMode, CustomizationType, DeletionPhase, DryRunOutcome, HealthStatus, OperationInitiator, OperationKind, OperationPhase, PropagationPolicy, RepoScope, RepoType, ResourceSyncStatus, ResultCode, SyncPhase, SyncStatus, TaskAction, Theme, TrackingMethod } from './statuses'
export type { AppEvent, CompareSide, DeleteIntent, HistoryEntry, Settings, SyncConsent, SyncIntent } from './schemas'
export type { ResourceCustomizations as ResourceCustomizationSettings } from './schemas'
export type * from './argocd-model'
import type { ArgoApp } from './argocd-model'

export interface AppCondition {
  /** DeletionError: a deletion that could not finish (Argo CD's); AutoSyncWarning: auto-sync holds back (ours, docs/deviations.md). */
  type: 'ComparisonError' | 'SyncError' | 'SharedResourceWarning' | 'OrphanedResourceWarning' | 'InvalidSpecError' | 'ExcludedResourceWarning' | 'DeletionError' | 'AutoSyncWarning'
  message: string
}

export interface ResourceStatus {
  /** group/kind/namespace/name */
  key: string
  status: ResourceSyncStatus
  health: HealthStatus | null
  healthMessage?: string
  requiresPruning: boolean
  /** An extra whose prune needs the user's confirmation (Prune=confirm). */
  pruneNeedsConsent?: boolean
  /** Why deleting the app with its resources keeps this one (Delete=false, Helm's keep, a CRD). */
  keptOnDelete?: string
  /** Deleting the app with its resources needs a separate confirmation for this one (Delete=confirm). */
  deleteNeedsConsent?: boolean
}

export interface ResourceResult {
  key: string
  phase: SyncPhase
  wave: number
  action: TaskAction
  code: ResultCode
  message: string
  /** A dry run's answer for this resource. */
  outcome?: DryRunOutcome
  /** With outcome configured: the fields that would change (spec.replicas, …). */
  changed?: string[]
}

/** What a sync operation has done so far: its phase, and each resource's result. */
export interface OperationState {
  phase: OperationPhase
  message: string
  resources: ResourceResult[]
  /** The keys in the order they were applied or deleted. */
  applied: string[]
  /** The requests a sync has sent to its cluster so far, by stage. */
  requests?: SyncRequestCounts
}

/**
 * A sync's requests by stage: the dry run before anything changes, the applies (prunes and hook
 * deletions too), the waits for health (reads the watch could not answer; hook clean-up); and the
 * dry runs not sent because a compare had just made them (`dryRunsReused`) or because a local
 * check stood for them, a new ConfigMap or Secret the cluster cannot refuse (`dryRunsChecked`).
 */
export interface SyncRequestCounts {
  dryRun: number
  apply: number
  wait: number
  dryRunsReused: number
  dryRunsChecked: number
}

/** An operation is running until it reaches a final phase (Terminating still runs). */
export const isOperationRunning = (state: { phase: OperationPhase } | null | undefined): boolean => state?.phase === 'Running' || state?.phase === 'Terminating'

/** Kinds whose logs are their pods' logs (Argo CD's logs tab offers these). */
export const logKinds: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Rollout'])

/** A sync or action on a protected context needs its name typed; a dry run changes nothing and needs none. */
export const contextNameNeeded = (isProtected: boolean, intent: { dryRun?: boolean | undefined }): boolean => isProtected && !intent.dryRun

/** What a deletion did: resources deleted, and those kept with the reason (Delete=false…). */
export interface AppDeletion {
  app: string
  cascade: Cascade
  context: string
  deleted: string[]
  kept: { key: string; reason: string }[]
}

/**
 * An app whose deletion has started (Argo CD: its deletionTimestamp is set). While it exists no
 * operation may start for the app; a deletion that could not finish keeps its error here and
 * waits to be retried or cancelled.
 */
export interface DeletionState {
  app: string
  cascade: Cascade
  context: string
  startedAt: string
  phase: DeletionPhase
  /** Why the deletion could not finish (phase Failed). */
  error?: string
}

/** An action a live resource offers (Argo CD's resource actions): restart, pause, suspend… */
export interface ResourceAction {
  name: string
  description: string
  /** It does not apply to the object as it is now (resume on a running Deployment). */
  disabled: boolean
  /** One of Argo CD's own actions (its bundled action.lua), or a Lua action from imported settings. */
  source: 'argocd' | 'argocd-cm'
  /** Values the action asks for (Argo CD's action parameters, e.g. scale's replicas). */
  params?: { name: string; type?: string; default?: string }[]
}

/** One sync or rollback, owned by the engine from start to end; progress arrives as events. */
export interface Operation extends OperationState {
  id: string
  app: string
  kind: OperationKind
  initiator: OperationInitiator
  dryRun: boolean
  /** Filled in once the target is rendered. */
  context: string
  revision: string
  attempts: number
  startedAt: string
  finishedAt?: string
  /** A rollback's history entry. */
  rollbackTo?: number
  /** Waiting for a free operation slot (Settings' cap on operations running at once); it starts in order. */
  queued?: boolean
  /** Its process stopped while it ran (a crash, a kill): `resources` and `applied` say how far it got. */
  interrupted?: boolean
}

/** How a finished operation ended (the same record, in a final phase). */
export type SyncOutcome = Operation

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
  // The rules below are the engine's, decided once where the status is made: the UI and the CLI
  // show them and do not derive them again.
  /** Auto-sync is on (syncPolicy.automated, not turned off with enabled: false). */
  autoSync: boolean
  /** A rollback may start (not while auto-sync is on). */
  rollbackAllowed: boolean
  /** A sync with prune would prune every resource of the app (Git has none) and allowEmpty is off: it needs the user's consent (SyncConsent.pruneAll). */
  pruneAllNeedsConsent: boolean
  /** The app needs a look: not Synced, Degraded or Missing, or an error condition (the tray's count, the clusters page). */
  needsAttention: boolean
  /**
   * Set while the app's cluster does not answer (sync and health are Unknown): when its state was
   * last known, and what it was then. The resources are the ones seen then.
   */
  lastKnownAt?: string
  lastKnown?: { sync: SyncStatus; health: HealthStatus }
  /**
   * Resources in the destination namespace that no app manages and nothing owns (with what they
   * own), when the app's project sets orphanedResources (Argo CD's orphaned resources).
   */
  orphaned?: OrphanedResource[]
}

export interface OrphanedResource {
  key: string
  kind: string
  name: string
  namespace: string
  /** The orphan that owns this one (a ReplicaSet of an orphaned Deployment). */
  parent?: string
}

/** A row of the app list: where the app comes from and goes, and its last known status. */
export interface AppSummary {
  name: string
  parent?: string
  /** The ApplicationSet that generates it (edited through it). */
  appset?: string
  project: string
  repoURL: string
  path: string
  /** The source is a chart of a Helm chart repository (then `path` is the chart's name). */
  chart?: boolean
  targetRevision: string
  /** The automated sync policy as stored (prune and self-heal apply only while auto-sync is on). */
  syncPolicy?: { automated: boolean; prune: boolean; selfHeal: boolean }
  destination: string
  namespace: string
  status: Omit<AppStatus, 'resources'> | null
  operationRunning: boolean
  /** What deleting the app does to its resources, from its resources finalizer. */
  cascade: Cascade
  /**
   * Set for an app of an Argo CD instance (its name is then `INSTANCE/NAME`, its status Argo CD's
   * own): the instance it lives in, its name there, and its operation's phase.
   */
  argocd?: { instance: string; name: string; operationPhase?: string }
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
  mode: CompareMode
  notice?: string
}

export interface AppDiff {
  status: SyncStatus
  context: string
  revision: string
  resources: ResourceDiff[]
}

/** An edit of a live object: what the server stores (or would, in a dry run) against what was live. */
export interface LiveEditResult {
  dryRun: boolean
  context: string
  /** liveYaml: before the edit; targetYaml: after it. */
  diff: ResourceDiff
  message: string
}

/** One side of a side-by-side comparison, as compared: which app, where, live or rendered at which commits. */
export interface ComparedSide {
  app: string
  /** The context the app's destination resolves to (where a live side was read). */
  context: string
  live: boolean
  /** The rendered commits, comma-separated (one per source); empty for a live side. */
  revision: string
  /** What the diff calls this side: `app@context` (live) or `app@revision` (rendered). */
  label: string
}

/** Two sides compared resource by resource: left is the diff's left side, right its right. */
export interface SidesComparison {
  /** Synced: the two sides are the same. */
  status: SyncStatus
  left: ComparedSide
  right: ComparedSide
  /** liveYaml is the left side, targetYaml the right; Missing: right only, Extra: left only. */
  resources: ResourceDiff[]
}

/** A config management plugin as the settings show it (secret values never leave the keychain). */
export interface PluginInfo {
  name: string
  discover: string
  parameters: string[]
  secrets: string[]
  apps: string[]
}

/** What generating an ApplicationSet changes: apps to create, update (with the change), delete. */
export interface AppSetPlan {
  appset: string
  create: string[]
  update: { name: string; diff: string }[]
  delete: string[]
  unchanged: string[]
  /** Changes the sync policy holds back (create-only, create-update, create-delete). */
  heldBack: { name: string; change: 'update' | 'delete'; policy: string }[]
  /** Generated apps Argo CD's controller refuses (a name that is not a Kubernetes name, a destination nothing matches): neither created nor updated. */
  invalid?: { name: string; reason: string }[]
}

/** An ApplicationSet in a list: its generators, policy, the apps it owns, its last generation. */
export interface AppSetSummary {
  name: string
  generators: string[]
  goTemplate: boolean
  policy: string
  rollingSync: boolean
  apps: string[]
  /** When the last generation failed: why (the apps generated before are kept). */
  error?: string
  /** Apps it no longer generates whose deletion waits for consent. */
  held: { name: string; reason: string }[]
  generatedAt?: string
}

export interface ClusterInfo {
  name: string
  server: string
  /** Labels set with `gitops-desk cluster label` (or imported), for ApplicationSet selectors. */
  labels: Record<string, string>
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
  scope: RepoScope
  username?: string
  hasPassword: boolean
  hasSshKey: boolean
  insecure: boolean
  hasCa: boolean
  type: RepoType
  enableOCI: boolean
}

export interface ProjectInfo {
  name: string
  description: string
  sourceRepos: string[]
  destinations: string[]
  syncWindows: number
}

/** Whether an app's project's sync windows let it sync now: why a manual and an automated sync are blocked, or null. */
export interface AppSyncWindows {
  project: string
  /** How many of the project's windows apply to this app. */
  matching: number
  manual: string | null
  automated: string | null
}

/** A project's sync windows over a span of time, each with the ranges it is active in (from the engine's cron reading). */
export interface SyncWindowTimeline {
  /** The engine's now, and the span around it (ISO times). */
  now: string
  from: string
  to: string
  windows: {
    kind: 'allow' | 'deny'
    schedule: string
    duration: string
    timeZone?: string
    applications: string[]
    namespaces: string[]
    clusters: string[]
    manualSync: boolean
    activeNow: boolean
    ranges: { start: string; end: string }[]
  }[]
}

/** Argo CD's notifications as configured: what Settings shows (no secret value, only the secret's keys). */
export interface NotificationsView {
  /** Where the config came from (a file, a context), or Argo CD's catalog when none was imported. */
  source: string
  custom: boolean
  services: { name: string; type: string; secrets: string[] }[]
  triggers: { name: string; description: string; templates: string[]; desktop: boolean }[]
  defaultTriggers: string[]
  secretKeys: string[]
  failures: FailedDelivery[]
}

/** A notification that could not be delivered: retried with backoff until it gives up. */
export interface FailedDelivery {
  id: string
  app: string
  trigger: string
  service: string
  recipient: string
  attempts: number
  /** With every secret value masked. */
  lastError: string
  /** The next try (ISO), absent once it gave up. */
  nextRetryAt?: string
}

export interface Notification {
  kind: 'sync-succeeded' | 'sync-failed' | 'health-degraded' | 'out-of-sync'
  app: string
  title: string
  body: string
}

/** The event stream: delivered in batches (a burst becomes one update per app). */
/** A file of a working copy that differs from its HEAD (git status's letter: M, A, D, ?). */
export interface WorkingCopyFile {
  path: string
  change: string
}

/** An app pointed at a local checkout of its repository: what it renders, its diff against live as the user edits. */
export interface WorkingCopyState {
  app: string
  /** The checkout's top folder. */
  dir: string
  /** `local:<dirty digest>` of the last render (the digest of HEAD and the changed files' contents). */
  revision: string
  /** Files that differ from HEAD (uncommitted), as git status lists them. */
  files: WorkingCopyFile[]
  /** The last good diff against live: kept while a later render fails. */
  diff: AppDiff | null
  /** Why the last render failed (file and line in `where` when known); null after a good one. */
  error: { message: string; where?: string } | null
  /** A render of a change is under way. */
  rendering: boolean
  /** When the diff or error was last made. */
  updatedAt: string
}

export type DeskEvent =
  /** An app's working copy was rendered and compared again (after a save), failed, or was released (null). */
  | { type: 'working-copy'; app: string; state: WorkingCopyState | null }
  | { type: 'app-status'; app: string; status: AppStatus }
  /** The app's resource tree changed (what its resources own, their health): the details view applies it as is. */
  | { type: 'app-tree'; app: string; nodes: TreeNode[] }
  /** Lines of an open log stream (streamLogs), in the order they were read. */
  | { type: 'logs'; stream: string; lines: LogLine[] }
  /** One container's log stream ended (the container stopped, the pod went, or an error). */
  | { type: 'logs-end'; stream: string; pod: string; container: string; message: string }
  /** Output of an open shell (openShell), in the order the container wrote it. */
  | { type: 'shell-output'; session: string; data: string }
  /** A shell ended: its command exited (with its code), or the connection dropped (it can be opened again). */
  | { type: 'shell-end'; session: string; message: string; exitCode?: number }
  /** Port-forwards started, stopped or failed: the list as it is now. */
  | { type: 'port-forwards'; forwards: PortForwardInfo[] }
  /** Kubernetes Events changed in a namespace whose events someone reads (resourceEvents). */
  | { type: 'kube-events'; context: string; namespace: string }
  /** One of the app's resources changed in the cluster (watched): an open resource panel fetches it again. */
  | { type: 'resource-changed'; app: string; key: string }
  | { type: 'app-removed'; app: string }
  /** An Argo CD app changed in its instance (watched), or was deleted there (null): its id is `INSTANCE/NAME`. */
  | { type: 'argocd-app'; id: string; app: ArgoApp | null; summary: AppSummary | null }
  /** Apps were added, changed or removed outside this process (the CLI, another window): the list is fetched again. */
  | { type: 'apps-changed' }
  /** Settings were changed outside this process: they are fetched again. */
  | { type: 'settings-changed' }
  | { type: 'operation'; app: string; operation: Operation }
  | { type: 'cluster'; context: string; reachable: boolean; message: string }
  /** An app's deletion started, stopped with an error, or ended (null): the details page shows it at once. */
  | { type: 'app-deletion'; app: string; deletion: DeletionState | null }
  /** The active context, a protection or the imported clusters changed (here, in the CLI or another window): lists of clusters are fetched again. */
  | { type: 'clusters-changed' }
  | { type: 'notification'; notification: Notification }
  /** A notification delivery failed, was sent on a retry, or was dismissed: Settings fetches the failed ones again. */
  | { type: 'notification-deliveries' }
  | { type: 'error'; message: string; where: string }
  /** The desktop shell's menu, shortcuts and notification clicks (never from the web harness). */
  | { type: 'menu'; action: MenuAction; app?: string }

export const menuActions = ['refresh', 'hard-refresh', 'sync', 'switch-cluster', 'find', 'new-app', 'open-app'] as const
export type MenuAction = (typeof menuActions)[number]

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
  /** A pod's labels, which Services select (the Network view). */
  labels?: Record<string, string>
  /** A pod's node (absent: not scheduled), phase and container readiness (the Pod view). */
  pod?: { node?: string; phase: string; ready: number; containers: number }
  /** A Service's type, selector and external addresses (load balancer, external IPs, node ports). */
  service?: { type: string; selector?: Record<string, string>; external: string[] }
  /** An Ingress's backend Services (by name, in its namespace), hosts and load balancer addresses. */
  ingress?: { services: string[]; hosts: string[]; external: string[] }
}

/**
 * Where a health verdict came from: the user's argocd-cm, a script Argo CD ships (its
 * resource_customizations, bundled with the app), or a rule compiled in.
 */
export interface HealthSource {
  kind: 'argocd-cm' | 'argocd' | 'built-in'
  /** Says which, for the resource panel ("Argo CD v3.2.11's health check for argoproj.io/Rollout"). */
  label: string
}

/** A kind Argo CD ships a health check or actions for (its resource_customizations), bundled with the app. */
export interface BundledCustomization {
  /** `group/Kind` as Argo CD's folder names it (`Kind` for the core group; `_` is a wildcard: `_.crossplane.io/_`). */
  key: string
  health: boolean
  /** Its actions by name, sorted. */
  actions: string[]
}

/** One resource as its panel shows it: summary, live manifest, and the pods whose logs it offers. */
export interface ResourceDetails {
  key: string
  kind: string
  name: string
  namespace: string
  context: string
  /** Whether the app manages it (false for what its resources own: ReplicaSets, Pods). */
  managed: boolean
  status?: ResourceSyncStatus
  health: HealthStatus | null
  healthMessage?: string
  /** Which check gave the verdict (none when the kind has no health). */
  healthSource?: HealthSource
  createdAt?: string
  owners: { kind: string; name: string }[]
  labels: Record<string, string>
  annotations: Record<string, string>
  /** The live object as YAML (null when it is Missing); secrets' values masked. */
  live: string | null
  /** The object as rendered from Git (null for an owned object or an extra one). */
  desired: string | null
  /** The pods whose logs this resource offers (itself for a Pod; a workload's pods), with their containers. */
  pods: PodContainers[]
  /** An Argo Rollouts Rollout's progress (steps, weights, revisions, analysis), as `kubectl argo rollouts get` shows it. */
  rollout?: RolloutView
}

/** A canary step as Argo Rollouts' CLI names it ("setWeight: 20", "pause", "pause: 10s", "analysis"). */
export interface RolloutStep {
  index: number
  label: string
  /** done: passed; current: status.currentStepIndex points at it; pending: not reached. */
  state: 'done' | 'current' | 'pending'
}

/** One ReplicaSet of a Rollout, with what it is now (canary, stable, active, preview). */
export interface RolloutReplicaSet {
  name: string
  revision: number
  /** Argo Rollouts' words: Healthy, Progressing, ScaledDown, ReplicaFailure. */
  status: string
  replicas: number
  ready: number
  available: number
  roles: ('stable' | 'canary' | 'active' | 'preview')[]
  images: string[]
}

/** One measurement of an AnalysisRun's metric. */
export interface RolloutMeasurement {
  phase: string
  value?: string
  message?: string
  startedAt?: string
  finishedAt?: string
}

export interface RolloutAnalysisRun {
  name: string
  revision: number
  /** Pending, Running, Successful, Failed, Error, Inconclusive. */
  phase: string
  message?: string
  metrics: { name: string; phase: string; successful: number; failed: number; inconclusive: number; error: number; measurements: RolloutMeasurement[] }[]
}

/** A Rollout as `kubectl argo rollouts get rollout` shows it: its status, strategy, steps, weights, revisions. */
export interface RolloutView {
  strategy: 'Canary' | 'BlueGreen' | 'Unknown'
  /** Healthy, Progressing, Paused, Degraded (the controller's status.phase, or worked out as its CLI does). */
  phase: string
  message: string
  /** The revision being rolled out (the Rollout's revision annotation). */
  revision: number
  aborted: boolean
  paused: boolean
  replicas: { desired: number; current: number; updated: number; ready: number; available: number }
  /** Canary only: each step, and the one it is at. */
  steps: RolloutStep[]
  /** status.currentStepIndex (steps.length when all are done). */
  currentStep: number | null
  /** Canary only: the weight the current step sets and the weight the canary has now. */
  weights?: { set: number; actual: number }
  /** Blue/green only: the services and the pod-template hashes they select. */
  blueGreen?: { activeService: string; previewService: string; activeSelector: string; previewSelector: string; autoPromotion: boolean }
  /** Newest revision first. */
  replicaSets: RolloutReplicaSet[]
  analysisRuns: RolloutAnalysisRun[]
  /** Why the AnalysisRuns are not shown (these credentials may not list them). */
  analysisRunsError?: string
}

export interface PodContainers {
  pod: string
  containers: string[]
  initContainers: string[]
  /** Restarts per container (previous logs exist after a restart). */
  restarts: Record<string, number>
}

/** A Kubernetes Event about a resource or what it owns. */
export interface KubeEvent {
  uid: string
  type: string
  reason: string
  message: string
  count: number
  firstSeen: string
  lastSeen: string
  /** Kind/name of the object it is about. */
  object: string
  source: string
}

export interface LogLine {
  pod: string
  container: string
  /** The time the runtime wrote it (RFC 3339), when asked for timestamps. */
  time?: string
  text: string
}

export interface LogRequest {
  /** Only this container (default: every container of each pod). */
  container?: string
  previous?: boolean
  follow?: boolean
  /** How many lines back to start from, per container (default 500). */
  tailLines?: number
}

/** A shell opened in a container (openShell). */
export interface ShellSession {
  session: string
  context: string
  namespace: string
  pod: string
  container: string
  command: string[]
}

/** A port of a Pod (or of a Service, through one of its ready pods) forwarded to 127.0.0.1. */
export interface PortForwardInfo {
  id: string
  app: string
  /** The resource it was asked for (a Pod or a Service). */
  resource: string
  context: string
  namespace: string
  /** The pod the connections go to (for a Service, the one chosen when it started). */
  pod: string
  /** Always 127.0.0.1: nothing else on the network reaches it. */
  address: string
  localPort: number
  remotePort: number
  startedAt: string
  /** Connections carried so far, and those open now. */
  connections: number
  open: number
  /** The last connection's failure (the pod went, the port refused), if any. */
  lastError?: string
}
