import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it, vi } from 'vitest'
import { Application } from '../../main/engine/model/app-schema'
import { UserError } from '../../main/engine/base/errors'
import { GitRepoCache } from '../../main/engine/repos/git-cache'
import { resourceKey, type K8sObject } from '../../main/engine/base/objects'
import { objectsFromYaml } from '../../main/engine/render/objects'
import { renderApp, type RenderDeps } from '../../main/engine/render/render-app'
import { finalizeObjects } from '../../main/engine/base/tracking'
import { chartsDir } from '../ground/chart-repo'
import { FixtureRepo, fixturesDir } from '../ground/git-fixture'

const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook', 'helm-guestbook', 'kustomize-guestbook', 'sock-shop', 'helm-hooks', 'sync-waves', 'pre-post-sync', 'apps'])
const cacheRoot = mkdtempSync(join(tmpdir(), 'gitops-desk-cache-'))
const deps: RenderDeps = { repos: new GitRepoCache(cacheRoot), settings: { helmPath: bin.helm, kustomizePath: bin.kustomize } }
afterAll(() => repo.remove())

function app(name: string, source: Record<string, unknown>, namespace = name): Application {
  return Application.parse({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { source: { repoURL: repo.url, targetRevision: 'HEAD', ...source }, destination: { server: 'https://kubernetes.default.svc', namespace } },
  })
}

/** What Argo CD does to a tool's direct output: destination namespace and tracking annotation. */
const expected = (appName: string, namespace: string, yamlText: string) => byKey(finalizeObjects(objectsFromYaml(yamlText, 'direct'), { appName, namespace }))
const byKey = (objects: K8sObject[]) => Object.fromEntries(objects.map((o) => [resourceKey(o), o]))
const direct = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' })

describe('rendering fixture apps from a local git repository', () => {
  it('guestbook (directory): every manifest, in the destination namespace, with the tracking id', async () => {
    const { objects, sources } = await renderApp(app('guestbook', { path: 'guestbook' }), deps)
    expect(objects.map(resourceKey).sort()).toEqual(['/Service/guestbook/guestbook-ui', 'apps/Deployment/guestbook/guestbook-ui'])
    const deployment = objects.find((o) => o.kind === 'Deployment')!
    expect(deployment.metadata.annotations?.['argocd.argoproj.io/tracking-id']).toBe('guestbook:apps/Deployment:guestbook/guestbook-ui')
    expect(sources).toEqual([expect.objectContaining({ type: 'directory', commit: repo.head(), stale: false })])
  })

  it('helm-guestbook with values-production.yaml and a parameter override equals helm template', async () => {
    const a = app('hg', { path: 'helm-guestbook', helm: { valueFiles: ['values-production.yaml'], parameters: [{ name: 'replicaCount', value: '3' }] } }, 'prod')
    const { objects } = await renderApp(a, deps)
    const want = expected('hg', 'prod', direct(bin.helm, ['template', 'hg', join(fixturesDir, 'helm-guestbook'), '--namespace', 'prod', '--include-crds', '--values', join(fixturesDir, 'helm-guestbook/values-production.yaml'), '--set', 'replicaCount=3']))
    expect(byKey(objects)).toEqual(want)
    expect(objects.find((o) => o.kind === 'Service')?.spec).toMatchObject({ type: 'LoadBalancer' })
    expect(objects.find((o) => o.kind === 'Deployment')?.spec).toMatchObject({ replicas: 3 })
  })

  it('kustomize-guestbook with namePrefix and an image override', async () => {
    const a = app('kg', { path: 'kustomize-guestbook', kustomize: { namePrefix: 'staging-', images: ['gcr.io/google-samples/gb-frontend:v6'] } })
    const { objects } = await renderApp(a, deps)
    const plain = expected('kg', 'kg', direct(bin.kustomize, ['build', join(fixturesDir, 'kustomize-guestbook')]))
    expect(objects.map((o) => o.metadata.name).sort()).toEqual(['staging-guestbook-ui', 'staging-guestbook-ui'])
    const deployment = objects.find((o) => o.kind === 'Deployment') as K8sObject & { spec: { template: { spec: { containers: { image: string }[] } } } }
    expect(deployment.spec.template.spec.containers[0]!.image).toBe('gcr.io/google-samples/gb-frontend:v6')
    const plainDeployment = plain['apps/Deployment/kg/kustomize-guestbook-ui'] as typeof deployment
    expect({ ...deployment.spec, template: undefined }).toEqual({ ...plainDeployment.spec, template: undefined })
  })

  for (const [name, tool] of [['sock-shop', 'kustomize'], ['pre-post-sync', 'kustomize'], ['helm-hooks', 'directory'], ['sync-waves', 'directory']] as const) {
    it(`${name} equals ${tool === 'kustomize' ? 'kustomize build' : 'its manifests'}, object by object`, async () => {
      const { objects } = await renderApp(app(name, { path: name }), deps)
      const text = tool === 'kustomize' ? direct(bin.kustomize, ['build', join(fixturesDir, name)]) : direct('cat', [join(fixturesDir, name, 'manifests.yaml')])
      expect(objects.length).toBeGreaterThan(1)
      expect(byKey(objects)).toEqual(expected(name, name, text))
    })
  }

  it('apps (app-of-apps) renders Application objects like helm template', async () => {
    const { objects } = await renderApp(app('apps', { path: 'apps' }, 'argocd'), deps)
    expect(objects.every((o) => o.kind === 'Application')).toBe(true)
    expect(byKey(objects)).toEqual(expected('apps', 'argocd', direct(bin.helm, ['template', 'apps', join(fixturesDir, 'apps'), '--namespace', 'argocd', '--include-crds'])))
  })
})

