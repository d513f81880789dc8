import { groupOf, resourceKey, type K8sObject } from '../base/objects'
import type { KubeApi } from '../kube/kube-api'
import { hookPhases } from './plan'
import { applyModeOf } from './tasks'
import { syncOptionsOf } from '../base/annotation-options'

/** What a sync asks of the dry runs a compare noted (diff/verified-dry-runs.ts). */
export interface DryRunLedger {
  /** When a still fresh server dry run of `target` against `live` was made on `context`, else undefined. */
  freshSince(context: string, target: K8sObject, live: K8sObject | null): number | undefined
}

// Kinds of these groups are served by the API server itself: their schema changes only with it.
const builtIn = (group: string) => !group.includes('.') || group.endsWith('.k8s.io')

/**
 * The keys of the targets the API server accepted in a dry run so recently that the sync need
 * not send it again: the ledger says it is fresh (same target and context, same live version),
 * the sync applies it as the compare dry-ran it (server-side, validated), and, for a custom
 * resource, its CRD has not changed since (one read per kind; a kind with no CRD that is not
 * the API server's own, an aggregated API's, is always dry-run).
 */
export async function freshDryRuns(client: KubeApi, ledger: DryRunLedger, targets: K8sObject[], liveOf: (key: string) => K8sObject | null, appSyncOptions: readonly string[]): Promise<Set<string>> {
  const since = new Map<K8sObject, number>()
  for (const target of targets) {
    if (hookPhases(target).length > 0 || applyModeOf([...appSyncOptions, ...syncOptionsOf(target)]) !== 'server-side') continue
    const at = ledger.freshSince(client.context, target, liveOf(resourceKey(target)))
    if (at !== undefined) since.set(target, at)
  }
  const schemaSince = new Map<string, Promise<number | null>>()
  const fresh = new Set<string>()
  for (const [target, at] of since) {
    const kind = `${target.apiVersion}/${target.kind}`
    if (!schemaSince.has(kind)) schemaSince.set(kind, lastSchemaChange(client, target))
    const changed = await schemaSince.get(kind)!
    // managedFields times have whole seconds: a change in the same second as the dry run counts as after it.
    if (changed !== null && changed + 1000 <= at) fresh.add(resourceKey(target))
  }
  return fresh
}

/** When the schema of an object's kind last changed (0: with the API server); null when unknown. */
async function lastSchemaChange(client: KubeApi, obj: K8sObject): Promise<number | null> {
  const group = groupOf(obj.apiVersion)
  if (!group.includes('.')) return 0
  try {
    const info = await client.resourceInfo(obj.apiVersion, obj.kind)
    if (!info) return null
    const crd = await client.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${info.plural}.${group}` } })
    if (!crd) return builtIn(group) ? 0 : null
    if (crd.metadata.deletionTimestamp) return null
    const times = [crd.metadata.creationTimestamp, ...((crd.metadata.managedFields as { time?: string }[] | undefined) ?? []).map((f) => f.time)]
    return Math.max(...times.map((t) => (t ? Date.parse(String(t)) : Number.NaN)).map((t) => (Number.isFinite(t) ? t : Number.POSITIVE_INFINITY)))
  } catch {
    return null // unknown: dry-run it
  }
}
