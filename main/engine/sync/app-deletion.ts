import pLimit from 'p-limit'
import type { AppDeletion, Cascade, DeleteIntent } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import { UserError } from '../base/errors'
import type { KubeApi } from '../kube/kube-api'
import { resourceKey, type K8sObject } from '../base/objects'
import { waveOf } from './plan'
import { optionOf, syncOptionsOf } from '../base/annotation-options'

/** Argo CD's resources finalizer: deleting the Application deletes its resources first. */
export const resourcesFinalizer = 'resources-finalizer.argocd.argoproj.io'

/** What deleting this app does to its resources, from its finalizers (as Argo CD reads them). */
export function cascadeOf(app: Application): Cascade {
  const finalizers = app.metadata.finalizers ?? []
  if (finalizers.includes(`${resourcesFinalizer}/background`)) return 'background'
  if (finalizers.includes(resourcesFinalizer) || finalizers.includes(`${resourcesFinalizer}/foreground`)) return 'foreground'
  return 'none'
}

/** Why a live object outlives its app's deletion (Argo CD's shouldBeDeleted), or undefined. */
export function keptBecause(obj: K8sObject): string | undefined {
  if (obj.kind === 'CustomResourceDefinition') return 'a CustomResourceDefinition is never deleted with an app (its custom resources would go too)'
  if (optionOf(syncOptionsOf(obj), 'Delete') === 'false') return 'Delete=false'
  if (obj.metadata.annotations?.['helm.sh/resource-policy'] === 'keep') return 'helm.sh/resource-policy: keep'
  return undefined
}

/** Delete=confirm: deleting this object with its app needs its own confirmation. */
export const deleteNeedsConsent = (obj: K8sObject): boolean => optionOf(syncOptionsOf(obj), 'Delete') === 'confirm'

export interface DeletionPlan {
  /** Highest sync wave first, as Argo CD deletes: each wave gone before the next. */
  waves: K8sObject[][]
  kept: { key: string; reason: string }[]
}

/**
 * Checks the consents a cascading deletion needs (the resources at all; a protected context's
 * typed name; Delete=confirm resources) and orders what goes. Throws before anything is deleted.
 */
export function planDeletion(app: string, live: K8sObject[], intent: DeleteIntent, context: string, protectedContexts: readonly string[]): DeletionPlan {
  const consent = intent.consent ?? {}
  const kept: DeletionPlan['kept'] = []
  const doomed: K8sObject[] = []
  for (const obj of live) {
    const reason = keptBecause(obj)
    if (reason) kept.push({ key: resourceKey(obj), reason })
    else doomed.push(obj)
  }
  if (doomed.length > 0 && !consent.resources) {
    throw new UserError('Forbidden', `deleting ${app} also deletes its ${doomed.length} resources from ${context} (its resources finalizer, or the cascade asked for): confirm that (--cascade on the command line), or keep them (--cascade=false)`, app)
  }
  if (consent.context !== undefined && consent.context !== context) throw new UserError('Forbidden', `the confirmation "${consent.context}" does not match the destination context ${context}`, context)
  if (doomed.length > 0 && protectedContexts.includes(context) && consent.context !== context) {
    throw new UserError('Forbidden', `${context} is a protected context: confirm deleting ${app}'s resources by typing its name (--yes on the command line)`, context)
  }
  const confirm = doomed.filter(deleteNeedsConsent)
  if (confirm.length > 0 && !consent.deletes) {
    throw new UserError('Forbidden', `${confirm.map(resourceKey).join(', ')} ${confirm.length === 1 ? 'asks' : 'ask'} for confirmation before deletion (Delete=confirm): confirm these deletes (--confirm-delete on the command line)`, app)
  }
  const waves = [...new Set(doomed.map(waveOf))].sort((a, b) => b - a).map((wave) => doomed.filter((o) => waveOf(o) === wave))
  return { waves, kept }
}

export interface DeletionRunOptions {
  pollMs?: number
  timeoutMs?: number
  /** Told each step (a wave deleted, a wave gone), to record it as an app event. */
  onStep?: (message: string) => void
  /** Asked between polls: true stops the deletion (the user cancelled it). */
  cancelled?: () => boolean
}

/** Deletes the planned waves, each one gone from the cluster before the next starts. */
export async function runDeletion(client: KubeApi, plan: DeletionPlan, cascade: Exclude<Cascade, 'none'>, options: DeletionRunOptions = {}): Promise<string[]> {
  const limit = pLimit(16)
  const policy = cascade === 'background' ? 'Background' : 'Foreground'
  const deleted: string[] = []
  for (const wave of plan.waves) {
    if (options.cancelled?.()) throw new UserError('Conflict', 'the deletion was cancelled', 'deletion')
    await Promise.all(wave.map((obj) => limit(() => client.delete(obj, policy))))
    deleted.push(...wave.map(resourceKey))
    options.onStep?.(`deleting sync wave ${waveOf(wave[0]!)} (${cascade}): ${wave.map(resourceKey).join(', ')}`)
    const deadline = Date.now() + (options.timeoutMs ?? 300_000)
    for (;;) {
      const remaining = (await Promise.all(wave.map((obj) => limit(() => client.get(obj))))).filter((o): o is K8sObject => o !== null)
      if (remaining.length === 0) break
      if (options.cancelled?.()) throw new UserError('Conflict', 'the deletion was cancelled', 'deletion')
      if (Date.now() > deadline) throw new UserError('Unavailable', `still waiting for ${remaining.map(heldBy).join(', ')} to be deleted; the app is kept`, resourceKey(remaining[0]!))
      await new Promise((r) => setTimeout(r, options.pollMs ?? 1000))
    }
    options.onStep?.(`sync wave ${waveOf(wave[0]!)} is gone from the cluster`)
  }
  return deleted
}

export type { AppDeletion }

/** A resource that does not go, and what holds it when the cluster says (its finalizers). */
function heldBy(obj: K8sObject): string {
  const listed: unknown = obj.metadata.finalizers
  const finalizers = Array.isArray(listed) ? listed.map(String) : []
  return finalizers.length ? `${resourceKey(obj)} (held by finalizer ${finalizers.join(', ')})` : resourceKey(obj)
}
