import { groupOf, resourceKey, type K8sObject } from '../base/objects'
import { optionOf, syncOptionsOf } from '../base/annotation-options'

import { syncPhases as phases, type SyncPhase, type TaskAction } from '../../../shared/statuses'

export type { SyncPhase, TaskAction }

export interface SyncTask {
  key: string
  action: TaskAction
  phase: SyncPhase
  wave: number
  /** What to apply (apply, hook) or what to delete (prune). */
  obj: K8sObject
  /** Hook delete policies (Argo CD's names; Helm's are mapped). */
  deletePolicies: string[]
  /** Per-resource sync options from the argocd.argoproj.io/sync-options annotation. */
  syncOptions: string[]
}

// Argo CD's kind order; kinds not listed come after, by name.
const kindOrder = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount',
  'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition',
  'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding',
  'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
]
const kindRank = (kind: string) => {
  const index = kindOrder.indexOf(kind)
  return index < 0 ? kindOrder.length : index
}

const annotation = (obj: K8sObject, name: string) => obj.metadata.annotations?.[name]
const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)

const helmPhases: Record<string, SyncPhase> = { 'pre-install': 'PreSync', 'pre-upgrade': 'PreSync', 'post-install': 'PostSync', 'post-upgrade': 'PostSync' }
const helmDeletePolicies: Record<string, string> = { 'before-hook-creation': 'BeforeHookCreation', 'hook-succeeded': 'HookSucceeded', 'hook-failed': 'HookFailed' }

/** The hook phases of an object ([] when it is not a hook; ['Skip'] when it must not be synced). */
export function hookPhases(obj: K8sObject): (SyncPhase | 'Skip')[] {
  const argo = list(annotation(obj, 'argocd.argoproj.io/hook'))
  if (argo.length) return argo.filter((p): p is SyncPhase | 'Skip' => (phases as readonly string[]).includes(p) || p === 'Skip')
  const helm = list(annotation(obj, 'helm.sh/hook'))
  // Helm hooks of other events (test, pre-delete, post-rollback…) take no part in a sync.
  if (helm.length) {
    const mapped = [...new Set(helm.map((h) => helmPhases[h]).filter((p): p is SyncPhase => p !== undefined))]
    return mapped.length ? mapped : ['Skip']
  }
  return []
}

/** `argocd.argoproj.io/sync-wave`, else `helm.sh/hook-weight`, else 0. */
export function waveOf(obj: K8sObject): number {
  const text = annotation(obj, 'argocd.argoproj.io/sync-wave') ?? annotation(obj, 'helm.sh/hook-weight')
  const wave = text === undefined ? 0 : Number.parseInt(text, 10)
  return Number.isFinite(wave) ? wave : 0
}

function deletePoliciesOf(obj: K8sObject): string[] {
  const argo = list(annotation(obj, 'argocd.argoproj.io/hook-delete-policy'))
  if (argo.length) return argo
  const helm = list(annotation(obj, 'helm.sh/hook-delete-policy')).map((p) => helmDeletePolicies[p]).filter((p): p is string => !!p)
  return helm.length ? helm : ['BeforeHookCreation']
}

export interface PlanOptions {
  /** The commit being synced: names generateName hooks, as Argo CD does. */
  revision: string
  startedAt: Date
  /** Selective sync: only these keys, and no hooks. */
  only?: Set<string>
  /** Run no hooks (a rollback). */
  noHooks?: boolean
  /** ApplyOutOfSyncOnly=true: apply only these keys (the ones that differ); hooks still run. */
  applyOnly?: Set<string>
  /** The app's (and this sync's) options: PruneLast=true there prunes everything last; a resource's own option wins. */
  appSyncOptions?: readonly string[]
}

/**
 * The tasks of a sync in Argo CD's order: phase, wave, then prunes before applies, kind order,
 * name. Prune tasks run in reverse wave order, PruneLast after the last wave. Pure.
 */
