import { resourceKey, type K8sObject } from '../base/objects'
import { optionOf, syncOptionsOf } from '../base/annotation-options'
import type { KubeApi } from '../kube/kube-api'
import { acceptedAsIs } from './accepted-body'
import { admissionResources, type CheckedResource } from './admission-rules'
import { hookPhases, type SyncTask } from './plan'
import type { SyncRequest } from './request'
import { applyModeOf } from './tasks'

/**
 * The keys of the targets whose server dry run a local check may stand for: a new v1 ConfigMap or
 * Opaque Secret (nothing live under its key) applied server-side and validated, not a hook, not
 * Force=true, whose body the API server takes as it is (accepted-body.ts). Whether the cluster
 * may still refuse it for a reason its body does not show is asked once per sync, when it runs
 * (locallyChecked).
 */
export function localCheckCandidates(targets: K8sObject[], liveOf: (key: string) => K8sObject | null, appSyncOptions: readonly string[]): Set<string> {
  const candidates = new Set<string>()
  for (const target of targets) {
    const options = syncOptionsOf(target)
    if (hookPhases(target).length > 0 || applyModeOf([...appSyncOptions, ...options]) !== 'server-side' || optionOf(options, 'Force') === 'true') continue
    const key = resourceKey(target)
    if (!liveOf(key) && acceptedAsIs(target)) candidates.add(key)
  }
  return candidates
}

const resourceOf = (obj: K8sObject): CheckedResource => (obj.kind === 'Secret' ? 'secrets' : 'configmaps')

/**
 * Of a real sync's candidate tasks (localCheckCandidates, not already reused from a compare),
 * those the cluster cannot refuse for a reason their bodies do not show, asked with a handful of
 * requests: no admission webhook or policy that may see their resource, and per namespace no
 * ResourceQuota, the namespace there and not terminating (CreateNamespace made it before), and a
 * SelfSubjectAccessReview allowing create and patch of the resource. Any failure or doubt: none
 * (the server dry-runs them all). A dry-run sync always asks the server.
 */
export async function locallyChecked(client: KubeApi, request: SyncRequest, tasks: SyncTask[]): Promise<Set<string>> {
  const candidates = request.dryRun || request.force ? [] : tasks.filter((t) => t.action === 'apply' && request.localCandidates?.has(t.key) && !request.freshDryRuns?.has(t.key))
  if (candidates.length === 0) return new Set()
  try {
    const admitted = await admissionResources(client)
    const open = candidates.filter((t) => !admitted.has(resourceOf(t.obj)))
    const pairs = new Map<string, Promise<boolean>>()
    const namespaces = new Map<string, Promise<boolean>>()
    const allowed = (obj: K8sObject) => {
      const namespace = obj.metadata.namespace!
      if (!namespaces.has(namespace)) namespaces.set(namespace, namespaceOpen(client, namespace))
      const pair = `${namespace}/${resourceOf(obj)}`
      if (!pairs.has(pair)) pairs.set(pair, namespaces.get(namespace)!.then((ok) => ok && mayWrite(client, namespace, resourceOf(obj))))
      return pairs.get(pair)!
    }
    const verdicts = await Promise.all(open.map((t) => allowed(t.obj)))
    return new Set(open.filter((_, i) => verdicts[i]).map((t) => t.key))
  } catch {
    return new Set() // in doubt: the server dry-runs them
  }
}

/** The namespace exists, is not terminating, and has no ResourceQuota (a quota may refuse a create). */
async function namespaceOpen(client: KubeApi, name: string): Promise<boolean> {
  const namespace = await client.get({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
  if (!namespace || namespace.metadata.deletionTimestamp || (namespace.status as { phase?: string } | undefined)?.phase === 'Terminating') return false
  return (await client.list('v1', 'ResourceQuota', name)).items.length === 0
}

/** Whether we may create and patch (a server-side apply that creates) this resource in the namespace. */
async function mayWrite(client: KubeApi, namespace: string, resource: CheckedResource): Promise<boolean> {
  const review = (verb: string) => client.create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec: { resourceAttributes: { namespace, verb, group: '', version: 'v1', resource } } })
  const answers = await Promise.all(['create', 'patch'].map(review))
  return answers.every((answer) => (answer.status as { allowed?: unknown } | undefined)?.allowed === true && (answer.status as { denied?: unknown }).denied !== true)
}
