import type { ApplyOptions, KubeApi, PropagationPolicy } from '../kube/kube-api'
import type { K8sObject } from '../kube/objects'
import type { SyncPhase, SyncTask } from './plan'
import { optionOf } from './sync-options'

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
 * Applies one task the way its sync options say: Replace=true (PUT), ServerSideApply=false or
 * Validate=false (client-side apply), else server-side apply.
 */
export async function applyTask(client: KubeApi, task: SyncTask, appSyncOptions: readonly string[], options: { dryRun: boolean; force: boolean }): Promise<void> {
  const all = taskOptions(appSyncOptions, task)
  const validate = optionOf(all, 'Validate') !== 'false'
  const apply: ApplyOptions = { dryRun: options.dryRun, force: options.force, validate }
  // A server-side apply checks the schema whatever fieldValidation says ("field not declared in
  // schema"), so Validate=false applies client-side, as Argo CD's default kubectl apply does.
  if (optionOf(all, 'Replace') === 'true') await client.replace(task.obj, apply)
  else if (optionOf(all, 'ServerSideApply') === 'false' || !validate) await client.clientSideApply(task.obj, apply)
  else await client.apply(task.obj, apply)
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
  const own = (live.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '').split(',').map((o) => o.trim())
  return optionOf([...appSyncOptions, ...own], 'Prune') === 'confirm'
}

export function propagationOf(syncOptions: readonly string[]): PropagationPolicy {
  const value = optionOf(syncOptions, 'PrunePropagationPolicy')
  return value === 'background' ? 'Background' : value === 'orphan' ? 'Orphan' : 'Foreground'
}