export function planSync(targets: K8sObject[], prunes: K8sObject[], options: PlanOptions): SyncTask[] {
  const tasks: SyncTask[] = []
  for (const obj of targets) {
    const hooks = hookPhases(obj)
    if (hooks.includes('Skip')) continue
    const syncOptions = syncOptionsOf(obj)
    if (hooks.length === 0) {
      if (options.only && !options.only.has(resourceKey(obj))) continue
      if (options.applyOnly && !options.applyOnly.has(resourceKey(obj))) continue
      tasks.push({ key: resourceKey(obj), action: 'apply', phase: 'Sync', wave: waveOf(obj), obj, deletePolicies: [], syncOptions })
      continue
    }
    if (options.only || options.noHooks) continue // hooks do not run in a selective sync or a rollback
    for (const phase of hooks as SyncPhase[]) {
      const named = obj.metadata.name ? obj : { ...obj, metadata: { ...obj.metadata, name: hookName(obj, phase, options) } }
      tasks.push({ key: resourceKey(named), action: 'hook', phase, wave: waveOf(obj), obj: named, deletePolicies: deletePoliciesOf(obj), syncOptions })
    }
  }
  const lastWave = Math.max(0, ...tasks.filter((t) => t.phase === 'Sync').map((t) => t.wave))
  for (const obj of prunes) {
    if (options.only && !options.only.has(resourceKey(obj))) continue
    const syncOptions = syncOptionsOf(obj)
    // Reverse wave order: a prune in wave w runs in wave -w, so later waves go first.
    const wave = optionOf([...(options.appSyncOptions ?? []), ...syncOptions], 'PruneLast') === 'true' ? lastWave + 1 : -waveOf(obj)
    tasks.push({ key: resourceKey(obj), action: 'prune', phase: 'Sync', wave, obj, deletePolicies: [], syncOptions })
  }
  return tasks.sort(compareTasks)
}

function hookName(obj: K8sObject, phase: SyncPhase, options: PlanOptions): string {
  const prefix = String(obj.metadata.generateName ?? '')
  return `${prefix}${options.revision.slice(0, 7)}-${phase.toLowerCase()}-${Math.floor(options.startedAt.getTime() / 1000)}`
}

function compareTasks(a: SyncTask, b: SyncTask): number {
  return (
    phases.indexOf(a.phase) - phases.indexOf(b.phase) ||
    a.wave - b.wave ||
    Number(b.action === 'prune') - Number(a.action === 'prune') ||
    kindRank(a.obj.kind) - kindRank(b.obj.kind) ||
    groupOf(a.obj.apiVersion).localeCompare(groupOf(b.obj.apiVersion)) ||
    (a.obj.metadata.namespace ?? '').localeCompare(b.obj.metadata.namespace ?? '') ||
    (a.obj.metadata.name ?? '').localeCompare(b.obj.metadata.name ?? '')
  )
}

/** Which part of the app a sync applies: the selected resources, the out-of-sync ones (ApplyOutOfSyncOnly), or all (null). */
export function partOfApp(plan: PlanOptions, targets: K8sObject[]): 'selected' | 'out of sync only' | null {
  if (plan.only) return 'selected'
  const { applyOnly } = plan
  return applyOnly && targets.some((t) => hookPhases(t).length === 0 && !applyOnly.has(resourceKey(t))) ? 'out of sync only' : null
}

/** Argo CD's message for a full sync; a partial one says how much of the app it synced. */
export function succeededMessage(plan: PlanOptions, tasks: SyncTask[], targets: K8sObject[]): string {
  const part = partOfApp(plan, targets)
  if (!part) return 'successfully synced (all tasks run)'
  const synced = tasks.filter((t) => t.action !== 'hook').length
  return `successfully synced ${synced} of ${targets.filter((t) => hookPhases(t).length === 0).length} resources (${part})`
}
