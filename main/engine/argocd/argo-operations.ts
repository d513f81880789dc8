import type { SyncIntent } from '../../../shared/model'
import type { Cascade } from '../../../shared/statuses'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { parseResourceKey } from '../../../shared/resource-key'

// What Argo CD's API server writes on an Application for each command (server/application/
// application.go, v3.2.11), written here the same way through the Kubernetes API, as `argocd
// --core` does. Pure: each returns the change; the service writes it.

export const refreshAnnotation = 'argocd.argoproj.io/refresh'
export const hydrateAnnotation = 'argocd.argoproj.io/hydrate'
/** Argo CD's resources finalizer (a foreground cascade), and its propagation variants. */
export const resourcesFinalizer = 'resources-finalizer.argocd.argoproj.io'
const propagationFinalizers = [resourcesFinalizer, `${resourcesFinalizer}/foreground`, `${resourcesFinalizer}/background`]

interface RawApp {
  metadata: K8sObject['metadata']
  spec?: { source?: unknown; sources?: unknown[]; syncPolicy?: { syncOptions?: string[]; retry?: unknown; automated?: { enabled?: boolean } | null } }
  operation?: unknown
  status?: { operationState?: { phase?: string }; history?: { id?: number; revision?: string; revisions?: string[]; source?: unknown; sources?: unknown[] }[] }
}

const raw = (obj: K8sObject) => obj as unknown as RawApp
const automatedOn = (app: RawApp) => !!app.spec?.syncPolicy?.automated && app.spec.syncPolicy.automated.enabled !== false

/** Argo CD refuses a new operation while one is written (argo.SetAppOperation) or the app is deleting. */
function requireIdle(obj: K8sObject, what: string): void {
  if (obj.metadata.deletionTimestamp) throw new UserError('Conflict', `cannot ${what} ${obj.metadata.name}: application is deleting`, obj.metadata.name)
  if (raw(obj).operation) throw new UserError('Conflict', `cannot ${what} ${obj.metadata.name}: another operation is already in progress`, obj.metadata.name)
}

/** A source's revision as the sync asks for it, before resolving (getAmbiguousRevision). */
export interface AmbiguousRevision {
  repoURL: string
  revision: string
  /** A Helm chart's version (Argo CD's repo server resolves it too; the desk leaves it to the controller). */
  chart: boolean
}

/**
 * What each source is to be synced to, as the user said it: the sync's revision, else the
 * source's targetRevision (Argo CD's API server then resolves each to a commit).
 */
export function ambiguousRevisions(obj: K8sObject, intent: SyncIntent): AmbiguousRevision[] {
  const spec = raw(obj).spec ?? {}
  const sources = (spec.sources?.length ? spec.sources : [spec.source ?? {}]) as { repoURL?: string; targetRevision?: string; chart?: string }[]
  return sources.map((s) => ({ repoURL: s.repoURL ?? '', revision: intent.revision || s.targetRevision || '', chart: !!s.chart }))
}

/**
 * The merge patch that starts a sync, as Server.Sync builds its Operation: the source (single
 * source apps), the revision resolved (one per source for a multi-source app), prune and dry run
 * when set, the sync options (the sync's replace the app's, as the API server does with a
 * request's options), the hook strategy with force, the chosen resources, the retry (the sync's,
 * else the app's; an empty one as Go writes it), initiatedBy the user. The previous
 * operationState is cleared and the patch is conditional on the version read.
 */
export function syncPatch(obj: K8sObject, intent: SyncIntent, username: string, resolved: string[]): Record<string, unknown> {
  requireIdle(obj, 'sync')
  const app = raw(obj)
  const spec = app.spec ?? {}
  const multi = !!spec.sources?.length
  const syncOptions = intent.syncOptions ?? spec.syncPolicy?.syncOptions ?? []
  const resources = (intent.resources ?? []).map((key) => {
    const { group, kind, namespace, name } = parseResourceKey(key)
    // (Go leaves out an empty group and namespace)
    return { ...(group ? { group } : {}), kind, name, ...(namespace ? { namespace } : {}) }
  })
  const retry = intent.retry ? { limit: intent.retry.limit, ...(intent.retry.backoff ? { backoff: intent.retry.backoff } : {}) } : (spec.syncPolicy?.retry ?? {})
  const sync = {
    ...(multi ? {} : { source: spec.source, ...(resolved[0] ? { revision: resolved[0] } : {}) }),
    ...(intent.prune ? { prune: true } : {}),
    ...(intent.dryRun ? { dryRun: true } : {}),
    syncStrategy: { hook: intent.force ? { force: true } : {} },
    ...(resources.length ? { resources } : {}),
    ...(syncOptions.length ? { syncOptions } : {}),
    ...(multi ? { sources: spec.sources, revisions: resolved } : {}),
  }
  const operation = { sync, initiatedBy: { username }, retry }
  return { metadata: { resourceVersion: obj.metadata.resourceVersion }, operation, status: { operationState: null } }
}