describe("helm options as Argo CD passes them", () => {
  it('fileParameters set a value from a file of the repository (--set-file), never from outside it; skipTests and skipSchemaValidation are passed', async () => {
    const own = FixtureRepo.create(['helm-guestbook'])
    try {
      writeFileSync(join(own.dir, 'helm-guestbook', 'service-type.txt'), 'NodePort')
      own.commit('a file parameter')
      const withFile = (path: string) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'hf' }, spec: { source: { repoURL: own.url, path: 'helm-guestbook', helm: { fileParameters: [{ name: 'service.type', path }], skipTests: true, skipSchemaValidation: true } }, destination: { server: 'https://kubernetes.default.svc', namespace: 'hf' } } })
      const { objects } = await renderApp(withFile('service-type.txt'), deps)
      expect((objects.find((o) => o.kind === 'Service') as unknown as { spec: { type: string } }).spec.type).toBe('NodePort')
      await expect(renderApp(withFile('../../../etc/passwd'), deps)).rejects.toThrow(/file parameter ".*etc\/passwd" is outside the repository/)
    } finally {
      own.remove()
    }
  })
})

describe('kustomize as Argo CD runs it', () => {
  it('kustomize.patches are applied (appended to the kustomization), as a hand-edited kustomization would be', async () => {
    const patch = { target: { kind: 'Deployment' }, patch: JSON.stringify([{ op: 'replace', path: '/spec/replicas', value: 3 }]) }
    const { objects } = await renderApp(app('kp', { path: 'kustomize-guestbook', kustomize: { patches: [patch] } }), deps)
    const edited = FixtureRepo.create(['kustomize-guestbook'])
    try {
      const file = join(edited.dir, 'kustomize-guestbook', 'kustomization.yaml')
      const kustomization = YAML.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
      writeFileSync(file, YAML.stringify({ ...kustomization, patches: [patch] }))
      expect(byKey(objects)).toEqual(expected('kp', 'kp', direct(bin.kustomize, ['build', join(edited.dir, 'kustomize-guestbook')])))
      expect((objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: number } }).spec.replicas).toBe(3)
    } finally {
      edited.remove()
    }
  })

  it("images and labels expand Argo CD's build environment (${ARGOCD_APP_REVISION_SHORT}, ${ARGOCD_APP_NAME})", async () => {
    const { objects, sources } = await renderApp(app('kenv', { path: 'kustomize-guestbook', kustomize: { images: ['gcr.io/google-samples/gb-frontend:${ARGOCD_APP_REVISION_SHORT}'], commonLabels: { owner: '${ARGOCD_APP_NAME}' } } }), deps)
    const deployment = objects.find((o) => o.kind === 'Deployment') as K8sObject & { spec: { template: { spec: { containers: { image: string }[] } } } }
    expect(deployment.spec.template.spec.containers[0]!.image).toBe(`gcr.io/google-samples/gb-frontend:${sources[0]!.commit.slice(0, 7)}`)
    expect(deployment.metadata.labels).toMatchObject({ owner: 'kenv' })
  })

  it('a kustomization with helmCharts needs --enable-helm (Argo CD kustomize.buildOptions), then equals kustomize build --enable-helm', async () => {
    const own = FixtureRepo.create([])
    try {
      cpSync(join(chartsDir, 'hello'), join(own.dir, 'with-helm', 'charts', 'hello'), { recursive: true })
      writeFileSync(join(own.dir, 'with-helm', 'kustomization.yaml'), YAML.stringify({ helmGlobals: { chartHome: 'charts' }, helmCharts: [{ name: 'hello', releaseName: 'hc', valuesInline: { greeting: 'from kustomize' } }] }))
      own.commit('helmCharts')
      const a = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'hc' }, spec: { source: { repoURL: own.url, path: 'with-helm' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'hc' } } })
      await expect(renderApp(a, deps)).rejects.toThrow(/helmCharts, which need the build option --enable-helm \(Settings/)
      const { objects } = await renderApp(a, { ...deps, settings: { ...deps.settings, kustomizeBuildOptions: '--enable-helm' } })
      expect(objects.find((o) => o.kind === 'ConfigMap')?.data).toMatchObject({ greeting: 'from kustomize' })
      const plain = direct(bin.kustomize, ['build', join(own.dir, 'with-helm'), '--enable-helm', '--helm-command', bin.helm])
      expect(byKey(objects)).toEqual(expected('hc', 'hc', plain))
    } finally {
      own.remove()
    }
  })
})

