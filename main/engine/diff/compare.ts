import { createTwoFilesPatch } from 'diff'
import YAML from 'yaml'
import type { KubeApi } from '../kube/kube-api'
import { UserError } from '../base/errors'
import { timed, type StageClock } from '../base/stage-clock'
import { compareOptionsAnnotation, hasAnnotationOption, ignoresExtraneous } from '../base/annotation-options'
import { resourceKey, type K8sObject } from '../base/objects'
import { predictClientSide } from './client-side'
import { carryPrediction } from './carry-prediction'
import { carryTargetChange } from './carry-target-change'
import { DryRunCache } from './dry-run-cache'
import type { VerifiedDryRuns } from './verified-dry-runs'
import { applyIgnoreRules, ruleMatches, type IgnoreRule } from './ignore'
import { maskSecrets } from './mask'
import { normalizeForDiff, sameForDiff, sortKeys } from './normalize'
import type { CompareMode, ResourceDiff, ResourceSyncStatus, SyncStatus } from '../../../shared/model'

// The shapes the renderer receives are the engine's own: one definition, in shared/model.
export type { ResourceDiff, ResourceSyncStatus } from '../../../shared/model'

export type { CompareMode }
export { DryRunCache }

/**
 * The Application's compare option (`argocd.argoproj.io/compare-options: ServerSideDiff=…`):
 * false compares client-side (a three-way merge, Argo CD's default), anything else server-side
 * (a dry-run apply: GitOps Desk's default, see docs/deviations.md).
 */
export function compareModeOf(app: { metadata: { annotations?: Record<string, string> | undefined } }): CompareMode {
  return hasAnnotationOption(app, compareOptionsAnnotation, 'ServerSideDiff=false') ? 'client-side' : 'server-side'
}

export interface CompareOptions {
  mode?: CompareMode
  ignoreDifferences?: IgnoreRule[]
  parallel?: number
  /** Live objects from the watch cache; without it each object is read from the API server. */
  liveOf?: (target: K8sObject) => K8sObject | null
  /** false: statuses only, no YAML or unified diff (the reconcile loop). Default true. */
  text?: boolean
  /** Dry-run results by (target, live resourceVersion): a steady-state compare sends no request. */
  dryRuns?: DryRunCache
  /** Where each dry run the API server accepted is noted, so that a sync soon after need not send it again. */
  verified?: VerifiedDryRuns
  /** Times the dry runs sent. */
  stages?: StageClock
  /** The hash of a target's schema on the server: kept predictions hold only under the same one. */
  schemaOf?: (target: K8sObject) => string
}

export interface CompareResult {
  status: SyncStatus
  resources: ResourceDiff[]
}

/** An object as a diff side shows it: sorted keys, no line wrapping. */
export const toYaml = (obj: K8sObject | null) => (obj ? YAML.stringify(sortKeys(obj), { lineWidth: 0 }) : '')

/** One resource's diff from the two objects as they will be shown. Pure. */
export function diffObjects(key: string, live: K8sObject | null, predicted: K8sObject | null, extra = false, mode: CompareMode = 'server-side', text = true): ResourceDiff {
  const same = live !== null && predicted !== null && sameForDiff(live, predicted)
  const status: ResourceSyncStatus = extra ? 'Extra' : live === null ? 'Missing' : same ? 'Synced' : 'OutOfSync'
  // The loop needs only the status; the YAML and the unified diff are made for a diff view.
  if (!text) return { key, status, mode, requiresPruning: extra, liveYaml: '', targetYaml: '', unifiedDiff: '' }
  const [maskedLive, maskedTarget] = maskSecrets(live && normalizeForDiff(live), predicted && normalizeForDiff(predicted))
  const liveYaml = toYaml(maskedLive)
  const targetYaml = toYaml(maskedTarget)
  return {
    key,
    status,
    mode,
    requiresPruning: extra,
    liveYaml,
    targetYaml,
    unifiedDiff: same ? '' : createTwoFilesPatch(`live/${key}`, `target/${key}`, liveYaml, targetYaml, undefined, undefined, { context: 3 }),
  }
}

/**
 * Compares target objects with the cluster. Server-side (the default): a server-side-apply dry
 * run of each target object with our field manager predicts the live object after a sync
 * (defaults, webhooks and other managers' fields included), so only real differences show.
 * Where the cluster forbids the dry run (403) or refuses the change (422, an immutable field),
 * that resource falls back to the client-side prediction, with a notice. Dry runs run a few at a time.
 */
