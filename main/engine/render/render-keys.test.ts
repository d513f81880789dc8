import { describe, expect, it } from 'vitest'
import { Application, type ApplicationSource } from '../model/app-schema'
import type { SourceType } from './detect'
import { RenderCache } from './render-cache'
import { appRenderKeyParts, sharedRenderKeyParts, sourceSeesApp } from './render-keys'
import type { RenderDeps } from './render-app'

const commit = 'a'.repeat(40)
const appOf = (name: string, source: object, more: { namespace?: string; project?: string } = {}) =>
  Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { project: more.project ?? 'default', source: { repoURL: 'https://git.example/repo', path: 'app', ...source }, destination: { server: 'https://kubernetes.default.svc', namespace: more.namespace ?? name } } })
const resolvedOf = (app: Application, revision = commit) => [{ source: app.spec.source as ApplicationSource, revision: { commit: revision } }]
const sharedKey = async (app: Application, type: SourceType, deps: Partial<RenderDeps> = {}, revision = commit) => RenderCache.keyOf(await sharedRenderKeyParts(app, resolvedOf(app, revision), [type], deps))

describe('the key of a render shared between apps', () => {
  it('is the same for two apps of one plain directory (name, namespace and project differ): one render serves both', async () => {
    const a = appOf('shop-eu', {}, { project: 'eu' })
    const b = appOf('shop-us', {}, { project: 'us' })
    expect(await sharedKey(a, 'directory')).toBe(await sharedKey(b, 'directory'))
    // Each app's own cache key still differs: its objects carry its own tracking and namespace.
    expect(RenderCache.keyOf(await appRenderKeyParts(a, resolvedOf(a), {}))).not.toBe(RenderCache.keyOf(await appRenderKeyParts(b, resolvedOf(b), {})))
  })

  it("differs by app for Helm (release name, namespace), Kustomize and plugins (the build environment's $ARGOCD_APP_NAME)", async () => {
    for (const type of ['helm', 'kustomize', 'plugin'] as const) {
      expect(await sharedKey(appOf('a', {}), type)).not.toBe(await sharedKey(appOf('b', {}, { namespace: 'a' }), type))
      // Same name, another namespace or project: $ARGOCD_APP_NAMESPACE, $ARGOCD_APP_PROJECT_NAME, Helm's --namespace.
      expect(await sharedKey(appOf('a', {}, { namespace: 'one' }), type)).not.toBe(await sharedKey(appOf('a', {}, { namespace: 'two' }), type))
      expect(await sharedKey(appOf('a', {}, { project: 'one' }), type)).not.toBe(await sharedKey(appOf('a', {}, { project: 'two' }), type))
    }
  })

  it('differs by app for a directory whose Jsonnet gets arguments (they may name $ARGOCD_APP_NAME)', async () => {
    const jsonnet = { directory: { jsonnet: { tlas: [{ name: 'app', value: '$ARGOCD_APP_NAME' }] } } }
    expect(await sharedKey(appOf('a', jsonnet), 'directory')).not.toBe(await sharedKey(appOf('b', jsonnet), 'directory'))
    const extVars = { directory: { jsonnet: { extVars: [{ name: 'ns', value: '$ARGOCD_APP_NAMESPACE' }] } } }
    expect(await sharedKey(appOf('a', extVars, { namespace: 'x' }), 'directory')).not.toBe(await sharedKey(appOf('a', extVars, { namespace: 'y' }), 'directory'))
    // Libraries alone see no app.
    expect(sourceSeesApp({ repoURL: 'r', directory: { jsonnet: { libs: ['lib'] } } } as ApplicationSource, 'directory')).toBe(false)
  })

  it('differs by every input of the render: commit, path, source options, type, capabilities, tool options', async () => {
    const base = await sharedKey(appOf('a', {}), 'directory')
    const variants = [
      await sharedKey(appOf('a', {}), 'directory', {}, 'b'.repeat(40)),
      await sharedKey(appOf('a', { path: 'other' }), 'directory'),
      await sharedKey(appOf('a', { repoURL: 'https://git.example/fork' }), 'directory'),
      await sharedKey(appOf('a', { targetRevision: 'v2' }), 'directory'),
      await sharedKey(appOf('a', { directory: { recurse: true } }), 'directory'),
      await sharedKey(appOf('a', { directory: { include: '*.yaml' } }), 'directory'),
      await sharedKey(appOf('a', {}), 'directory', { kubeVersion: '1.35.0' }),
      await sharedKey(appOf('a', {}), 'directory', { apiVersions: ['example.com/v1'] }),
      await sharedKey(appOf('a', {}), 'directory', { settings: { kustomizeBuildOptions: '--enable-helm' } }),
      await sharedKey(appOf('a', {}), 'directory', { settings: { helmRepositories: [{ name: 'charts', url: 'https://charts.example' }] } }),
    ]
    for (const variant of variants) expect(variant).not.toBe(base)
    expect(new Set(variants).size).toBe(variants.length)
    // A chart's digest: the same version re-published is another render.
    const app = appOf('a', { chart: 'web', repoURL: 'https://charts.example', path: undefined, targetRevision: '1.0.0' })
    const chartKey = async (digest: string) => RenderCache.keyOf(await sharedRenderKeyParts(app, [{ source: app.spec.source!, revision: { commit: '1.0.0', digest } }], ['helm'], {}))
    expect(await chartKey('sha256:1')).not.toBe(await chartKey('sha256:2'))
  })

  it('differs by app when any source of a multi-source app sees the app', async () => {
    const sources = (name: string) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { sources: [{ repoURL: 'https://git.example/repo', path: 'plain' }, { repoURL: 'https://git.example/repo', path: 'chart' }], destination: { server: 'https://kubernetes.default.svc', namespace: 'x' } } })
    const key = async (app: Application, types: SourceType[]) => RenderCache.keyOf(await sharedRenderKeyParts(app, app.spec.sources!.map((source) => ({ source, revision: { commit } })), types, {}))
    expect(await key(sources('a'), ['directory', 'helm'])).not.toBe(await key(sources('b'), ['directory', 'helm']))
    expect(await key(sources('a'), ['directory', 'directory'])).toBe(await key(sources('b'), ['directory', 'directory']))
  })
})
