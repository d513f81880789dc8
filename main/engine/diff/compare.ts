import { isDeepStrictEqual } from 'node:util'
import { createTwoFilesPatch } from 'diff'
import YAML from 'yaml'
import type { ClusterClient } from '../clusters/cluster-client'
import { UserError } from '../errors'
import { resourceKey, type K8sObject } from '../render/objects'
import { maskSecrets } from './mask'
import { normalizeForDiff, sortKeys } from './normalize'

export type ResourceSyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extra'

export interface ResourceDiff {
  key: string
  status: ResourceSyncStatus
  requiresPruning: boolean
  /** Normalized, masked, stable key order: the two sides of a side-by-side diff. */
  liveYaml: string
  targetYaml: string
  unifiedDiff: string
  /** Set when this resource could not be compared (e.g. a dry run the cluster refused). */
  error?: { code: string; message: string }
}

export interface CompareResult {
  status: 'Synced' | 'OutOfSync' | 'Unknown'
  resources: ResourceDiff[]
}

const toYaml = (obj: K8sObject | null) => (obj ? YAML.stringify(sortKeys(obj), { lineWidth: 0 }) : '')

/** One resource's diff from the two objects as they will be shown. Pure. */
export function diffObjects(key: string, live: K8sObject | null, predicted: K8sObject | null, extra = false): ResourceDiff {
  const [maskedLive, maskedTarget] = maskSecrets(live && normalizeForDiff(live), predicted && normalizeForDiff(predicted))
  const liveYaml = toYaml(maskedLive)
  const targetYaml = toYaml(maskedTarget)
  const same = live !== null && predicted !== null && isDeepStrictEqual(sortKeys(normalizeForDiff(live)), sortKeys(normalizeForDiff(predicted)))
  const status: ResourceSyncStatus = extra ? 'Extra' : live === null ? 'Missing' : same ? 'Synced' : 'OutOfSync'
  return {
    key,
    status,
    requiresPruning: extra,
    liveYaml,
    targetYaml,
    unifiedDiff: same ? '' : createTwoFilesPatch(`live/${key}`, `target/${key}`, liveYaml, targetYaml, undefined, undefined, { context: 3 }),
  }
}

/**
 * Server-side compare: a server-side-apply dry run of each target object with our field manager
 * predicts the live object after a sync (defaults, webhooks and other managers' fields included),
 * so only real differences show. Dry runs run a few at a time.
 */
export async function compareServerSide(client: ClusterClient, targets: K8sObject[], extraLive: K8sObject[] = [], parallel = 8): Promise<CompareResult> {
  const resources: ResourceDiff[] = new Array(targets.length)
  let next = 0
  const worker = async () => {
    while (next < targets.length) {
      const index = next++
      const target = targets[index]!
      const key = resourceKey(target)
      try {
        const live = await client.get(target)
        // Forced, so the prediction is what a sync would make even where another manager owns a
        // field (a dry run writes nothing).
        const predicted = await client.apply(target, { dryRun: true, force: true })
        resources[index] = diffObjects(key, live, predicted)
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        resources[index] = { ...diffObjects(key, null, target), status: 'OutOfSync', error: { code: error.code, message: error.message } }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, targets.length) }, worker))
  for (const live of extraLive) resources.push(diffObjects(resourceKey(live), live, null, true))
  const failed = resources.some((r) => r.error)
  const inSync = resources.every((r) => r.status === 'Synced')
  return { status: failed ? 'Unknown' : inSync ? 'Synced' : 'OutOfSync', resources }
}