export async function compareResources(client: KubeApi, targets: K8sObject[], options: CompareOptions = {}, extraLive: K8sObject[] = []): Promise<CompareResult> {
  const rules = options.ignoreDifferences ?? []
  const resources: ResourceDiff[] = new Array(targets.length)
  let next = 0
  const compareOne = async (target: K8sObject): Promise<ResourceDiff> => {
    const key = resourceKey(target)
    try {
      const live = options.liveOf ? options.liveOf(target) : await client.get(target)
      let predicted: K8sObject
      let mode: CompareMode = options.mode ?? 'server-side'
      let notice: string | undefined
      if (mode === 'server-side') {
        try {
          // Forced, so the prediction is what a sync would make even where another manager owns
          // a field (a dry run writes nothing).
          const schema = options.schemaOf?.(target) ?? ''
          const cacheKey = DryRunCache.keyOf(target, live, schema)
          const resource = `${client.context}|${key}`
          const cached = options.dryRuns?.get(cacheKey)
          if (cached) predicted = cached
          else {
            // Carried over from an earlier prediction where the server's answer is certain: across
            // another manager's live change, or across a new commit's changed ConfigMap/Secret values.
            const latest = live && options.dryRuns?.latest(target, schema)
            const previous = live && options.dryRuns?.previousOf(resource, live, schema)
            const carried = (latest ? carryPrediction(latest, live, target) : null) ?? (previous ? carryTargetChange(previous, target) : null)
            predicted = carried ?? (await timed(options.stages, 'dry run', () => client.apply(target, { dryRun: true, force: true })))
            // Only the server's own answer counts as verified: a sync dry-runs a carried prediction.
            if (!carried) options.verified?.record(client.context, target, live)
            options.dryRuns?.set(cacheKey, predicted)
            if (live) options.dryRuns?.remember(target, { live, predicted }, cacheKey)
          }
          if (live) options.dryRuns?.rememberFor(resource, target, live, predicted, schema)
        } catch (error) {
          const forbidden = error instanceof UserError && error.code === 'Forbidden'
          // A new object in a namespace that does not exist yet cannot be dry-run; it is simply missing.
          const noNamespace = error instanceof UserError && error.code === 'NotFound' && live === null
          // A change to a live object that the API server refuses (an immutable field) still
          // differs, as Argo CD shows it; a new object it refuses (a bad name) is an error.
          const refused = error instanceof UserError && error.code === 'Invalid' && live !== null
          if (!forbidden && !noNamespace && !refused) throw error
          mode = 'client-side'
          notice = forbidden ? `the cluster refused a dry run (${error.message}); compared client-side`
            : refused ? `the cluster refuses this change (${error.message}); a sync fails unless forced (Force=true re-creates it); compared client-side`
            : `cannot dry-run (${error.message}); shown as in Git`
          predicted = predictClientSide(live, target)
        }
      } else predicted = predictClientSide(live, target)
      // Rules for other kinds leave both sides as they are (and the objects uncopied).
      const applicable = rules.length ? rules.filter((r) => ruleMatches(r, predicted) || (live !== null && ruleMatches(r, live))) : rules
      // The watch loop meets the same live and predicted objects again and again: their status is remembered.
      const remembered = !applicable.length && !notice && options.text === false && live !== null
      const known = remembered ? statusMemo.get(live)?.get(predicted) : undefined
      if (known) return known
      const [liveSide, targetSide] = applicable.length
        ? await Promise.all([live && applyIgnoreRules(live, applicable, live), applyIgnoreRules(predicted, applicable, live)])
        : [live, predicted]
      const diff = diffObjects(key, liveSide, targetSide, false, mode, options.text ?? true)
      if (remembered) {
        let byPrediction = statusMemo.get(live)
        if (!byPrediction) statusMemo.set(live, (byPrediction = new WeakMap()))
        byPrediction.set(predicted, Object.freeze(diff))
      }
      return notice ? { ...diff, notice } : diff
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      return { ...diffObjects(key, null, target, false, 'server-side', options.text ?? true), status: 'OutOfSync', error: { code: error.code, message: error.message } }
    }
  }
  const worker = async () => {
    while (next < targets.length) {
      const index = next++
      resources[index] = await compareOne(targets[index]!)
      // From caches, a compare never waits on I/O: let the event loop in now and then, so that
      // a big app (or a hundred compares in a row) does not hold up watch events and API calls.
      if (index % 32 === 31) await new Promise((resolve) => setImmediate(resolve))
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 16, targets.length) }, worker))
  for (const live of extraLive) resources.push(diffObjects(resourceKey(live), live, null, true, 'server-side', options.text ?? true))
  return { status: syncStatusOf(resources, extraLive), resources }
}

/** The sync status of compared resources: Unknown on an error, Synced when each is (an extra that IgnoreExtraneous marks counts as in sync). */
export function syncStatusOf(resources: readonly ResourceDiff[], extraLive: readonly K8sObject[]): SyncStatus {
  const ignoredExtras = new Set(extraLive.filter(ignoresExtraneous).map(resourceKey))
  const failed = resources.some((r) => r.error)
  const inSync = resources.every((r) => r.status === 'Synced' || (r.status === 'Extra' && ignoredExtras.has(r.key)))
  return failed ? 'Unknown' : inSync ? 'Synced' : 'OutOfSync'
}

/** Status-only diffs by (live object, predicted object) identity; both are immutable once cached. */
const statusMemo = new WeakMap<object, WeakMap<object, ResourceDiff>>()

