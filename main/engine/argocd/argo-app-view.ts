import YAML from 'yaml'
import type { AppSummary } from '../../../shared/model'
import type { ArgoApp, ArgoHistoryEntry, ArgoOperationState, ArgoResource } from '../../../shared/argocd-model'
import { healthStatuses, syncStatuses, type HealthStatus, type SyncStatus } from '../../../shared/statuses'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { needsAttention } from '../reconcile/attention'

/** Argo CD's default namespace: an instance there is named by its context alone. */
export const defaultArgoNamespace = 'argocd'

/** `argocd@CONTEXT`, or `argocd@CONTEXT/NAMESPACE` outside the default namespace. */
export const instanceId = (context: string, namespace: string): string => (namespace === defaultArgoNamespace ? `argocd@${context}` : `argocd@${context}/${namespace}`)

/** An Argo CD app's id: `INSTANCE/NAME`. */
export const argoAppId = (context: string, namespace: string, name: string): string => `${instanceId(context, namespace)}/${name}`

export { isArgoAppId } from '../../../shared/argocd-model'

/** The context, namespace and app an id names (`argocd@ctx/app`, `argocd@ctx/ns/app`). */
export function parseArgoAppId(id: string): { context: string; namespace: string; name: string } {
  const parts = id.startsWith('argocd@') ? id.slice('argocd@'.length).split('/') : []
  if (parts.length === 2 && parts.every(Boolean)) return { context: parts[0]!, namespace: defaultArgoNamespace, name: parts[1]! }
  if (parts.length === 3 && parts.every(Boolean)) return { context: parts[0]!, namespace: parts[1]!, name: parts[2]! }
  throw new UserError('Invalid', `"${id}" is not an Argo CD app: write argocd@CONTEXT/APP, or argocd@CONTEXT/NAMESPACE/APP outside the argocd namespace`, id)
}

/** The context and namespace an instance id names (`argocd@ctx`, `argocd@ctx/ns`). */
export function parseInstanceId(id: string): { context: string; namespace: string } {
  const parts = id.startsWith('argocd@') ? id.slice('argocd@'.length).split('/') : []
  if (parts.length === 1 && parts[0]) return { context: parts[0], namespace: defaultArgoNamespace }
  if (parts.length === 2 && parts.every(Boolean)) return { context: parts[0]!, namespace: parts[1]! }
  throw new UserError('Invalid', `"${id}" is not an Argo CD instance: write argocd@CONTEXT, or argocd@CONTEXT/NAMESPACE outside the argocd namespace`, id)
}

interface RawStatus {
  sync?: { status?: string; revision?: string }
  health?: { status?: string; message?: string }
  operationState?: RawOperationState
  conditions?: { type?: string; message?: string; lastTransitionTime?: string }[]
  history?: { id?: number; revision?: string; revisions?: string[]; deployedAt?: string; deployStartedAt?: string; initiatedBy?: { username?: string; automated?: boolean }; source?: RawSource; sources?: RawSource[] }[]
  resources?: { group?: string; version?: string; kind?: string; namespace?: string; name?: string; status?: string; health?: { status?: string; message?: string }; hook?: boolean; requiresPruning?: boolean }[]
  reconciledAt?: string
}
interface RawOperationState {
  phase?: string
  message?: string
  startedAt?: string
  finishedAt?: string
  retryCount?: number
  operation?: { initiatedBy?: { username?: string; automated?: boolean }; sync?: { revision?: string } }
  syncResult?: { revision?: string; resources?: { group?: string; kind?: string; namespace?: string; name?: string; status?: string; message?: string; hookPhase?: string; hookType?: string; syncPhase?: string }[] }
}
interface RawSource {
  repoURL?: string
  path?: string
  chart?: string
  targetRevision?: string
}
interface RawSpec {
  project?: string
  source?: RawSource
  sources?: RawSource[]
  destination?: { server?: string; name?: string; namespace?: string }
  syncPolicy?: { automated?: { enabled?: boolean } | null }
}

const key = (r: { group?: string; kind?: string; namespace?: string; name?: string }) => `${r.group ?? ''}/${r.kind ?? ''}/${r.namespace ?? ''}/${r.name ?? ''}`
const sourceText = (s: RawSource | undefined) => (s ? `${s.repoURL ?? ''} ${s.chart ?? s.path ?? ''}`.trim() : '')

function operationStateOf(op: RawOperationState | undefined): ArgoOperationState | null {
  if (!op?.phase) return null
  return {
    phase: op.phase,
    message: op.message ?? '',
    ...(op.startedAt ? { startedAt: op.startedAt } : {}),
    ...(op.finishedAt ? { finishedAt: op.finishedAt } : {}),
    initiatedBy: op.operation?.initiatedBy?.username ?? (op.operation?.initiatedBy?.automated ? 'automated sync policy' : ''),
    automated: !!op.operation?.initiatedBy?.automated,
    retryCount: op.retryCount ?? 0,
    revision: op.syncResult?.revision ?? op.operation?.sync?.revision ?? '',
    results: (op.syncResult?.resources ?? []).map((r) => ({ key: key(r), kind: r.kind ?? '', name: r.name ?? '', namespace: r.namespace ?? '', status: r.status ?? '', message: r.message ?? '', ...(r.hookPhase ? { hookPhase: r.hookPhase } : {}), ...(r.hookType ? { hookType: r.hookType } : {}), ...(r.syncPhase ? { syncPhase: r.syncPhase } : {}) })),
  }
}

