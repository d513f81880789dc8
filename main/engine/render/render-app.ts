import { relative } from 'node:path'
import { sourcesOf, type Application, type ApplicationSource } from '../model/app-schema'
import { UserError } from '../base/errors'
import { redactUrl, type GitRepoCache } from '../repos/git-cache'
import type { HelmRepoCache } from '../repos/helm-repo'
import { sourceTypeOf, type SourceType } from './detect'
import { pluginFor } from './plugins/discover'
import { pluginEnv } from './plugins/env'
import { pluginParameters, renderWithPlugin } from './plugins/run'
import { pluginName, SourcePlugin, type ConfigManagementPlugin, type ParameterAnnouncement } from '../model/plugin-schema'
import { renderDirectory } from './directory'
import { renderHelm } from './helm'
import { prepareDependencies } from './helm-deps'
import { renderKustomize } from './kustomize'
import type { K8sObject } from '../base/objects'
import { buildEnvVars } from './build-env'
import { resolveInRepo } from './paths'
import { RenderCache } from './render-cache'
import { checkSnapshot, checkTree } from './snapshot-check'
import { workingCopyOf, type WorkingCopySource } from './working-copy-source'
import { findTool } from './tools'
import { appRenderKeyParts, sharedRenderKeyParts } from './render-keys'
import type { SharedRenders, SourcesRender } from './shared-renders'
import { timed, type StageClock } from '../base/stage-clock'
import { finalizeObjects, type IsNamespaced, type TrackingMethod } from '../base/tracking'

export interface RenderSettings {
  helmPath?: string
  kustomizePath?: string
  kustomizeBuildOptions?: string
  /** Stored Helm repositories with a name (dependencies written `@name`). */
  helmRepositories?: { name: string; url: string }[]
  tracking?: TrackingMethod
}

export interface RenderedSource {
  repoURL: string
  targetRevision: string
  commit: string
  path: string
  type: SourceType | 'ref'
  stale: boolean
  staleReason?: string
}

export interface RenderedApp {
  objects: K8sObject[]
  sources: RenderedSource[]
  /** True when the objects came from the render cache. */
  cached: boolean
}

export interface RenderDeps {
  repos: GitRepoCache
  /** Helm chart repositories (sources with `chart:`); without it such a source is refused. */
  helmRepos?: HelmRepoCache
  settings?: RenderSettings
  /** From the destination cluster's discovery, when known. */
  isNamespaced?: IsNamespaced
  kubeVersion?: string
  apiVersions?: string[]
  /** Re-resolve revisions from the remote (false: use what was last fetched). */
  fetch?: boolean
  /** Reuse a fetch of the repository younger than this (see GitRepoCache.resolve). */
  maxFetchAgeMs?: number
  /** Reuse a fetch that began to read the remote at or after this performance.now() time (see GitRepoCache.resolve). */
  fetchedSince?: number
  /** Renders shared by apps whose inputs are the same. */
  shared?: SharedRenders
  /** Times the fetch and the render. */
  stages?: StageClock
  cache?: RenderCache
  /** Hard refresh: render again even when the cache has this exact input. */
  hard?: boolean
  /** Config management plugins (sources with `plugin:`), their secrets (environment only) and timeout. */
  plugins?: PluginDeps
  /** A local checkout read in place of its repository's commits (never cached: it changes as the user edits). */
  workingCopy?: WorkingCopySource
}

export interface PluginDeps {
  list: ConfigManagementPlugin[]
  secrets(plugin: string): Promise<Record<string, string>>
  timeoutMs: number
  /** Which plugin rendered which app last (plugin list shows it; remove refuses while used). */
  used?(app: string, plugin: string): void
}

/** The target state of an Application: every source rendered from Git, as Argo CD's repo server does. */
export async function renderApp(app: Application, deps: RenderDeps): Promise<RenderedApp> {
  const resolved = await timed(deps.stages, 'fetch', () => resolveSources(app, deps))
  return timed(deps.stages, 'render', () => renderFromSnapshots(app, resolved, deps))
}

type Resolved = { source: ApplicationSource; revision: { commit: string; stale: boolean; fetchError?: string; digest?: string }; root: string; local?: true }

