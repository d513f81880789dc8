import type { AppStatus, Settings } from '../../../shared/model'
import type { StageClock } from '../base/stage-clock'
import { resourceKey, type K8sObject } from '../base/objects'
import { listTracked, trackedKinds, type KindOf } from '../cache/app-kinds'
import { owningApp } from '../cache/owning-app'
import { kindId } from '../store/app-kinds'
import type { LiveCache } from '../cache/live-cache'
import type { Destination } from '../clusters/kubeconfig'
import { schemaPathOf } from '../clusters/schema-hashes'
import { compareModeOf, compareResources, syncStatusOf, type CompareMode, type CompareOptions, type CompareResult, type DryRunCache, type ResourceDiff } from '../diff/compare'
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
  liveCache(context: string): Pick<LiveCache, 'ensureWatching' | 'trackedBy' | 'get' | 'quietFills'>
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
    const keys = targets.map(resourceKey)
    // A render may hold the same object twice (one manifest in two files, two sources): each place counts.
    const placesOf = new Map<string, number[]>()
    keys.forEach((key, i) => (placesOf.get(key) ?? placesOf.set(key, []).get(key)!).push(i))
    targetsMemo.set(objects, (found = { targets, keys, placesOf, targetKeys: new Set(objects.map(resourceKey)) }))
  }
  return found
}
/** A render's targets (hooks out), their keys in the same order (and each key's places), and every object's key (hooks in). */
interface Targets {
  targets: K8sObject[]
  keys: string[]
  placesOf: ReadonlyMap<string, readonly number[]>
  targetKeys: ReadonlySet<string>
}
const targetsMemo = new WeakMap<readonly K8sObject[], Targets>()

/**
 * What a compare of these targets works out from the app, the settings and the kinds the app has
 * had live: kept while none of them changes (the store hands out the same objects until a
 * write), since the re-diffs after watch events meet the same ones hundreds of times a second.
 */
interface Plan {
  app: Application
  settings: ReturnType<CompareDeps['settings']>
  remembered: KindOf[]
  context: string
  server: string
  mode: CompareMode
  excluded: (obj: K8sObject) => boolean
  rules: ReturnType<typeof ignoreRulesFor>
  kinds: KindOf[]
  /** The kinds, as one string: a result made with other kinds cannot be carried on. */
  kindsId: string
}
const plansMemo = new WeakMap<readonly K8sObject[], Plan>()

/**
 * Of each compare result: the kinds its tracked extras were found under, which they were, the
 * target keys its first entries follow (in order) and where among them a compare failed. A
 * re-diff carries on from it without going through every resource.
 */
const resultsMemo = new WeakMap<readonly ResourceDiff[], { kindsId: string; quietFills: number; extras: readonly string[]; keys: readonly string[]; failed: readonly number[] }>()

async function planOf(deps: CompareDeps, app: Application, objects: readonly K8sObject[], targets: K8sObject[], context: string, mode: CompareMode): Promise<Plan> {
  const settings = deps.settings()
  const remembered = deps.appKinds.remembered(app.metadata.name)
  const server = await deps.serverOf(context)
  const kept = plansMemo.get(objects)
  if (kept && kept.app === app && kept.settings === settings && kept.remembered === remembered && kept.context === context && kept.server === server && kept.mode === mode) return kept
  const excluded = isExcludedFor(settings, [context, server])
  // Tracked objects of the kinds the app renders and the kinds it has had live: a kind Git no longer renders is still found.
  const kinds = trackedKinds(targets, remembered, excluded)
  const plan = { app, settings, remembered, context, server, mode, excluded, rules: ignoreRulesFor(app, settings.customizations), kinds, kindsId: kinds.map(kindId).join(' ') }
  plansMemo.set(objects, plan)
  return plan
}

/**
 * Compares rendered target objects with the cluster (hooks and Skip resources never count).
 * With `watch`, live state comes from the cluster's watch cache; without, each object is read once
 * and each kind listed once. Either way, tracked extras are found.
 */
