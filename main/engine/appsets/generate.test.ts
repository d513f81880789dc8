import { describe, expect, it } from 'vitest'
import { generateApplications } from './generate'
import type { ClusterEntry, GeneratorSources } from './generators'
import { flatten, goString } from './params'
import { planAppSet } from './plan'
import { ApplicationSet } from '../model/appset-schema'

// The sources a generator reads, as plain data (a unit test of the generators; the ground tests use real git and clusters).
const sources = (clusters: ClusterEntry[] = [], files: Record<string, string> = {}): GeneratorSources => ({
  clusters: async () => clusters,
  directories: async () => ['apps', 'apps/guestbook', 'apps/helm-guestbook', 'apps/secret', 'docs', '.hidden'.slice(1)].sort(),
  files: async (_repo, _rev, pattern) => Object.entries(files).filter(([p]) => new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*\*\/?|\*/g, '.*')}$`).test(p)).map(([path, content]) => ({ path, content })),
})
const appset = (spec: Record<string, unknown>) => ApplicationSet.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'fleet' }, spec })
const template = (name: string, path: string, server: string, extra: Record<string, unknown> = {}) => ({ metadata: { name }, spec: { project: 'default', source: { repoURL: 'https://git.example/apps.git', targetRevision: 'HEAD', path }, destination: { server, namespace: 'apps' }, ...extra } })
const kind = (name: string, labels: Record<string, string> = {}): ClusterEntry => ({ name, server: `https://${name}:6443`, labels, annotations: {} })
const summary = (apps: { metadata: { name: string }; spec: { source?: { path?: string }; destination: { server?: string; name?: string } } }[]) => apps.map((a) => `${a.metadata.name} ${a.spec.source?.path} ${a.spec.destination.server ?? a.spec.destination.name}`)

describe('ApplicationSet generators, as Argo CD names their parameters', () => {
  it('git directories: include and exclude globs; path, path.basename, path[n] (and .path.* with goTemplate)', async () => {
    const set = appset({ generators: [{ git: { repoURL: 'https://git.example/apps.git', revision: 'HEAD', directories: [{ path: 'apps/*' }, { path: 'apps/secret', exclude: true }] } }], template: template('{{path.basename}}-{{path[0]}}', '{{path}}', 'https://kubernetes.default.svc') })
    expect(summary(await generateApplications(set, sources()))).toEqual(['guestbook-apps apps/guestbook https://kubernetes.default.svc', 'helm-guestbook-apps apps/helm-guestbook https://kubernetes.default.svc'])
    const go = appset({ goTemplate: true, goTemplateOptions: ['missingkey=error'], generators: [{ git: { repoURL: 'https://git.example/apps.git', directories: [{ path: 'apps/*' }, { path: 'apps/secret', exclude: true }] } }], template: template('{{.path.basenameNormalized}}-{{index .path.segments 0}}', '{{.path.path}}', 'https://kubernetes.default.svc') })
    expect(summary(await generateApplications(go, sources()))).toEqual(['guestbook-apps apps/guestbook https://kubernetes.default.svc', 'helm-guestbook-apps apps/helm-guestbook https://kubernetes.default.svc'])
  })

  it('git files: each JSON or YAML object (or list of them) flattened, with path.filename; excluded files dropped', async () => {
    const files = { 'clusters/dev/config.json': '{"cluster": {"name": "dev", "address": "https://dev:6443"}, "replicas": 2}', 'clusters/prod/config.yaml': '- cluster: {name: prod-a, address: "https://a:6443"}\n- cluster: {name: prod-b, address: "https://b:6443"}\n', 'clusters/old/config.json': '{"cluster": {"name": "old", "address": "x"}}' }
    const set = appset({ generators: [{ git: { repoURL: 'https://git.example/apps.git', files: [{ path: 'clusters/**/config.*' }, { path: 'clusters/old/*', exclude: true }] } }], template: template('{{cluster.name}}-{{path.basename}}', 'app/{{path.filename}}/{{replicas}}', '{{cluster.address}}') })
    expect(summary(await generateApplications(set, sources([], files)))).toEqual(['dev-dev app/config.json/2 https://dev:6443', 'prod-a-prod app/config.yaml/{{replicas}} https://a:6443', 'prod-b-prod app/config.yaml/{{replicas}} https://b:6443'])
  })

  it("clusters: a selector over the clusters' labels; name, nameNormalized, server, metadata.labels.*, values", async () => {
    const clusters = [kind('Kind_A', { env: 'staging' }), kind('kind-b', { env: 'prod', region: 'eu' }), kind('kind-c')]
    const set = appset({ generators: [{ clusters: { selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'prod'] }] }, values: { branch: '{{metadata.labels.env}}-branch' } } }], template: template('{{nameNormalized}}-guestbook', 'guestbook/{{values.branch}}', '{{server}}') })
    expect(summary(await generateApplications(set, sources(clusters)))).toEqual(['kind-a-guestbook guestbook/staging-branch https://Kind_A:6443', 'kind-b-guestbook guestbook/prod-branch https://kind-b:6443'])
    const all = appset({ generators: [{ clusters: {} }], template: template('{{name}}-x', 'x', '{{server}}') })
    expect((await generateApplications(all, sources([kind('a'), kind('b')]))).map((a) => a.metadata.name)).toEqual(['a-x', 'b-x'])
  })

  it('matrix: git directories × clusters, the second generator interpolated with the first; merge by mergeKeys overrides the base sets it matches', async () => {
    const clusters = [kind('dev', { env: 'dev' }), kind('prod', { env: 'prod' })]
    const matrix = appset({ generators: [{ matrix: { generators: [{ git: { repoURL: 'https://git.example/apps.git', directories: [{ path: 'apps/*guestbook' }] } }, { clusters: { selector: { matchLabels: { env: 'prod' } } } }] } }], template: template('{{path.basename}}-{{name}}', '{{path}}', '{{server}}') })
    expect(summary(await generateApplications(matrix, sources(clusters)))).toEqual(['guestbook-prod apps/guestbook https://prod:6443', 'helm-guestbook-prod apps/helm-guestbook https://prod:6443'])
    const merge = appset({ generators: [{ merge: { mergeKeys: ['server'], generators: [{ clusters: { values: { kafka: 'true', redis: 'false' } } }, { clusters: { selector: { matchLabels: { env: 'prod' } }, values: { redis: 'true' } } }, { list: { elements: [{ server: 'https://dev:6443', 'values.redis': 'maybe' }, { server: 'https://elsewhere:6443', 'values.redis': 'x' }] } }] } }], template: template('{{name}}-{{values.kafka}}-{{values.redis}}', 'x', '{{server}}') })
    expect((await generateApplications(merge, sources(clusters))).map((a) => a.metadata.name)).toEqual(['dev-true-maybe', 'prod-true-true'])
  })

  it('list: elements and elementsYaml; a generator-level template wins over the ApplicationSet one; owner, finalizer', async () => {
    const set = appset({ generators: [{ list: { elements: [{ cluster: 'dev', url: 'https://dev:6443' }], elementsYaml: '- {cluster: qa, url: "https://qa:6443"}', template: { metadata: { labels: { from: 'list' } }, spec: { project: 'team' } } } }], template: template('{{cluster}}-app', 'app', '{{url}}') })
    const apps = await generateApplications(set, sources())
    expect(summary(apps)).toEqual(['dev-app app https://dev:6443', 'qa-app app https://qa:6443'])
    expect(apps[0]!.spec.project).toBe('team')
    expect(apps[0]!.metadata).toMatchObject({ labels: { from: 'list' }, annotations: { 'gitops-desk.io/applicationset': 'fleet' }, finalizers: ['resources-finalizer.argocd.argoproj.io'] })
    const preserved = await generateApplications(appset({ ...set.spec, syncPolicy: { preserveResourcesOnDeletion: true } }), sources())
    expect(preserved[0]!.metadata.finalizers).toBeUndefined()
  })

  it('goTemplate with Sprig, toYaml and templatePatch; missingkey=error and duplicate names fail the whole generation, naming why', async () => {
    const set = appset({ goTemplate: true, goTemplateOptions: ['missingkey=error'], generators: [{ list: { elements: [{ name: 'Web App', replicas: 3, autoSync: true }] } }], template: template('{{ .name | normalize }}', '{{ printf "apps/%s" (.name | lower | replace " " "-") }}', 'https://x:6443'), templatePatch: '{{ if .autoSync }}spec:\n  syncPolicy:\n    automated: {prune: true}\n{{ end }}' })
    const [app] = await generateApplications(set, sources())
    expect(app!.metadata.name).toBe('web-app')
    expect(app!.spec.source?.path).toBe('apps/web-app')
    expect(app!.spec.syncPolicy).toEqual({ automated: { prune: true } })
    const missing = appset({ ...set.spec, template: template('{{ .nope }}', 'x', 'https://x:6443') })
    await expect(generateApplications(missing, sources())).rejects.toThrow(/failed to execute go template \{\{ \.nope \}\}: .*map has no entry for key "nope"/)
    const dup = appset({ generators: [{ list: { elements: [{ a: '1' }, { a: '2' }] } }], template: template('same', 'x', 'https://x:6443') })
    await expect(generateApplications(dup, sources())).rejects.toThrow(/duplicate name: same/)
    await expect(generateApplications(appset({ generators: [{ pullRequest: {} }], template: template('a', 'x', 'y') }), sources())).rejects.toThrow(/spec.generators\[0\]: the pullRequest generator is not supported/)
  })

  it('a template error or a bomb names the ApplicationSet, the field and the parameter set, even when its batch was killed at a limit', async () => {
    const go = (name: string, path: string, extra: Record<string, unknown> = {}) => appset({ goTemplate: true, generators: [{ list: { elements: [{ n: 'a' }, { n: 'b' }] } }], template: template(name, path, 'https://x:6443'), ...extra })
    await expect(generateApplications(go('{{ .n }}', '{{ if eq .n "b" }}{{ fail "no b" }}{{ end }}x'), sources())).rejects.toThrow(/^ApplicationSet fleet: template\.spec\.source\.path \(spec\.generators\[0\] parameters #2\): .*no b/)
    // The walk's bomb, in metadata.name: stopped at the memory (or time) limit, named although the worker was killed.
    const bomb = generateApplications(go('x-{{ range until 100000000 }}a{{ end }}', 'apps/{{ .n }}'), sources())
    await expect(bomb).rejects.toThrow(/^ApplicationSet fleet: template\.metadata\.name \(spec\.generators\[0\] parameters #1\): goTemplate rendering (used more than 512 MiB of memory|ran longer than 10 s) and was stopped: a template loops/)
    await expect(bomb).rejects.toMatchObject({ where: 'spec.template.metadata.name' })
    // Not the first string of its batch: the culprit is still the one named.
    await expect(generateApplications(go('{{ .n }}', '{{ repeat 2000000000 "ab" }}'), sources())).rejects.toThrow(/^ApplicationSet fleet: template\.spec\.source\.path \(spec\.generators\[0\] parameters #1\): goTemplate rendering (used more than|ran longer than)/)
    await expect(generateApplications(go('{{ .n }}', 'x', { templatePatch: '{{ .n | nosuchfunc }}' }), sources())).rejects.toThrow(/^ApplicationSet fleet: templatePatch \(spec\.generators\[0\] parameters #1\): .*nosuchfunc/)
    const values = appset({ goTemplate: true, generators: [{ clusters: { values: { branch: '{{ fail "bad value" }}' } } }], template: template('{{ .name }}', 'x', '{{ .server }}') })
    await expect(generateApplications(values, sources([kind('a')]))).rejects.toThrow(/^ApplicationSet fleet: spec\.generators\[0\]\.clusters\.values\.branch: .*bad value/)
  }, 60_000)

  it('a generation is bounded: a matrix or lists that would make more than 10,000 Applications are refused at once, naming the generator', async () => {
    const list = (key: string, n: number) => ({ list: { elements: Array.from({ length: n }, (_, i) => ({ [key]: String(i) })) } })
    // 3000 × 3000 would be 9 million Applications (hours of work, gigabytes): refused as soon as the product passes the bound.
    const matrix = appset({ generators: [{ matrix: { generators: [list('a', 3000), list('b', 3000)] } }], template: template('x-{{a}}-{{b}}', 'x', 'https://x:6443') })
    await expect(generateApplications(matrix, sources())).rejects.toMatchObject({ where: 'spec.generators[0].matrix', message: expect.stringMatching(/^spec\.generators\[0\]\.matrix makes more than 10000 parameter sets/) })
    const two = appset({ generators: [list('a', 6000), list('a', 6000)], template: template('x-{{a}}', 'x', 'https://x:6443') })
    await expect(generateApplications(two, sources())).rejects.toThrow(/^ApplicationSet fleet generates more than 10000 Applications/)
    // At the bound, it generates.
    const most = appset({ generators: [{ matrix: { generators: [list('a', 100), list('b', 100)] } }], template: template('x-{{a}}-{{b}}', 'x', 'https://x:6443') })
    expect(await generateApplications(most, sources())).toHaveLength(10_000)
  }, 60_000)

  it("a large generation lets the engine's other work run while it goes (it yields to the event loop)", async () => {
    const elements = Array.from({ length: 5000 }, (_, i) => ({ n: String(i) }))
    let timerRan = false
    setTimeout(() => (timerRan = true), 0)
    const timerRanBeforeTheEnd = generateApplications(appset({ generators: [{ list: { elements } }], template: template('x-{{n}}', 'x', 'https://x:6443') }), sources()).then((apps) => (expect(apps).toHaveLength(5000), timerRan))
    expect(await timerRanBeforeTheEnd).toBe(true)
  }, 60_000)

  it('a plan under each applicationsSync policy: create, update (with the change), delete, or held back', async () => {
    const generated = await generateApplications(appset({ generators: [{ list: { elements: [{ n: 'a', p: 'new' }, { n: 'b', p: 'same' }, { n: 'c', p: 'x' }] } }], template: template('{{n}}', '{{p}}', 'https://x:6443') }), sources())
    const owned = (await generateApplications(appset({ generators: [{ list: { elements: [{ n: 'a', p: 'old' }, { n: 'b', p: 'same' }, { n: 'gone', p: 'x' }] } }], template: template('{{n}}', '{{p}}', 'https://x:6443') }), sources()))
    const plan = planAppSet(appset({ generators: [{ list: {} }], template: template('a', 'b', 'c') }), generated, owned)
    expect([plan.create, plan.update.map((u) => u.name), plan.delete, plan.unchanged]).toEqual([['c'], ['a'], ['gone'], ['b']])
    expect(plan.update[0]!.diff).toMatch(/-\s+path: old\n\+\s+path: new/)
    const createOnly = planAppSet(appset({ generators: [{ list: {} }], template: template('a', 'b', 'c'), syncPolicy: { applicationsSync: 'create-only' } }), generated, owned)
    expect([createOnly.create, createOnly.update, createOnly.delete, createOnly.heldBack.map((h) => `${h.change} ${h.name}`)]).toEqual([['c'], [], [], ['update a', 'delete gone']])
  })

  it("parameters flatten and print as Go's %v does", () => {
    expect(flatten({ a: { b: 1, c: [true, 'x'], d: {} }, e: 1000000, f: 0.0001, g: null })).toEqual({ 'a.b': '1', 'a.c.0': 'true', 'a.c.1': 'x', e: '1e+06', f: '0.0001', g: '<nil>' })
    expect([goString(123456), goString(1234567), goString(0.00001), goString(1.5)]).toEqual(['123456', '1.234567e+06', '1e-05', '1.5'])
  })

  it('RollingSync steps: an app in the first step that selects it, maxUpdate as a number or a percentage (at least one); apps no step selects are left out', async () => {
    const { rolloutSteps } = await import('./rolling-sync')
    const set = appset({ generators: [{ list: { elements: [{ n: 'a', env: 'dev' }, { n: 'b', env: 'prod' }, { n: 'c', env: 'prod' }, { n: 'd', env: 'prod' }, { n: 'e', env: 'qa' }] } }], template: { ...template('{{n}}', 'x', 'https://x:6443'), metadata: { name: '{{n}}', labels: { env: '{{env}}' } } }, strategy: { type: 'RollingSync', rollingSync: { steps: [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }], maxUpdate: '50%' }, { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['qa'] }], maxUpdate: 1 }] } } })
    const apps = await generateApplications(set, sources())
    expect(rolloutSteps(set, apps)).toEqual([{ step: 1, apps: ['a'], maxUpdate: 1 }, { step: 2, apps: ['b', 'c', 'd'], maxUpdate: 1 }, { step: 3, apps: [], maxUpdate: 1 }])
    expect(() => rolloutSteps(appset({ ...set.spec, strategy: { type: 'RollingSync', rollingSync: { steps: [{ maxUpdate: 'half' }] } } }), apps)).toThrow(/maxUpdate must be a whole number or a percentage, got "half"/)
    expect(() => rolloutSteps(appset({ ...set.spec, strategy: undefined }), apps)).toThrow(/no RollingSync strategy/)
  })
})