/** Each source's revision resolved (fetched as asked) and its tree checked out. */
async function resolveSources(app: Application, deps: RenderDeps): Promise<Resolved[]> {
  const sources = sourcesOf(app)
  return Promise.all(
    sources.map(async (source) => {
      if (source.chart) return { source, ...(await pullChart(source, deps)) }
      const local = workingCopyOf(source, deps.workingCopy)
      if (local) return { source, ...local }
      const revision = await deps.repos.resolve(source.repoURL, source.targetRevision, { fetch: deps.fetch ?? true, maxAgeMs: deps.maxFetchAgeMs ?? 0, ...(deps.fetchedSince === undefined ? {} : { since: deps.fetchedSince }) })
      const root = await deps.repos.snapshot(source.repoURL, revision.commit)
      return { source, revision, root }
    }),
  )
}

/** The app's objects from its checked-out sources: from the app's cache, a render shared with other apps, or a render of its own. */
async function renderFromSnapshots(app: Application, resolved: Resolved[], deps: RenderDeps): Promise<RenderedApp> {
  // Before anything renders (or is served from the cache): no snapshot may link outside itself.
  // A working copy is walked on every render (it changes); a commit's snapshot once.
  await Promise.all(resolved.map((r) => ('local' in r ? checkTree : checkSnapshot)(r.root, r.source.chart ? 'chart' : 'repository').catch((error: unknown) => {
    // Which source, when an app has several.
    throw error instanceof UserError ? new UserError(error.code, `${redactUrl(r.source.repoURL)}${r.source.chart ? ` ${r.source.chart}` : ''}: ${error.message}`, error.where) : error
  })))
  const refs = Object.fromEntries(resolved.filter((r) => r.source.ref).map((r) => [r.source.ref!, r.root]))
  // The render of a working copy is never kept or paused as if it were a Git revision's.
  if (deps.workingCopy) deps = { ...deps, cache: undefined }
  const cacheKey = deps.cache ? RenderCache.keyOf(await appRenderKeyParts(app, resolved, deps)) : ''
  const cached = deps.cache && !deps.hard ? await deps.cache.get(cacheKey) : undefined
  // A render that failed again and again is answered with its last error, unless the user asks for a hard refresh.
  const paused = deps.cache && !deps.hard && !cached ? deps.cache.pause.paused(cacheKey) : null
  if (paused) throw paused
  try {
    const result = await renderResolved(app, resolved, refs, cached, cacheKey, deps)
    deps.cache?.pause.succeeded(cacheKey)
    return result
  } catch (error) {
    deps.cache?.pause.failed(cacheKey, error)
    throw error
  }
}

async function renderResolved(app: Application, resolved: Resolved[], refs: Record<string, string>, cached: K8sObject[] | undefined, cacheKey: string, deps: RenderDeps): Promise<RenderedApp> {
  // A source with only `ref` (and no path) contributes value files, not objects.
  const types = resolved.map(({ source, root }) => (source.ref && source.path === undefined && !source.chart ? 'ref' : source.chart ? 'helm' : sourceTypeOf(source, resolveInRepo(root, source.path ?? '.', 'app path'))))
  const rendered: RenderedSource[] = resolved.map(({ source, revision }, i) => ({
    repoURL: source.repoURL,
    targetRevision: source.targetRevision ?? 'HEAD',
    commit: revision.commit,
    path: source.path ?? '',
    type: types[i]!,
    stale: revision.stale,
    ...(revision.fetchError ? { staleReason: revision.fetchError } : {}),
  }))
  if (cached) return { objects: cached, sources: rendered, cached: true }
  const renderAll = () => renderSources(app, resolved, types, refs, deps)
  // A working copy is never shared (it changes as the user edits); a hard refresh renders again.
  const output = deps.shared && !deps.workingCopy && !resolved.some((r) => r.local) ? await deps.shared.run(RenderCache.keyOf(await sharedRenderKeyParts(app, resolved, types, deps)), renderAll, { fresh: deps.hard ?? false }) : await renderAll()
  // Dependencies served from the last good build make the source stale, as a failed fetch does.
  output.stale.forEach((reason, i) => reason && Object.assign(rendered[i]!, { stale: true, staleReason: reason }))
  const finalized = finalizeObjects(output.objects, {
    appName: app.metadata.name,
    namespace: app.spec.destination.namespace,
    tracking: deps.settings?.tracking,
    isNamespaced: deps.isNamespaced,
  })
  // A render from the last good dependencies is not kept: the next one tries the build again.
  if (output.stale.every((reason) => !reason)) await deps.cache?.set(cacheKey, finalized)
  return { objects: finalized, sources: rendered, cached: false }
}