describe('revisions', () => {
  it('picks up a new commit on the branch; a pinned SHA stays where it was', async () => {
    const own = FixtureRepo.create(['guestbook'])
    try {
      const first = own.head()
      const mk = (rev: string) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'g' }, spec: { source: { repoURL: own.url, targetRevision: rev, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'g' } } })
      const replicasOf = async (rev: string) => ((await renderApp(mk(rev), deps)).objects.find((o) => o.kind === 'Deployment')!.spec as { replicas: number }).replicas
      expect(await replicasOf('main')).toBe(1)
      const file = join(own.dir, 'guestbook/guestbook-ui-deployment.yaml')
      const doc = YAML.parse(execFileSync('cat', [file], { encoding: 'utf8' }))
      doc.spec.replicas = 4
      writeFileSync(file, YAML.stringify(doc))
      own.commit('Scale to 4')
      own.git('tag', 'v2')
      expect(await replicasOf('main')).toBe(4)
      expect(await replicasOf('HEAD')).toBe(4)
      expect(await replicasOf('v2')).toBe(4)
      expect(await replicasOf(first)).toBe(1)
      expect(await replicasOf(first.slice(0, 8))).toBe(1)
    } finally {
      own.remove()
    }
  })

  it('serves the last fetched state, marked stale, when the remote is gone', async () => {
    const own = FixtureRepo.create(['guestbook'])
    const a = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'g' }, spec: { source: { repoURL: own.url, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'g' } } })
    await renderApp(a, deps)
    own.remove()
    const again = await renderApp(a, deps)
    expect(again.objects).toHaveLength(2)
    expect(again.sources[0]).toMatchObject({ stale: true, staleReason: expect.stringContaining('cannot fetch') })
  })
})