/**
 * An Application as `argocd app get --core` shows it: every status field copied from what Argo
 * CD's controller wrote (sync, health, operation state, conditions, history, resources); nothing
 * is compared or judged here. Pure.
 */
export function argoAppOf(obj: K8sObject, context: string): ArgoApp {
  const namespace = obj.metadata.namespace ?? defaultArgoNamespace
  const name = obj.metadata.name ?? ''
  const spec = ((obj as { spec?: RawSpec }).spec ?? {}) as RawSpec
  const status = ((obj as { status?: RawStatus }).status ?? {}) as RawStatus
  const source = spec.source ?? spec.sources?.[0]
  const history: ArgoHistoryEntry[] = (status.history ?? []).map((h) => ({
    id: h.id ?? 0,
    revision: h.revision ?? h.revisions?.[0] ?? '',
    ...(h.revisions ? { revisions: h.revisions } : {}),
    deployedAt: h.deployedAt ?? '',
    ...(h.deployStartedAt ? { deployStartedAt: h.deployStartedAt } : {}),
    initiatedBy: h.initiatedBy?.username ?? (h.initiatedBy?.automated ? 'automated sync policy' : ''),
    source: h.sources?.length ? h.sources.map(sourceText).join(', ') : sourceText(h.source),
  }))
  const resources: ArgoResource[] = (status.resources ?? []).map((r) => ({
    key: key(r),
    group: r.group ?? '',
    version: r.version ?? '',
    kind: r.kind ?? '',
    namespace: r.namespace ?? '',
    name: r.name ?? '',
    status: r.status ?? '',
    ...(r.health?.status ? { health: r.health.status } : {}),
    ...(r.health?.message ? { healthMessage: r.health.message } : {}),
    hook: !!r.hook,
    requiresPruning: !!r.requiresPruning,
  }))
  const automated = spec.syncPolicy?.automated
  return {
    id: argoAppId(context, namespace, name),
    instance: instanceId(context, namespace),
    context,
    namespace,
    name,
    project: spec.project ?? 'default',
    repoURL: source?.repoURL ?? '',
    path: source?.chart ?? source?.path ?? '',
    targetRevision: source?.targetRevision ?? 'HEAD',
    destination: spec.destination ?? {},
    sync: { status: status.sync?.status ?? 'Unknown', revision: status.sync?.revision ?? '' },
    health: { status: status.health?.status ?? 'Unknown', message: status.health?.message ?? '' },
    operationRequested: !!(obj as { operation?: unknown }).operation,
    operationState: operationStateOf(status.operationState),
    conditions: (status.conditions ?? []).map((c) => ({ type: c.type ?? '', message: c.message ?? '', ...(c.lastTransitionTime ? { lastTransitionTime: c.lastTransitionTime } : {}) })),
    history,
    resources,
    finalizers: [...((obj.metadata.finalizers as string[] | undefined) ?? [])],
    deleting: !!obj.metadata.deletionTimestamp,
    autoSync: !!automated && automated.enabled !== false,
    ...(status.reconciledAt ? { reconciledAt: status.reconciledAt } : {}),
    specYaml: YAML.stringify({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name, namespace }, spec }),
  }
}

const asSync = (s: string): SyncStatus => ((syncStatuses as readonly string[]).includes(s) ? (s as SyncStatus) : 'Unknown')
const asHealth = (s: string): HealthStatus => ((healthStatuses as readonly string[]).includes(s) ? (s as HealthStatus) : 'Unknown')

/** Whether Argo CD is running an operation on the app (written, or running, or terminating). */
export const argoOperationRunning = (app: ArgoApp): boolean => app.operationRequested || app.operationState?.phase === 'Running' || app.operationState?.phase === 'Terminating'

/**
 * The row an Argo CD app has in the app list, beside local apps: named by its id, marked with its
 * instance, with Argo CD's sync and health. Pure.
 */
export function argoSummaryOf(app: ArgoApp): AppSummary {
  const sync = asSync(app.sync.status)
  const health = asHealth(app.health.status)
  const lastSync = app.history.at(-1)
  const finalizer = app.finalizers.find((f) => f.startsWith('resources-finalizer.argocd.argoproj.io'))
  return {
    name: app.id,
    project: app.project,
    repoURL: app.repoURL,
    path: app.path,
    targetRevision: app.targetRevision,
    destination: app.destination.name ?? app.destination.server ?? '',
    namespace: app.destination.namespace ?? '',
    status: {
      name: app.id,
      context: app.context,
      sync,
      revision: app.sync.revision,
      health,
      healthMessage: app.health.message,
      conditions: [],
      reconciledAt: app.reconciledAt ?? '',
      ...(lastSync ? { lastSync: { id: lastSync.id, revision: lastSync.revision, finishedAt: lastSync.deployedAt, user: lastSync.initiatedBy } } : {}),
      autoSync: app.autoSync,
      rollbackAllowed: !app.autoSync,
      pruneAllNeedsConsent: false,
      needsAttention: needsAttention({ sync, health, conditions: app.conditions.map((c) => ({ type: c.type as 'SyncError', message: c.message })) }),
    },
    operationRunning: argoOperationRunning(app),
    cascade: !finalizer ? 'none' : finalizer.endsWith('/background') ? 'background' : 'foreground',
    argocd: { instance: app.instance, name: app.name, ...(app.operationState ? { operationPhase: app.operationState.phase } : {}) },
  }
}
