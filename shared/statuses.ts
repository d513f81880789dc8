// The closed lists of the API model, each written once: the types are derived from them, and
// the engine's schemas (z.enum) and the renderer's filters and legends use the same lists.

/** Argo CD's health statuses, worst last (the order decides an app's aggregate health). */
export const healthStatuses = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'] as const
export type HealthStatus = (typeof healthStatuses)[number]

/** An app's sync status. */
export const syncStatuses = ['Synced', 'OutOfSync', 'Unknown'] as const
export type SyncStatus = (typeof syncStatuses)[number]

/** A resource's sync status: Missing (only in Git) and Extra (only live, tracked by the app) besides. */
export const resourceSyncStatuses = ['Synced', 'OutOfSync', 'Missing', 'Extra'] as const
export type ResourceSyncStatus = (typeof resourceSyncStatuses)[number]

/** Argo CD's sync phases, in the order a sync runs them (SyncFail only on failure). */
export const syncPhases = ['PreSync', 'Sync', 'PostSync', 'SyncFail'] as const
export type SyncPhase = (typeof syncPhases)[number]

/** How live objects name their app (Argo CD's application.resourceTrackingMethod). */
export const trackingMethods = ['annotation', 'label', 'annotation+label'] as const
export type TrackingMethod = (typeof trackingMethods)[number]

/** An operation's phase: Running (Terminating still runs), then a final one. */
export const operationPhases = ['Running', 'Succeeded', 'Failed', 'Error', 'Terminating'] as const
export type OperationPhase = (typeof operationPhases)[number]

/** What an operation does: a sync, or a rollback to a history entry. */
export const operationKinds = ['sync', 'rollback'] as const
export type OperationKind = (typeof operationKinds)[number]

/** What a sync does with one resource: apply it, run it as a hook, or prune it. */
export const taskActions = ['apply', 'hook', 'prune'] as const
export type TaskAction = (typeof taskActions)[number]

/** One resource's result in an operation (Pending: not reached yet). */
export const resultCodes = ['Synced', 'SyncFailed', 'Pruned', 'PruneSkipped', 'Pending'] as const
export type ResultCode = (typeof resultCodes)[number]
/** What a dry run found a resource would become (Argo CD's created / configured / unchanged / pruned, with "(dry run)"). */
export const dryRunOutcomes = ['created', 'configured', 'unchanged', 'pruned'] as const
export type DryRunOutcome = (typeof dryRunOutcomes)[number]

/** How deleting one live resource treats its dependents (Kubernetes' propagation policies, as Argo CD's resource menu offers them). */
export const propagationPolicies = ['foreground', 'background', 'orphan'] as const
export type PropagationPolicy = (typeof propagationPolicies)[number]

/** The kinds of resource customization the settings hold, as argocd-cm's split keys name them. */
export const customizationTypes = ['health', 'ignoreDifferences', 'actions'] as const
export type CustomizationType = (typeof customizationTypes)[number]

/** Who started an operation: a person in the app, the command line, or the reconcile loop. */
export const operationInitiators = ['user', 'cli', 'auto-sync'] as const
export type OperationInitiator = (typeof operationInitiators)[number]

/**
 * What deleting an app does to its resources, as Argo CD's resources finalizer says:
 * foreground (`resources-finalizer.argocd.argoproj.io`), background (`…/background`) or none.
 */
export const cascades = ['foreground', 'background', 'none'] as const
export type Cascade = (typeof cascades)[number]

/** How a started deletion stands: running, or stopped with an error (waiting to be retried or cancelled). */
export const deletionPhases = ['Deleting', 'Failed'] as const
export type DeletionPhase = (typeof deletionPhases)[number]

/** How a diff predicts the target: a server-side dry run, or client-side (a three-way merge). */
export const compareModes = ['server-side', 'client-side'] as const
export type CompareMode = (typeof compareModes)[number]

/** A repository's credentials: for one repository, or (Argo CD's repo-creds) for every URL with the prefix. */
export const repoScopes = ['repository', 'template'] as const
export type RepoScope = (typeof repoScopes)[number]

/** A Git repository, or a Helm chart repository (an OCI registry with enableOCI). */
export const repoTypes = ['git', 'helm'] as const
export type RepoType = (typeof repoTypes)[number]

export const themes = ['system', 'light', 'dark'] as const
export type Theme = (typeof themes)[number]