/**
 * The merge patch of a rollback, as Server.Rollback: a sync of the history entry's source and
 * revision with the apply strategy (no hooks), the app's sync options; refused while auto-sync is
 * on, as Argo CD refuses it.
 */
export function rollbackPatch(obj: K8sObject, historyId: number, options: { prune?: boolean; dryRun?: boolean }, username: string): Record<string, unknown> {
  requireIdle(obj, 'roll back')
  const app = raw(obj)
  const name = obj.metadata.name
  if (automatedOn(app)) throw new UserError('Invalid', `rollback cannot be initiated when auto-sync is enabled (${name})`, 'spec.syncPolicy.automated')
  const entry = (app.status?.history ?? []).find((h) => h.id === historyId)
  if (!entry) throw new UserError('NotFound', `application ${obj.metadata.namespace}/${name} does not have deployment with id ${historyId}`, `${name} history`)
  if (!entry.source && !entry.sources?.length) throw new UserError('Invalid', 'cannot rollback to revision deployed with Argo CD v0.11 or lower. sync to revision instead.', `${name} history ${historyId}`)
  // As Go writes the Operation: false and empty fields left out, but the source always (a
  // multi-source entry's is empty, with only its required repoURL) and an empty retry.
  const sync = {
    ...(entry.revision ? { revision: entry.revision } : {}),
    ...(options.prune ? { prune: true } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    syncStrategy: { apply: {} },
    source: entry.source ?? { repoURL: '' },
    ...(app.spec?.syncPolicy?.syncOptions?.length ? { syncOptions: app.spec.syncPolicy.syncOptions } : {}),
    ...(entry.sources?.length ? { sources: entry.sources } : {}),
    ...(entry.revisions?.length ? { revisions: entry.revisions } : {}),
  }
  return { metadata: { resourceVersion: obj.metadata.resourceVersion }, operation: { sync, initiatedBy: { username }, retry: {} }, status: { operationState: null } }
}

/** The refresh annotations Argo CD's API server sets (argo.RefreshApp with hydrate): the controller compares again and removes them. */
export function refreshPatch(hard: boolean): Record<string, unknown> {
  return { metadata: { annotations: { [refreshAnnotation]: hard ? 'hard' : 'normal', [hydrateAnnotation]: 'normal' } } }
}

/** Terminate, as Server.TerminateOperation: the running operation's phase becomes Terminating; the controller stops it. */
export function terminatePatch(obj: K8sObject): Record<string, unknown> {
  const app = raw(obj)
  if (!app.operation || !app.status?.operationState) throw new UserError('Invalid', `Unable to terminate operation. No operation is in progress (${obj.metadata.name})`, obj.metadata.name)
  return { metadata: { resourceVersion: obj.metadata.resourceVersion }, status: { operationState: { phase: 'Terminating' } } }
}

/**
 * The finalizers a deletion sets before it deletes the Application, as Server.Delete: a cascade
 * adds Argo CD's resources finalizer (foreground: the plain one, as `argocd app delete` without a
 * propagation policy; background: its /background variant) unless one is there; no cascade takes
 * every propagation finalizer off. Null: nothing to change.
 */
export function deletionFinalizers(obj: K8sObject, cascade: Cascade): string[] | null {
  const current = (obj.metadata.finalizers as string[] | undefined) ?? []
  if (cascade === 'none') {
    const kept = current.filter((f) => !propagationFinalizers.includes(f))
    return kept.length === current.length ? null : kept
  }
  const wanted = cascade === 'background' ? `${resourcesFinalizer}/background` : resourcesFinalizer
  if (current.includes(wanted) || obj.metadata.deletionTimestamp) return null
  return [...current, wanted]
}