describe('bad input is refused with a clear error', () => {
  const failure = async (a: Application) => {
    try {
      await renderApp(a, deps)
    } catch (error) {
      if (error instanceof UserError) return { code: error.code, message: error.message, where: error.where }
      throw error
    }
    throw new Error('render succeeded')
  }

  it('a revision that does not exist', async () => {
    expect(await failure(app('x', { path: 'guestbook', targetRevision: 'no-such-branch' }))).toMatchObject({ code: 'NotFound', message: expect.stringContaining('revision "no-such-branch" not found') })
  })

  it('a path outside the repository, and a symlink that leads out of it', async () => {
    expect(await failure(app('x', { path: '../../../etc' }))).toMatchObject({ code: 'Invalid', message: expect.stringContaining('outside the repository') })
    const own = FixtureRepo.create(['guestbook'])
    try {
      symlinkSync('/etc', join(own.dir, 'escape'))
      symlinkSync('/etc/hostname', join(own.dir, 'guestbook', 'host.yaml'))
      own.commit('Add escaping symlinks')
      const mk = (path: string) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'e' }, spec: { source: { repoURL: own.url, path }, destination: { server: 'https://kubernetes.default.svc', namespace: 'e' } } })
      expect(await failure(mk('escape'))).toMatchObject({ message: expect.stringContaining('symlink that leads outside the repository') })
      expect(await failure(mk('guestbook'))).toMatchObject({ message: expect.stringContaining('symlink that leads outside the repository') })
    } finally {
      own.remove()
    }
  })

  it('a Helm failure carries helm’s own message', async () => {
    const result = await failure(app('x', { path: 'helm-guestbook', helm: { valueFiles: ['missing-values.yaml'] } }))
    expect(result).toMatchObject({ code: 'NotFound', message: expect.stringContaining('value file "helm-guestbook/missing-values.yaml" does not exist') })
    const broken = await failure(app('x', { path: 'helm-guestbook', helm: { parameters: [{ name: 'image[', value: 'x' }] } }))
    expect(broken.message).toMatch(/^helm template helm-guestbook failed: .+/)
  })

  it('invalid YAML in a directory names the file and line', async () => {
    const own = FixtureRepo.create(['guestbook'])
    try {
      writeFileSync(join(own.dir, 'guestbook', 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n')
      own.commit('Break it')
      const a = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'b' }, spec: { source: { repoURL: own.url, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'b' } } })
      expect(await failure(a)).toMatchObject({ code: 'Invalid', where: expect.stringMatching(/^guestbook\/broken\.yaml:\d+$/) })
    } finally {
      own.remove()
    }
  })

  it('a missing helm binary says which binary and where to set its path', async () => {
    const noHelm: RenderDeps = { ...deps, settings: { helmPath: '/nonexistent/helm' } }
    await expect(renderApp(app('x', { path: 'helm-guestbook' }), noHelm)).rejects.toThrow(/helm not found at \/nonexistent\/helm .*Settings → Tools/)
  })
})

describe('multi-source', () => {
  it('renders a Helm chart from one repo with value files from another ($values/...)', async () => {
    const values = FixtureRepo.create([])
    try {
      execFileSync('mkdir', ['-p', join(values.dir, 'envs')])
      writeFileSync(join(values.dir, 'envs/prod.yaml'), 'replicaCount: 2\nservice:\n  type: NodePort\n')
      values.commit('prod values')
      const a = Application.parse({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'ms' },
        spec: {
          sources: [
            { repoURL: repo.url, path: 'helm-guestbook', targetRevision: 'main', helm: { valueFiles: ['$values/envs/prod.yaml'] } },
            { repoURL: values.url, targetRevision: 'main', ref: 'values' },
          ],
          destination: { server: 'https://kubernetes.default.svc', namespace: 'ms' },
        },
      })
      const { objects, sources } = await renderApp(a, deps)
      const want = expected('ms', 'ms', direct(bin.helm, ['template', 'ms', join(fixturesDir, 'helm-guestbook'), '--namespace', 'ms', '--include-crds', '--values', join(values.dir, 'envs/prod.yaml')]))
      expect(byKey(objects)).toEqual(want)
      expect(objects.find((o) => o.kind === 'Service')?.spec).toMatchObject({ type: 'NodePort' })
      expect(sources.map((s) => s.type)).toEqual(['helm', 'ref'])
    } finally {
      values.remove()
    }
  })
})

