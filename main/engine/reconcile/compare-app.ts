import type { AppStatus, Settings } from '../../../shared/model'
import type { StageClock } from '../base/stage-clock'
import { resourceKey, type K8sObject } from '../base/objects'
import { listTracked, trackedKinds, type KindOf } from '../cache/app-kinds'
import { kindId } from '../store/app-kinds'
import type { LiveCache } from '../cache/live-cache'
import type { Destination } from '../clusters/kubeconfig'
import { schemaPathOf } from '../clusters/schema-hashes'
import { compareModeOf, compareResources, syncStatusOf, type CompareMode, type CompareResult, type DryRunCache, type ResourceDiff } from '../diff/compare'
import { ignoreRulesFor } from '../diff/ignore-rules'
import type { HealthChecks } from '../health/custom-health'
import type { KubeApi } from '../kube/kube-api'
import type { Application } from '../model/app-schema'
import type { RenderedApp } from '../render/render-app'
import type { RenderOptions } from '../render/render-service'
import type { WorkingCopySource } from '../render/working-copy-source'
import { isExcludedFor, splitTargets } from '../render/targets'
import { hookPhases } from '../sync/plan'
import { appStatus, type StatusInput } from './app-status'

/** What a compare reads: settings, contexts, the render, the cluster (client and watch cache), the health rules. */
export interface CompareDeps {
  settings(): Pick<Settings, 'applyChildApps' | 'customizations' | 'trackingMethod'>
  resolveContext(destination: Destination): Promise<string>
  serverOf(context: string): Promise<string>
  render(app: Application, options: RenderOptions): Promise<RenderedApp>
  client(context: string): KubeApi
  liveCache(context: string): Pick<LiveCache, 'ensureWatching' | 'trackedBy' | 'get'>
  /** Server-side predictions kept between compares (a hard refresh skips them). */
  dryRuns: DryRunCache
  /** The hash of each group version's schema on a context (kept predictions hold under the same schema only). */
  schemaHashes(context: string): Promise<Record<string, string>>
  health: Pick<HealthChecks, 'healthOf' | 'countsForAppHealth'>
  /** The kinds each app has had live (the store's), looked at with the kinds it renders. */
  appKinds: { remembered(app: string): KindOf[]; remember(app: string, kinds: KindOf[]): void }
}

export interface CompareTargetsOptions {
  context: string
  mode?: CompareMode
  /** Live state from the cluster's watch cache (kept for later compares), tracked extras found; without, each object is read once. */
  watch?: boolean
  /** false: statuses only, no YAML or unified diff. */
  text?: boolean
  /** Ask the server again for every prediction (the cache and carried predictions are skipped). */
  fresh?: boolean
  /**
   * After watch events: the last compare of these same targets, and the keys whose live object
   * changed since. Only those targets are diffed again (the others keep their diff: same target,
   * same live object); the tracked extras are found again. The result equals a whole compare.
   */
  reuse?: { previous: readonly ResourceDiff[]; changed: ReadonlySet<string> }
  /** Times the dry runs. */
  stages?: StageClock
}

export interface CompareAppOptions extends Omit<CompareTargetsOptions, 'context' | 'fresh'> {
  /** Default: where the app's destination points now. */
  context?: string
  /** A hard refresh: render again and ask the server again for every prediction. */
  hard?: boolean
  /** Render from this local checkout instead of Git (`argocd app diff --local`, live). */
  workingCopy?: WorkingCopySource
  /** With a watch: the rest of what the app's status is made of; the status is computed when given. */
  status?: Omit<StatusInput, 'app' | 'context' | 'revision' | 'diffs' | 'liveOf' | 'conditions' | 'trackingMethod' | 'health' | 'now'>
}

export interface AppComparison extends CompareResult {
  context: string
  /** The rendered commits, comma-separated (one per source). */
  revision: string
  rendered: RenderedApp
  /** Child Applications and ApplicationSets the app renders (app-of-apps), not compared here. */
  children: K8sObject[]
  appsets: K8sObject[]
  /** Found before the compare: kinds the settings exclude on this cluster. */
  conditions: StatusInput['conditions']
  /** Health and sync status as the app shows them (when `status` was asked for). */
  appStatus?: AppStatus
}

/**
 * One app compared, as Argo CD's CompareAppState: render the target → read live state → diff →
 * health → status. Each step is its own module; this is the order they run in.
 */
