import { UserError } from '../base/errors'
import type { ApplyOptions, KubeApi, PropagationPolicy } from '../kube/kube-api'
import type { ResourceResult } from '../../../shared/model'
import { resourceKey, type K8sObject } from '../base/objects'
import type { SyncRequest } from './request'
import type { SyncPhase, SyncTask } from './plan'
import { optionOf, syncOptionsAnnotation, syncOptionsOf } from '../base/annotation-options'

/** One phase's wave: the tasks that run together and are waited on together. */
export interface Wave {
  phase: SyncPhase
  wave: number
  tasks: SyncTask[]
}

export function groupWaves(tasks: SyncTask[]): Wave[] {
  const waves: Wave[] = []
  for (const task of tasks) {
    const last = waves.at(-1)
    if (last && last.phase === task.phase && last.wave === task.wave) last.tasks.push(task)
    else waves.push({ phase: task.phase, wave: task.wave, tasks: [task] })
  }
  return waves
}

/** Consecutive tasks of one kind (the plan is sorted by kind within a wave). */
export function byKind(tasks: SyncTask[]): SyncTask[][] {
  const groups: SyncTask[][] = []
  for (const task of tasks) {
    const last = groups.at(-1)
    if (last && last[0]!.obj.kind === task.obj.kind && last[0]!.obj.apiVersion === task.obj.apiVersion) last.push(task)
    else groups.push([task])
  }
  return groups
}

/** group/Kind that a CustomResourceDefinition defines. */
export function crdKind(crd: K8sObject): string {
  const spec = (crd as { spec?: { group?: string; names?: { kind?: string } } }).spec
  return `${spec?.group ?? ''}/${spec?.names?.kind ?? ''}`
}

/** The app's sync options, then the resource's own (which win). */
export const taskOptions = (appSyncOptions: readonly string[], task: SyncTask): string[] => [...appSyncOptions, ...task.syncOptions]

/**
 * How a task's options say it is applied: Replace=true (PUT), ServerSideApply=false or
 * Validate=false (client-side apply: a server-side apply checks the schema whatever
 * fieldValidation says, "field not declared in schema", so Validate=false applies client-side,
 * as Argo CD's default kubectl apply does), else server-side apply, validated, forced: the
 * request a compare's dry run makes.
 */
export function applyModeOf(options: readonly string[]): 'replace' | 'client-side' | 'server-side' {
  if (optionOf(options, 'Replace') === 'true') return 'replace'
  if (optionOf(options, 'ServerSideApply') === 'false' || optionOf(options, 'Validate') === 'false') return 'client-side'
  return 'server-side'
}

/**
 * Applies one task the way its sync options say: Replace=true (PUT), ServerSideApply=false or
 * Validate=false (client-side apply), else server-side apply, which takes over fields another
 * manager set (Argo CD applies with --force-conflicts, and its client-side apply overwrites).
 * A forced sync, or Force=true on the resource (as in Argo CD), deletes and re-creates the
 * object when the update is refused (an immutable field), or always with Replace=true, as
 * `kubectl apply/replace --force`.
 */
export async function applyTask(client: KubeApi, task: SyncTask, appSyncOptions: readonly string[], options: { dryRun: boolean; force: boolean }): Promise<K8sObject | null> {
  const all = taskOptions(appSyncOptions, task)
  const mode = applyModeOf(all)
  const apply: ApplyOptions = { dryRun: options.dryRun, force: true, validate: optionOf(all, 'Validate') !== 'false' }
  const recreate = options.force || optionOf(task.syncOptions, 'Force') === 'true'
  if (mode === 'replace' && recreate && !options.dryRun && (await client.get(task.obj))) return recreateObject(client, task.obj, apply)
  try {
    if (mode === 'replace') return await client.replace(task.obj, apply)
    if (mode === 'client-side') return await client.clientSideApply(task.obj, apply)
    return await client.apply(task.obj, apply)
  } catch (error) {
    if (!recreate || !(error instanceof UserError) || (error.code !== 'Invalid' && error.code !== 'Conflict')) throw error
    // A dry run cannot delete; the create that would follow is checked on its own.
    if (options.dryRun) return null
    return recreateObject(client, task.obj, apply)
  }
}

/** Deletes an object, waits until it is gone, and creates it again. */
async function recreateObject(client: KubeApi, obj: K8sObject, apply: ApplyOptions, timeoutMs = 120_000): Promise<K8sObject> {
  await client.delete(obj, 'Background')
  const deadline = Date.now() + timeoutMs
  while (await client.get(obj)) {
    if (Date.now() > deadline) throw new UserError('Unavailable', `Force=true: ${obj.kind} ${obj.metadata.name} is still being deleted (a finalizer?); it will be created again by the next sync`, obj.metadata.name)
    await new Promise((r) => setTimeout(r, 250))
  }
  return client.apply(obj, apply)
}

/** Whether a prune may go ahead: Prune=false never, Prune=confirm only with the user's consent. */
export function pruneDecision(appSyncOptions: readonly string[], task: SyncTask, confirmed: boolean): { prune: true } | { prune: false; message: string } {
  const prune = optionOf(taskOptions(appSyncOptions, task), 'Prune')
  if (prune === 'false') return { prune: false, message: 'ignored (no prune)' }
  if (prune === 'confirm' && !confirmed) return { prune: false, message: 'waiting for confirmation to prune (Prune=confirm): sync again and confirm these prunes' }
  return { prune: true }
}

/** Whether a live object asks for the user's consent before it is pruned (Prune=confirm). */
export function pruneNeedsConsent(appSyncOptions: readonly string[], live: K8sObject): boolean {
  return optionOf([...appSyncOptions, ...syncOptionsOf(live)], 'Prune') === 'confirm'
}

export function propagationOf(syncOptions: readonly string[]): PropagationPolicy {
  const value = optionOf(syncOptions, 'PrunePropagationPolicy')
  return value === 'background' ? 'Background' : value === 'orphan' ? 'Orphan' : 'Foreground'
}

/**
 * CreateNamespace=true: the destination namespace is created when missing; with
 * managedNamespaceMetadata its labels and annotations are applied on every sync (server-side,
 * so others' labels stay), as Argo CD does. Returns its result, or null when nothing was done.
 */
export async function syncNamespace(client: KubeApi, name: string, managed: SyncRequest['namespaceMetadata']): Promise<ResourceResult | null> {
  const ns: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }
  const exists = (await client.get(ns)) !== null
  if (exists && !managed) return null
  if (managed) {
    // Argo CD marks the namespace it manages so that it is always applied server-side.
    ns.metadata.labels = { ...managed.labels }
    ns.metadata.annotations = { ...managed.annotations, [syncOptionsAnnotation]: 'ServerSideApply=true' }
  }
  await client.apply(ns)
  return { key: resourceKey(ns), phase: 'PreSync', wave: 0, action: 'apply', code: 'Synced', message: exists ? 'namespace metadata applied' : 'namespace created' }
}