/** Every source of the app rendered, in order, before the app's own finishing (tracking, namespace). */
async function renderSources(app: Application, resolved: Resolved[], types: (SourceType | 'ref')[], refs: Record<string, string>, deps: RenderDeps): Promise<SourcesRender> {
  const objects: K8sObject[] = []
  const stale: (string | undefined)[] = []
  for (const [i, { source, revision, root }] of resolved.entries()) {
    const type = types[i]!
    if (type === 'ref') {
      stale.push(undefined)
      continue
    }
    // A chart from a Helm repository is the extracted package: value files are relative to it.
    const dir = source.chart ? root : resolveInRepo(root, source.path ?? '.', 'app path')
    const output = await renderSource(app, source, type, root, dir, refs, deps, revision.commit)
    objects.push(...output.objects)
    stale.push(output.stale)
  }
  return { objects, stale }
}

/**
 * A `chart:` source: the version Argo CD would pick from the repository's index (exact, or the
 * highest matching a semver constraint), pulled once per digest. Its "commit" is the version,
 * as Argo CD reports a Helm app's revision; the digest goes into the render cache's key.
 */
async function pullChart(source: ApplicationSource, deps: RenderDeps): Promise<{ revision: { commit: string; stale: boolean; fetchError?: string; digest: string }; root: string }> {
  if (!deps.helmRepos) throw new UserError('Invalid', `Helm repository charts (chart: ${source.chart}) cannot be rendered here`, 'spec.source.chart')
  const pulled = await deps.helmRepos.pull(source.repoURL, source.chart!, source.targetRevision ?? '', { fetch: deps.fetch ?? true, maxAgeMs: deps.maxFetchAgeMs ?? 0, passCredentials: source.helm?.passCredentials ?? false })
  return { revision: { commit: pulled.version, stale: pulled.stale, ...(pulled.staleReason ? { fetchError: pulled.staleReason } : {}), digest: pulled.digest }, root: pulled.dir }
}

/** A `plugin:` source: the plugin it names or discovers, run on a scratch copy with Argo CD's environment. */
async function renderPlugin(app: Application, source: ApplicationSource, root: string, dir: string, deps: RenderDeps, revision: string): Promise<K8sObject[]> {
  if (!deps.plugins) throw new UserError('Invalid', 'config management plugins cannot be run here', 'spec.source.plugin')
  const spec = SourcePlugin.parse(source.plugin ?? {})
  const build = buildEnvVars({ appName: app.metadata.name, namespace: app.spec.destination.namespace ?? '', project: app.spec.project, revision, repoURL: source.repoURL, path: source.path ?? '', targetRevision: source.targetRevision ?? 'HEAD' })
  const plugin = await pluginFor(deps.plugins.list, spec.name || undefined, dir, build, deps.plugins.timeoutMs)
  deps.plugins.used?.(app.metadata.name, pluginName(plugin))
  const env = pluginEnv({ build, kubeVersion: deps.kubeVersion ?? '', apiVersions: deps.apiVersions ?? [], plugin: spec, announced: plugin.spec.parameters?.static ?? [] })
  return renderWithPlugin({ plugin, repoRoot: root, appPath: relative(root, dir), env, secrets: await deps.plugins.secrets(plugin.metadata.name), timeoutMs: deps.plugins.timeoutMs })
}

/**
 * The plugin an app's plugin source uses: the one it names, or the one discovery picks in the
 * last fetched revision (null when that cannot be told: no plugin source, nothing fetched yet).
 */
export async function pluginOfApp(app: Application, deps: RenderDeps): Promise<string | null> {
  const source = sourcesOf(app).find((s) => s.plugin !== undefined)
  if (!source || !deps.plugins) return null
  const spec = SourcePlugin.parse(source.plugin ?? {})
  try {
    const revision = await deps.repos.resolve(source.repoURL, source.targetRevision, { fetch: false })
    const root = await deps.repos.snapshot(source.repoURL, revision.commit)
    await checkSnapshot(root)
    const env = buildEnvVars({ appName: app.metadata.name, namespace: app.spec.destination.namespace ?? '', project: app.spec.project, revision: revision.commit, repoURL: source.repoURL, path: source.path ?? '', targetRevision: source.targetRevision ?? 'HEAD' })
    return pluginName(await pluginFor(deps.plugins.list, spec.name || undefined, resolveInRepo(root, source.path ?? '.', 'app path'), env, deps.plugins.timeoutMs))
  } catch {
    return spec.name || null
  }
}