describe('render cache', () => {
  it('serves an unchanged app from the cache (memory, then disk), and renders again on hard refresh', async () => {
    const { RenderCache } = await import('../../main/engine/render/render-cache')
    const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-render-cache-'))
    const a = app('hg-cache', { path: 'helm-guestbook' })
    const first = await renderApp(a, { ...deps, cache: new RenderCache(dir) })
    const cache = new RenderCache(dir) // a fresh process: only the disk has it
    const fromDisk = await renderApp(a, { ...deps, cache })
    expect(first.cached).toBe(false)
    expect(fromDisk).toMatchObject({ cached: true, objects: first.objects })
    expect((await renderApp(a, { ...deps, cache })).cached).toBe(true)
    expect((await renderApp(a, { ...deps, cache, hard: true })).cached).toBe(false)
    const changed = app('hg-cache', { path: 'helm-guestbook', helm: { parameters: [{ name: 'replicaCount', value: '2' }] } })
    expect((await renderApp(changed, { ...deps, cache })).cached).toBe(false)
  })
})

describe('repository cache', () => {
  it('shares one fetch between concurrent requests for the same repository', async () => {
    const cache = new GitRepoCache(mkdtempSync(join(tmpdir(), 'gitops-desk-cache-')))
    const fetches = vi.spyOn(cache as unknown as { doFetch: (url: string) => Promise<void> }, 'doFetch')
    const results = await Promise.all(Array.from({ length: 5 }, () => cache.resolve(repo.url, 'main')))
    expect(new Set(results.map((r) => r.commit))).toEqual(new Set([repo.head()]))
    expect(fetches).toHaveBeenCalledTimes(1)
    const [a, b] = await Promise.all([cache.snapshot(repo.url, repo.head()), cache.snapshot(repo.url, repo.head())])
    expect(a).toBe(b)
  })
})

describe('hostile repository content', () => {
  it('a 100 MB manifest and 100,000 manifest files are refused with a clear error, not rendered', async () => {
    const hostile = FixtureRepo.create([])
    try {
      const { mkdirSync, openSync, writeSync, closeSync } = await import('node:fs')
      mkdirSync(join(hostile.dir, 'huge'))
      const fd = openSync(join(hostile.dir, 'huge', 'huge.yaml'), 'w')
      const chunk = Buffer.from(`# ${'x'.repeat(1022)}\n`)
      for (let i = 0; i < 100 * 1024; i++) writeSync(fd, chunk)
      closeSync(fd)
      mkdirSync(join(hostile.dir, 'many'))
      for (let i = 0; i < 100_000; i++) writeFileSync(join(hostile.dir, 'many', `cm-${i}.yaml`), `kind: ConfigMap\napiVersion: v1\nmetadata: {name: c${i}}\n`)
      hostile.commit('hostile')
      const at = (name: string, path: string) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: hostile.url, path }, destination: { server: 'https://kubernetes.default.svc', namespace: name } } })
      await expect(renderApp(at('huge', 'huge'), deps)).rejects.toMatchObject({ code: 'Invalid', message: 'file is larger than 8 MiB', where: 'huge/huge.yaml' })
      await expect(renderApp(at('many', 'many'), deps)).rejects.toMatchObject({ code: 'Invalid', message: 'more than 10000 manifest files under the app path' })
    } finally {
      hostile.remove()
    }
    // A hang guard, not a speed check: writing, committing and cloning 100,000 files took 132 s
    // on a 2-core machine at a load of 20 (a CI run beside six e2e runs).
  }, 600_000)
})