export async function compareApp(deps: CompareDeps, app: Application, options: CompareAppOptions = {}): Promise<AppComparison> {
  const context = options.context ?? (await deps.resolveContext(app.spec.destination))
  // Render: the target state from Git (the cache unless hard), child apps apart, excluded kinds out.
  const rendered = await deps.render(app, { hard: options.hard ?? false, ...(options.workingCopy ? { workingCopy: options.workingCopy } : {}) })
  const revision = rendered.sources.map((s) => s.commit).join(',')
  const { targets, children, appsets, conditions } = splitTargets(rendered.objects, deps.settings(), [context, await deps.serverOf(context)])
  // Live state and diff: each target against its live object (watch cache or one read), tracked extras too.
  const compare = await compareTargets(deps, app, targets, { context, watch: options.watch ?? false, fresh: options.hard ?? false, ...(options.mode ? { mode: options.mode } : {}), ...(options.text === undefined ? {} : { text: options.text }) })
  const comparison: AppComparison = { ...compare, context, revision, rendered, children, appsets, conditions }
  if (!options.status || !options.watch) return comparison
  // Health and status: each resource's health by the engine's rules, the app's sync and health.
  const cache = deps.liveCache(context)
  comparison.appStatus = appStatus({
    ...options.status,
    app,
    context,
    revision,
    diffs: compare.resources,
    liveOf: (key) => cache.get(key) ?? null,
    conditions,
    trackingMethod: deps.settings().trackingMethod,
    health: deps.health,
    now: new Date(),
  })
  return comparison
}

/** A render's targets less hooks, and the keys of all its objects, worked out once per render (renders are reused, never changed). */
function targetsOf(objects: readonly K8sObject[]): Targets {
  let found = targetsMemo.get(objects)
  if (!found) {
    const targets = objects.filter((o) => hookPhases(o).length === 0)
    targetsMemo.set(objects, (found = { targets, keys: targets.map(resourceKey), targetKeys: new Set(objects.map(resourceKey)) }))
  }
  return found
}
/** A render's targets (hooks out), their keys in the same order, and every object's key (hooks in). */
interface Targets {
  targets: K8sObject[]
  keys: string[]
  targetKeys: ReadonlySet<string>
}
const targetsMemo = new WeakMap<readonly K8sObject[], Targets>()

/**
 * Compares rendered target objects with the cluster (hooks and Skip resources never count).
 * With `watch`, live state comes from the cluster's watch cache; without, each object is read once
 * and each kind listed once. Either way, tracked extras are found.
 */
export async function compareTargets(deps: CompareDeps, app: Application, objects: K8sObject[], options: CompareTargetsOptions): Promise<CompareResult> {
  const { targets, keys, targetKeys } = targetsOf(objects)
  const client = deps.client(options.context)
  const settings = deps.settings()
  // A hard refresh asks the server again for every prediction (the cache and carried predictions are skipped).
  const mode = options.mode ?? compareModeOf(app)
  const schemas = mode === 'server-side' && !options.fresh ? await deps.schemaHashes(options.context) : {}
  const schemaOf = (target: K8sObject) => schemas[schemaPathOf(target.apiVersion)] ?? ''
  const compareOptions = { mode, ignoreDifferences: ignoreRulesFor(app, settings.customizations), ...(options.fresh ? {} : { dryRuns: deps.dryRuns, schemaOf }), verified: deps.dryRuns.verified, ...(options.stages ? { stages: options.stages } : {}), text: options.text ?? true } as const
  const excluded = isExcludedFor(settings, [options.context, await deps.serverOf(options.context)])
  // Tracked objects of the kinds the app renders and the kinds it has had live: a kind Git no longer renders is still found.
  const remembered = deps.appKinds.remembered(app.metadata.name)
  const kinds = trackedKinds(targets, remembered, excluded)
  const cache = options.watch ? deps.liveCache(options.context) : null
  await cache?.ensureWatching(kinds)
  const tracked = cache ? cache.trackedBy(app.metadata.name, settings.trackingMethod) : await listTracked(client, kinds, app.metadata.name, settings.trackingMethod)
  // Kinds it has live that are not remembered yet (remembering only adds).
  const known = new Set(remembered.map(kindId))
  const newKinds = tracked.filter((o) => !known.has(kindId(o)) && hookPhases(o).length === 0 && !excluded(o))
  if (newKinds.length) deps.appKinds.remember(app.metadata.name, newKinds)
  const extras = tracked.filter((o) => !targetKeys.has(resourceKey(o)) && !excluded(o))
  const diffOptions = cache ? { ...compareOptions, liveOf: (t: K8sObject) => cache.get(resourceKey(t)) ?? null } : compareOptions
  if (!options.reuse) return compareResources(client, targets, diffOptions, extras)
  const { previous, changed } = options.reuse
  const kept = new Map<string, ResourceDiff>()
  for (const r of previous) if (r.status !== 'Extra' && !r.error) kept.set(r.key, r)
  const again = await compareResources(client, targets.filter((_, i) => changed.has(keys[i]!) || !kept.has(keys[i]!)), diffOptions, extras)
  const fresh = new Map(again.resources.map((r) => [r.key, r]))
  const resources = [...keys.map((key) => fresh.get(key) ?? kept.get(key)!), ...again.resources.filter((r) => r.status === 'Extra')]
  return { status: syncStatusOf(resources, extras), resources }
}
