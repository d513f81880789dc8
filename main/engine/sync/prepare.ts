import type { SyncIntent } from '../../../shared/model'
import { projectViolations } from '../apps/project'
import { defaultProject, type Application } from '../model/app-schema'
import { windowBlock } from '../model/sync-windows'
import { UserError } from '../base/errors'
import type { KubeApi } from '../kube/kube-api'
import { resourceKey, type K8sObject } from '../base/objects'
import { isExcludedFor, splitTargets } from '../render/targets'
import { ignoreRulesFor } from '../diff/ignore-rules'
import type { RenderedApp } from '../render/render-app'
import type { DeskStore } from '../store/desk-store'
import { owningApp, sharedResourceMessage } from '../cache/owning-app'
import { rememberKinds, rememberedKinds, trackedKinds } from '../cache/app-kinds'
import { hookPhases } from './plan'
import type { TrackingMethod } from '../base/tracking'
import { SyncOperation } from './operation'
import type { Health } from '../health/types'
import { withIgnoredFieldsFromLive } from '../diff/ignore'
import { optionOf } from '../base/annotation-options'
import { allowsEmpty } from './app-rules'
import { propagationOf } from './tasks'
import { freshDryRuns, type DryRunLedger } from './fresh-dry-runs'
import { localCheckCandidates } from './local-checks'
import type { LiveWatch } from './wave-health'

type Destination = Application['spec']['destination']

/** What a sync needs to know of the live state: the watch cache, or a test's stand-in. */
export interface LiveState {
  ensureWatching(kinds: { apiVersion: string; kind: string }[]): Promise<void>
  /** The live objects whose tracking id names this app. */
  trackedBy(appName: string, method: TrackingMethod): K8sObject[]
  /** The live object of a key, from the cache. */
  get(key: string): K8sObject | undefined
  /** Tells each change the watch sees (a sync waits for health on it); a stand-in may have none. */
  onChange?: LiveWatch['onChange']
  /** Tells when a watch or list of the cluster fails (the sync then reads the API server). */
  onConnectionLost?: LiveWatch['onConnectionLost']
}

/** What preparing a sync needs from the engine. */
export interface SyncHost {
  readonly store: DeskStore
  /** The context a destination means now (the active one for in-cluster). */
  resolveContext(destination: Destination): Promise<string>
  /** The API server URL of a context ('' when unknown). */
  serverOf(context: string): Promise<string>
  render(app: Application): Promise<RenderedApp>
  client(context: string): KubeApi
  liveState(context: string): LiveState
  /** The keys of the targets that differ from the cluster now (ApplyOutOfSyncOnly). */
  outOfSync(app: Application, targets: K8sObject[], context: string): Promise<Set<string>>
  /** An object's health by this engine's rules (its health customizations included). */
  healthOf(live: K8sObject | null): Health | null
  /** The dry runs compares have just made: a sync does not send those again. */
  dryRunLedger?: DryRunLedger
}

export interface PreparedSync {
  operation: SyncOperation
  revisions: string[]
}

export interface PrepareOptions {
  context: string
  startedAt: Date
  /** A rollback runs no hooks. */
  noHooks?: boolean
  /** Started by auto-sync (sync windows treat manual syncs differently). */
  automated: boolean
  pollMs?: number
  /** Render nothing: every resource the app tracks is a prune candidate. */
  removeAll?: boolean
}

/**
 * Renders the app and checks what Argo CD checks before a sync (the project's guardrails, sync
 * windows), then builds the operation: prune candidates are the live objects that track this
 * app and Git no longer has.
 */