/** The parameters an app's plugin announces (static, then dynamic), for the app editor's fields. */
export async function pluginParametersOf(app: Application, deps: RenderDeps): Promise<{ plugin: string; parameters: ParameterAnnouncement[] }> {
  const source = sourcesOf(app).find((s) => s.plugin !== undefined)
  if (!source) throw new UserError('Invalid', `${app.metadata.name} has no plugin source`, 'spec.source.plugin')
  if (!deps.plugins) throw new UserError('Invalid', 'config management plugins cannot be run here', 'spec.source.plugin')
  const revision = await deps.repos.resolve(source.repoURL, source.targetRevision, { fetch: deps.fetch ?? true, maxAgeMs: deps.maxFetchAgeMs ?? 0 })
  const root = await deps.repos.snapshot(source.repoURL, revision.commit)
  await checkSnapshot(root)
  const dir = resolveInRepo(root, source.path ?? '.', 'app path')
  const spec = SourcePlugin.parse(source.plugin ?? {})
  const env = buildEnvVars({ appName: app.metadata.name, namespace: app.spec.destination.namespace ?? '', project: app.spec.project, revision: revision.commit, repoURL: source.repoURL, path: source.path ?? '', targetRevision: source.targetRevision ?? 'HEAD' })
  const plugin = await pluginFor(deps.plugins.list, spec.name || undefined, dir, env, deps.plugins.timeoutMs)
  const parameters = await pluginParameters({ plugin, repoRoot: root, appPath: relative(root, dir), env, secrets: await deps.plugins.secrets(plugin.metadata.name), timeoutMs: deps.plugins.timeoutMs })
  return { plugin: pluginName(plugin), parameters }
}

async function renderSource(app: Application, source: ApplicationSource, type: SourceType, root: string, dir: string, refs: Record<string, string>, deps: RenderDeps, revision: string): Promise<{ objects: K8sObject[]; stale?: string }> {
  switch (type) {
    case 'plugin':
      return { objects: await renderPlugin(app, source, root, dir, deps, revision) }
    case 'directory':
      return { objects: await renderDirectory(root, dir, source.directory, { env: buildEnvVars({ appName: app.metadata.name, namespace: app.spec.destination.namespace ?? '', project: app.spec.project, revision, repoURL: source.repoURL, path: source.path ?? '', targetRevision: source.targetRevision ?? 'HEAD' }) }) }
    case 'kustomize': {
      const buildOptions = deps.settings?.kustomizeBuildOptions
      const objects = await renderKustomize({
        kustomize: findTool('kustomize', deps.settings?.kustomizePath),
        repoRoot: root,
        appDir: dir,
        options: source.kustomize ?? {},
        env: buildEnvVars({ appName: app.metadata.name, namespace: app.spec.destination.namespace ?? '', project: app.spec.project, revision, repoURL: source.repoURL, path: source.path ?? '', targetRevision: source.targetRevision ?? 'HEAD' }),
        ...(buildOptions ? { buildOptions } : {}),
        ...(buildOptions?.includes('--enable-helm') ? { helm: findTool('helm', deps.settings?.helmPath) } : {}),
        ...(deps.kubeVersion ? { kubeVersion: deps.kubeVersion } : {}),
        ...(deps.apiVersions ? { apiVersions: deps.apiVersions } : {}),
      })
      return { objects }
    }
    case 'helm':
      return renderGitChart(app, source, root, dir, refs, deps)
  }
}

/** A chart (from Git, or a package): its dependencies built when missing, then `helm template`. */
async function renderGitChart(app: Application, source: ApplicationSource, root: string, dir: string, refs: Record<string, string>, deps: RenderDeps): Promise<{ objects: K8sObject[]; stale?: string }> {
  const helm = findTool('helm', deps.settings?.helmPath)
  const prepared = deps.helmRepos && !source.chart ? await prepareDependencies({ helm, chartDir: dir, repoRoot: root, cacheRoot: deps.helmRepos.root, credentials: deps.helmRepos.credentials, namedRepos: deps.settings?.helmRepositories ?? [], location: `${source.repoURL}|${source.path ?? ''}` }) : null
  try {
    const objects = await renderHelm({
        helm,
        repoRoot: root,
        chartDir: dir,
        ...(prepared && prepared.dir !== dir ? { templateDir: prepared.dir } : {}),
        releaseName: source.helm?.releaseName ?? app.metadata.name,
        namespace: app.spec.destination.namespace ?? 'default',
        options: source.helm ?? {},
        refs,
        ...(deps.kubeVersion ? { kubeVersion: deps.kubeVersion } : {}),
        ...(deps.apiVersions ? { apiVersions: deps.apiVersions } : {}),
      })
    return { objects, ...(prepared?.stale ? { stale: prepared.stale } : {}) }
  } finally {
    await prepared?.cleanup()
  }
}
