import type { Application, ApplicationSource } from '../model/app-schema'
import type { SourceType } from './detect'
import type { RenderDeps } from './render-app'
import { goJsonnetVersion } from './jsonnet-sandbox'
import { toolVersion } from './tools'

/** A source as resolved for a render: the commit (or chart version) and, for a chart, its digest. */
export interface ResolvedSource {
  source: ApplicationSource
  revision: { commit: string; digest?: string }
}

/** What decides a render besides the app: the sources at their commits, the cluster's capabilities, the tools and plugins. */
async function renderInputs(resolved: ResolvedSource[], deps: Pick<RenderDeps, 'kubeVersion' | 'apiVersions' | 'settings' | 'plugins'>) {
  return {
    sources: resolved.map((r) => ({ ...r.source, commit: r.revision.commit, ...(r.revision.digest ? { digest: r.revision.digest } : {}) })),
    kubeVersion: deps.kubeVersion ?? '',
    apiVersions: deps.apiVersions ?? [],
    helm: await toolVersion('helm', deps.settings?.helmPath),
    kustomize: await toolVersion('kustomize', deps.settings?.kustomizePath),
    // A directory's .jsonnet files need no `directory.jsonnet` to be evaluated, so it counts always.
    jsonnet: goJsonnetVersion,
    kustomizeBuildOptions: deps.settings?.kustomizeBuildOptions ?? '',
    // A plugin's definition decides its output as much as the source does.
    plugins: resolved.some((r) => r.source.plugin) ? (deps.plugins?.list ?? []).map((p) => [p.metadata.name, p.spec]) : [],
  }
}

/** Everything that decides an app's finished objects (tracking included); a change to any of it is a cache miss. */
export async function appRenderKeyParts(app: Application, resolved: ResolvedSource[], deps: Pick<RenderDeps, 'kubeVersion' | 'apiVersions' | 'settings' | 'plugins' | 'isNamespaced'>): Promise<unknown> {
  return {
    app: app.metadata.name,
    destination: app.spec.destination.namespace ?? '',
    // $ARGOCD_APP_PROJECT_NAME, in the build environment of Kustomize, plugins and Jsonnet.
    project: app.spec.project ?? '',
    ...(await renderInputs(resolved, deps)),
    tracking: deps.settings?.tracking ?? 'annotation',
    namespaced: deps.isNamespaced ? 'discovery' : 'builtin',
  }
}

/**
 * Whether a source's output can depend on the app it is rendered for. Helm takes the app's name
 * (the release name) and namespace; Kustomize, plugins and Jsonnet arguments see the build
 * environment ($ARGOCD_APP_NAME, $ARGOCD_APP_NAMESPACE, $ARGOCD_APP_PROJECT_NAME). Only plain
 * manifests (a directory, whose Jsonnet gets no arguments) are the same for every app.
 */
export function sourceSeesApp(source: ApplicationSource, type: SourceType | 'ref'): boolean {
  if (type === 'ref') return false
  if (type !== 'directory') return true
  const jsonnet = source.directory?.jsonnet
  return Boolean(jsonnet?.tlas?.length || jsonnet?.extVars?.length)
}

/**
 * The key of a render shared between apps, before each app's objects are finished (tracking and
 * namespace added). Two apps share a render only when everything it reads is the same: the same
 * sources at the same commits, capabilities, tools and plugins, and, when a source can see the
 * app (see sourceSeesApp), the same app name, namespace and project.
 */
export async function sharedRenderKeyParts(app: Application, resolved: ResolvedSource[], types: (SourceType | 'ref')[], deps: Pick<RenderDeps, 'kubeVersion' | 'apiVersions' | 'settings' | 'plugins'>): Promise<unknown> {
  const seesApp = resolved.some((r, i) => sourceSeesApp(r.source, types[i]!))
  return {
    ...(await renderInputs(resolved, deps)),
    types,
    // Named Helm repositories decide where a chart's dependencies come from.
    helmRepositories: deps.settings?.helmRepositories ?? [],
    app: seesApp ? { name: app.metadata.name, namespace: app.spec.destination.namespace ?? '', project: app.spec.project ?? '' } : null,
  }
}
