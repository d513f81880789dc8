import { sourcesOf, type Application, type ApplicationSource } from '../apps/schema'
import { UserError } from '../errors'
import type { GitRepoCache } from '../repos/git-cache'
import { sourceTypeOf, type SourceType } from './detect'
import { renderDirectory } from './directory'
import { renderHelm } from './helm'
import { renderKustomize } from './kustomize'
import type { K8sObject } from './objects'
import { resolveInRepo } from './paths'
import { findTool } from './tools'
import { finalizeObjects, type IsNamespaced, type TrackingMethod } from './tracking'

export interface RenderSettings {
  helmPath?: string
  kustomizePath?: string
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
}

export interface RenderDeps {
  repos: GitRepoCache
  settings?: RenderSettings
  /** From the destination cluster's discovery, when known. */
  isNamespaced?: IsNamespaced
  kubeVersion?: string
  apiVersions?: string[]
  /** Re-resolve revisions from the remote (false: use what was last fetched). */
  fetch?: boolean
}

/** The target state of an Application: every source rendered from Git, as Argo CD's repo server does. */
export async function renderApp(app: Application, deps: RenderDeps): Promise<RenderedApp> {
  const sources = sourcesOf(app)
  const resolved = await Promise.all(
    sources.map(async (source) => {
      const revision = await deps.repos.resolve(source.repoURL, source.targetRevision, { fetch: deps.fetch ?? true })
      const root = await deps.repos.snapshot(source.repoURL, revision.commit)
      return { source, revision, root }
    }),
  )
  const refs = Object.fromEntries(resolved.filter((r) => r.source.ref).map((r) => [r.source.ref!, r.root]))
  const objects: K8sObject[] = []
  const rendered: RenderedSource[] = []
  for (const { source, revision, root } of resolved) {
    const base: Omit<RenderedSource, 'type'> = {
      repoURL: source.repoURL,
      targetRevision: source.targetRevision ?? 'HEAD',
      commit: revision.commit,
      path: source.path ?? '',
      stale: revision.stale,
      ...(revision.fetchError ? { staleReason: revision.fetchError } : {}),
    }
    // A source with only `ref` (and no path) contributes value files, not objects.
    if (source.ref && source.path === undefined && !source.chart) {
      rendered.push({ ...base, type: 'ref' })
      continue
    }
    if (source.chart) throw new UserError('Invalid', `Helm repository charts (chart: ${source.chart}) are not supported yet; use a chart in Git`, 'spec.source.chart')
    const dir = resolveInRepo(root, source.path ?? '.', 'app path')
    const type = sourceTypeOf(source, dir)
    objects.push(...(await renderSource(app, source, type, root, dir, refs, deps)))
    rendered.push({ ...base, type })
  }
  return {
    objects: finalizeObjects(objects, {
      appName: app.metadata.name,
      namespace: app.spec.destination.namespace,
      tracking: deps.settings?.tracking,
      isNamespaced: deps.isNamespaced,
    }),
    sources: rendered,
  }
}

function renderSource(app: Application, source: ApplicationSource, type: SourceType, root: string, dir: string, refs: Record<string, string>, deps: RenderDeps): Promise<K8sObject[]> {
  switch (type) {
    case 'directory':
      return renderDirectory(root, dir, source.directory)
    case 'kustomize':
      return renderKustomize({ kustomize: findTool('kustomize', deps.settings?.kustomizePath), repoRoot: root, appDir: dir, options: source.kustomize ?? {} })
    case 'helm':
      return renderHelm({
        helm: findTool('helm', deps.settings?.helmPath),
        repoRoot: root,
        chartDir: dir,
        releaseName: source.helm?.releaseName ?? app.metadata.name,
        namespace: app.spec.destination.namespace ?? 'default',
        options: source.helm ?? {},
        refs,
        ...(deps.kubeVersion ? { kubeVersion: deps.kubeVersion } : {}),
        ...(deps.apiVersions ? { apiVersions: deps.apiVersions } : {}),
      })
  }
}
