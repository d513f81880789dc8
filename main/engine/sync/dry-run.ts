import { UserError } from '../base/errors'
import { groupOf, type K8sObject } from '../base/objects'
import { changedPaths } from '../diff/changed-paths'
import type { DryRunOutcome } from '../../../shared/model'
import type { KubeApi } from '../kube/kube-api'
import type { SyncTask } from './plan'
import type { SyncRequest } from './request'
import { crdKind } from './tasks'
import type { FanOut } from './fan-out'

/**
 * A real sync does not send again the dry run of an apply that a compare has just made (the API
 * server accepted it against the same live version, see fresh-dry-runs.ts); a dry-run sync
 * always asks the server.
 */
export const reusesDryRun = (request: SyncRequest, task: SyncTask): boolean => !request.dryRun && task.action === 'apply' && (request.freshDryRuns?.has(task.key) ?? false)

/**
 * A dry run of every apply and hook before anything changes (as Argo CD's sync does first);
 * each task that fails is reported to onFailed, and the count returned. What cannot be dry-run
 * yet is skipped: a custom resource whose CRD comes in the same sync, an object in a namespace
 * the sync creates; and so is one whose dry run a compare has just made (reusesDryRun) or a
 * local check stands for (`checked`, local-checks.ts).
 */
export async function dryRunTasks(client: KubeApi, request: SyncRequest, tasks: SyncTask[], apply: (task: SyncTask) => Promise<unknown>, onFailed: (task: SyncTask, message: string) => void, each: FanOut, checked: ReadonlySet<string> = new Set()): Promise<number> {
  const crdKinds = new Set(tasks.filter((t) => t.obj.kind === 'CustomResourceDefinition').map((t) => crdKind(t.obj)))
  // Objects in a namespace this sync creates cannot be dry-run before it exists.
  const newNamespaces = new Set(tasks.filter((t) => t.obj.kind === 'Namespace' && t.obj.apiVersion === 'v1').map((t) => t.obj.metadata.name))
  // A dry-run sync does not create the CreateNamespace namespace; what goes in it is skipped.
  const created = request.createNamespace
  if (created && request.dryRun && !(await client.get({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: created } }))) newNamespaces.add(created)
  let failed = 0
  await each(
    tasks.filter((task) => task.action !== 'prune' && !reusesDryRun(request, task) && !checked.has(task.key)),
    async (task) => {
      // A custom resource whose CRD comes in the same sync cannot be dry-run yet.
      if (crdKinds.has(`${groupOf(task.obj.apiVersion)}/${task.obj.kind}`)) return
      if (task.obj.metadata.namespace && newNamespaces.has(task.obj.metadata.namespace)) return
      try {
        await apply(task)
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        if (error.code === 'NotFound' && task.syncOptions.includes('SkipDryRunOnMissingResource=true')) return
        failed++
        onFailed(task, error.message)
      }
    },
  )
  return failed
}

/**
 * A dry run's answer for one apply, as `argocd app sync --dry-run` prints it: created when
 * nothing is live, configured with the fields that would change (the live object against the
 * server's prediction), or unchanged. A hook is created each sync.
 */
export async function dryRunOutcome(client: KubeApi, task: SyncTask, apply: (task: SyncTask) => Promise<K8sObject | null>): Promise<{ outcome: DryRunOutcome; changed?: string[] }> {
  const live = task.action === 'hook' ? null : await client.get(task.obj)
  const predicted = await apply(task)
  if (!live) return { outcome: 'created' }
  // No prediction: a forced sync would delete and create it again.
  const changed = predicted ? changedPaths(live, predicted) : ['(re-created)']
  return changed.length ? { outcome: 'configured', changed } : { outcome: 'unchanged' }
}