export async function prepareSync(host: SyncHost, app: Application, intent: SyncIntent, options: PrepareOptions): Promise<PreparedSync> {
  const { context, startedAt } = options
  const data = host.store.read()
  const pinned = intent.revision ? pinRevisions(app, intent.revision.split(',')) : app
  const { sources, objects: rendered } = options.removeAll ? { sources: [], objects: [] } : await host.render(pinned)
  const server = await host.serverOf(context)
  const split = splitTargets(rendered, data.settings, [context, server]).targets
  // An excluded kind is never the app's to prune, whatever tracking id it carries.
  const excluded = isExcludedFor(data.settings, [context, server])
  const projectName = app.spec.project
  const project = data.projects.find((p) => p.metadata.name === projectName) ?? (projectName === 'default' ? defaultProject : null)
  if (!project) throw new UserError('NotFound', `the app's project "${projectName}" does not exist (gitops-desk app add project.yaml)`, 'spec.project')
  const violations = projectViolations(project, app, { server, name: context, namespace: app.spec.destination.namespace ?? '' }, split)
  if (violations.length) throw new UserError('Forbidden', `sync refused: ${violations.join('; ')}`, `project ${projectName}`)
  const blocked = windowBlock(project.spec.syncWindows ?? [], { app: app.metadata.name, namespace: app.spec.destination.namespace ?? '', server, cluster: context }, startedAt, !options.automated)
  if (blocked) throw new UserError('Forbidden', `sync refused by a sync window of project ${projectName}: ${blocked}`, `project ${projectName}`)
  const cache = host.liveState(context)
  // Prune candidates of the kinds the app renders and the kinds it has had live (a Role Git no longer renders).
  await cache.ensureWatching(trackedKinds(split, rememberedKinds(host.store, app.metadata.name), excluded))
  if (!intent.dryRun) rememberKinds(host.store, app.metadata.name, split.filter((o) => hookPhases(o).length === 0))
  const targetKeys = new Set(split.map(resourceKey))
  const extras = cache.trackedBy(app.metadata.name, data.settings.trackingMethod).filter((o) => !targetKeys.has(resourceKey(o)) && !excluded(o))
  // The sync's own options come last: the later option of a name wins (optionOf).
  const syncOptions = [...(app.spec.syncPolicy?.syncOptions ?? []), ...(intent.syncOptions ?? [])]
  // RespectIgnoreDifferences=true, as Argo CD: ignored fields keep their live values.
  const ignored = ignoreRulesFor(app, data.settings.customizations)
  const objects = optionOf(syncOptions, 'RespectIgnoreDifferences') === 'true' && ignored.length ? await Promise.all(split.map((o) => withIgnoredFieldsFromLive(o, cache.get(resourceKey(o)) ?? null, ignored))) : split
  const revisions = sources.map((s) => s.commit)
  // FailOnSharedResource=true, as Argo CD: an object another app tracks fails the sync first.
  const shared = optionOf(syncOptions, 'FailOnSharedResource') === 'true' ? sharedResource(app, objects, cache, data.settings.trackingMethod) : undefined
  // ApplyOutOfSyncOnly=true, as Argo CD: resources already in sync are not applied again.
  const applyOnly = optionOf(syncOptions, 'ApplyOutOfSyncOnly') === 'true' ? await host.outOfSync(app, objects, context) : undefined
  const client = host.client(context)
  // The dry runs the last compare made (or the one ApplyOutOfSyncOnly just made) stand for the sync's own while fresh.
  const fresh = host.dryRunLedger && !intent.dryRun ? await freshDryRuns(client, host.dryRunLedger, objects, (key) => cache.get(key) ?? null, syncOptions) : undefined
  // New ConfigMaps and Secrets whose dry run a local check may stand for (local-checks.ts).
  const checkable = intent.dryRun ? undefined : localCheckCandidates(objects, (key) => cache.get(key) ?? null, syncOptions)
  const operation = new SyncOperation(client, {
    targets: objects,
    context,
    extras,
    prune: intent.prune ?? false,
    dryRun: intent.dryRun ?? false,
    force: intent.force ?? false,
    appSyncOptions: syncOptions,
    plan: { revision: revisions[0] ?? '', startedAt, appSyncOptions: syncOptions, ...(options.noHooks ? { noHooks: true } : {}), ...(intent.resources?.length ? { only: new Set(intent.resources) } : {}), ...(applyOnly ? { applyOnly } : {}) },
    ...(syncOptions.includes('CreateNamespace=true') && app.spec.destination.namespace ? { createNamespace: app.spec.destination.namespace } : {}),
    ...(app.spec.syncPolicy?.managedNamespaceMetadata ? { namespaceMetadata: app.spec.syncPolicy.managedNamespaceMetadata } : {}),
    propagation: propagationOf(syncOptions),
    allowEmpty: allowsEmpty(app) || (intent.consent?.pruneAll ?? false),
    pruneConfirmed: intent.consent?.prunes ?? false,
    ...(shared ? { failBefore: `Shared resource found: ${shared}` } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(fresh?.size ? { freshDryRuns: fresh } : {}),
    ...(checkable?.size ? { localCandidates: checkable } : {}),
  }, host.healthOf, cache.onChange ? { get: (key) => cache.get(key), onChange: cache.onChange.bind(cache), ...(cache.onConnectionLost ? { onConnectionLost: cache.onConnectionLost.bind(cache) } : {}) } : undefined)
  return { operation, revisions }
}

function sharedResource(app: Application, objects: K8sObject[], cache: LiveState, method: TrackingMethod): string | undefined {
  for (const obj of objects) {
    const live = cache.get(resourceKey(obj))
    const owner = live && owningApp(live, method)
    if (live && owner && owner !== app.metadata.name) return sharedResourceMessage(live, app.metadata.name, owner)
  }
  return undefined
}

/** The app with its sources' target revisions pinned (a rollback, or a sync of one revision). */
export function pinRevisions(app: Application, revisions: string[]): Application {
  const pinned = structuredClone(app)
  if (pinned.spec.sources) pinned.spec.sources = pinned.spec.sources.map((s, i) => ({ ...s, targetRevision: revisions[i] ?? s.targetRevision }))
  else if (pinned.spec.source) pinned.spec.source = { ...pinned.spec.source, targetRevision: revisions[0] ?? pinned.spec.source.targetRevision }
  return pinned
}