export async function compareTargets(deps: CompareDeps, app: Application, objects: K8sObject[], options: CompareTargetsOptions): Promise<CompareResult> {
  const { targets, keys, placesOf, targetKeys } = targetsOf(objects)
  const client = deps.client(options.context)
  // A hard refresh asks the server again for every prediction (the cache and carried predictions are skipped).
  const mode = options.mode ?? compareModeOf(app)
  const plan = await planOf(deps, app, objects, targets, options.context, mode)
  const { excluded, kinds } = plan
  const schemas = mode === 'server-side' && !options.fresh ? await deps.schemaHashes(options.context) : {}
  const schemaOf = (target: K8sObject) => schemas[schemaPathOf(target.apiVersion)] ?? ''
  const compareOptions = { mode, ignoreDifferences: plan.rules, ...(options.fresh ? {} : { dryRuns: deps.dryRuns, schemaOf }), verified: deps.dryRuns.verified, ...(options.stages ? { stages: options.stages } : {}), text: options.text ?? true } as const
  const cache = options.watch ? deps.liveCache(options.context) : null
  await cache?.ensureWatching(kinds)
  const method = plan.settings.trackingMethod
  const isExtra = (o: K8sObject) => !targetKeys.has(resourceKey(o)) && !excluded(o)
  const reuse = options.reuse
  const before = reuse && cache ? resultsMemo.get(reuse.previous) : undefined
  // After watch events (same targets, same kinds, nothing come into the cache without an event
  // since, as a kind's first list does): the tracked objects can differ from the last compare's
  // only in the changed ones (a watch event goes to the app its tracking id names), so the extras
  // are the last ones still tracked and the changed ones now tracked, found without going through
  // all the app's objects.
  const quietFills = cache?.quietFills ?? 0
  const tracked = cache && reuse && before?.kindsId === plan.kindsId && before.quietFills === quietFills
    ? [...new Set([...before.extras, ...reuse.changed])].map((key) => cache.get(key)).filter((o): o is K8sObject => !!o && owningApp(o, method) === app.metadata.name)
    : cache ? cache.trackedBy(app.metadata.name, method) : await listTracked(client, kinds, app.metadata.name, method)
  // Kinds it has live that are not remembered yet (remembering only adds).
  const known = new Set(plan.remembered.map(kindId))
  const newKinds = tracked.filter((o) => !known.has(kindId(o)) && hookPhases(o).length === 0 && !excluded(o))
  if (newKinds.length) deps.appKinds.remember(app.metadata.name, newKinds)
  // By key, so that a re-diff lists them as a whole compare does (the cache's order is the order of arrival).
  const extras = tracked.filter(isExtra).sort((a, b) => compareKeys(resourceKey(a), resourceKey(b)))
  const diffOptions = cache ? { ...compareOptions, liveOf: (t: K8sObject) => cache.get(resourceKey(t)) ?? null } : compareOptions
  const { result, failed } = await compareChanged(client, { targets, keys, placesOf }, diffOptions, extras, reuse && { ...reuse, failed: before?.keys === keys ? before.failed : undefined })
  resultsMemo.set(result.resources, { kindsId: plan.kindsId, quietFills, extras: extras.map(resourceKey), keys, failed })
  return result
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * All targets compared, or (after watch events) the changed ones, the others keeping their last
 * diff (same target, same live object). Also where among the targets a compare failed.
 */
async function compareChanged(client: KubeApi, { targets, keys, placesOf }: Pick<Targets, 'targets' | 'keys' | 'placesOf'>, options: CompareOptions, extras: K8sObject[], reuse: (CompareTargetsOptions['reuse'] & { failed: readonly number[] | undefined }) | undefined): Promise<{ result: CompareResult; failed: number[] }> {
  const failedIn = (resources: readonly ResourceDiff[], indices: Iterable<number>) => [...indices].filter((i) => resources[i]!.error)
  if (!reuse) {
    const result = await compareResources(client, targets, options, extras)
    return { result, failed: failedIn(result.resources, keys.keys()) }
  }
  const { previous, changed } = reuse
  // The last compare lists these targets' diffs first, in the same order (known when it was made
  // for these very keys, else checked); one that failed is compared again.
  const again = new Set<number>(reuse.failed)
  for (const key of changed) for (const index of placesOf.get(key) ?? []) again.add(index)
  if (!reuse.failed) for (let i = 0; i < keys.length; i++) if (previous[i]?.key !== keys[i] || previous[i]!.status === 'Extra' || previous[i]!.error) again.add(i)
  const order = [...again].sort((a, b) => a - b)
  const fresh = await compareResources(client, order.map((i) => targets[i]!), options, extras)
  const resources = previous.slice(0, keys.length)
  order.forEach((index, n) => (resources[index] = fresh.resources[n]!))
  resources.push(...fresh.resources.slice(order.length))
  return { result: { status: syncStatusOf(resources, extras), resources }, failed: failedIn(resources, order) }
}
