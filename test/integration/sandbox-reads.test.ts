import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { Application } from '../../main/engine/model/app-schema'
import { UserError } from '../../main/engine/base/errors'
import { repoKey } from '../../main/engine/repos/git-cache'
import { snapshotWalks } from '../../main/engine/render/snapshot-check'
import { checkAppSource } from '../../main/engine/service/app-form-check'
import { startChartRepo, stopChartRepo, type ChartRepoState } from '../ground/chart-repo'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'

// Issue 30, items 1-4: a repository cannot read the user's files. Hostile repositories (made here
// with real git) link or climb out of themselves from every source type; each render is refused
// with the file named, and a marker written outside every repository is found nowhere: not in an
// error, not in rendered objects, not in any file of the data folder.
const bin = inject('groundBinaries')
const marker = `OUTSIDE-MARKER-${randomBytes(8).toString('hex')}`
const outside = mkdtempSync(join(tmpdir(), 'gitops-desk-outside-'))
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-sandbox-'))
const desk = openDesk({ dataDir, secrets: new MemorySecrets(), start: false, syncPollMs: 250, controller: { autoSync: false } })
const repos: FixtureRepo[] = []
let charts: ChartRepoState | undefined

const configMap = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: ${JSON.stringify(value)}\n`
const secretFile = join(outside, 'secret.txt')
writeFileSync(secretFile, `${marker}\n`)
mkdirSync(join(outside, 'kust'))
writeFileSync(join(outside, 'kust', 'kustomization.yaml'), 'resources: [cm.yaml]\n')
writeFileSync(join(outside, 'kust', 'cm.yaml'), configMap('stolen', marker))

beforeAll(() => desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize })))
afterAll(async () => {
  await desk.close()
  if (charts) await stopChartRepo(charts)
  for (const repo of repos) repo.remove()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

/** A repository with these files (text) and symlinks ({ link: target }), committed. */
function hostileRepo(files: Record<string, string>, links: Record<string, string> = {}): FixtureRepo {
  const repo = FixtureRepo.create([])
  repos.push(repo)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo.dir, path)), { recursive: true })
    writeFileSync(join(repo.dir, path), text)
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(repo.dir, path)), { recursive: true })
    symlinkSync(target, join(repo.dir, path))
  }
  repo.commit('hostile content')
  return repo
}

/**
 * Links that pass Argo CD's lexical rule (and node-tar's) but lead out through another link:
 * d1/…/d5/b is the tree's root, so `b/..` is its parent. From a tree 5 folders below the temporary
 * folder (the data folder's cache/trees/KEY/COMMIT, cache/helm/charts/DIGEST) `file` reaches the
 * secret outside.
 */
function chainedLinks(file: string): Record<string, string> {
  const back = '../'.repeat(file.split('/').length - 1)
  return { 'd1/d2/d3/d4/d5/b': '../../../../..', [file]: `${back}d1/d2/d3/d4/d5/b/${'../'.repeat(5)}${relative(tmpdir(), secretFile)}` }
}

const app = (repo: FixtureRepo | string, source: Record<string, unknown>) =>
  Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'hostile' }, spec: { source: { repoURL: typeof repo === 'string' ? repo : repo.url, targetRevision: 'HEAD', ...source }, destination: { server: 'https://kubernetes.default.svc', namespace: 'hostile' } } })

/** The render fails with a UserError naming `file` (and saying `says`), and nothing from outside in it. */
async function refused(application: Application, file: string, says: RegExp): Promise<UserError> {
  const error = await desk.render(application, true).then(
    (rendered) => new Error(`rendered: ${JSON.stringify(rendered.objects).slice(0, 300)}`),
    (e: unknown) => e as Error,
  )
  expect(error).toBeInstanceOf(UserError)
  expect(error.message).toContain(file)
  expect(error.message).toMatch(says)
  expect((error as UserError).where).toBe(file)
  expect(error.message).not.toContain(marker)
  // A link's target is never shown (a path a kustomization writes is the repository's own text).
  if (says === outOfBounds) expect(error.message).not.toContain(outside)
  return error as UserError
}
const outOfBounds = /out-of-bounds symlink in the repository \(Argo CD refuses it too\): ".+" is a symlink that leads outside the repository/

describe('reads outside the repository are refused, whatever the source type', () => {
  it('directory: a manifest linked (absolute or relative) to a file outside', async () => {
    const abs = hostileRepo({ 'app/ok.yaml': configMap('ok', 'fine') }, { 'app/leak.yaml': secretFile })
    await refused(app(abs, { path: 'app' }), 'app/leak.yaml', outOfBounds)
    const rel = hostileRepo({ 'app/ok.yaml': configMap('ok', 'fine') }, { 'app/leak.yaml': relative(join(tmpdir(), 'any', 'repo', 'app'), secretFile) })
    await refused(app(rel, { path: 'app' }), 'app/leak.yaml', outOfBounds)
    const chained = hostileRepo({ 'app/ok.yaml': configMap('ok', 'fine') }, chainedLinks('app/leak.yaml'))
    await refused(app(chained, { path: 'app' }), 'app/leak.yaml', outOfBounds)
  })

  it('Helm: .Files.Get of a file linked out of the chart, .Files.Glob of a folder linked out, a schema $ref to a file', async () => {
    const chart = 'apiVersion: v2\nname: leaky\nversion: 0.1.0\n'
    const get = hostileRepo({ 'chart/Chart.yaml': chart, 'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  value: {{ .Files.Get "files/passwd.txt" | quote }}\n' }, { 'chart/files/passwd.txt': secretFile })
    await refused(app(get, { path: 'chart' }), 'chart/files/passwd.txt', outOfBounds)
    const glob = hostileRepo({ 'chart/Chart.yaml': chart, 'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n{{ (.Files.Glob "files/**").AsConfig | indent 2 }}\n' }, { 'chart/files/outside': outside })
    await refused(app(glob, { path: 'chart' }), 'chart/files/outside', outOfBounds)
    // A link anywhere in the repository refuses it, as Argo CD's repo server does (not only in the app's path).
    const elsewhere = hostileRepo({ 'chart/Chart.yaml': chart, 'chart/templates/cm.yaml': configMap('fine', 'fine') }, { 'other/leak': secretFile })
    await refused(app(elsewhere, { path: 'chart' }), 'other/leak', outOfBounds)
    // helm's JSON Schema library loads a values.schema.json's $ref from this machine (file URLs, paths from /) and quotes what it found.
    const schema = hostileRepo({ 'chart/Chart.yaml': chart, 'chart/templates/cm.yaml': configMap('fine', 'fine'), 'chart/values.schema.json': JSON.stringify({ properties: { a: { $ref: `file://${secretFile}` } } }) })
    await refused(app(schema, { path: 'chart' }), 'chart/values.schema.json', /chart\/values\.schema\.json: \$ref "file:\/\/.+" at "\/properties\/a" would be read from this machine/)
  })

  it('Helm: value files outside the repository, by .. or from its root, are refused; absolute ones resolve from the root as in Argo CD', async () => {
    const repo = hostileRepo({ 'envs/prod.yaml': 'greeting: from-the-root\n', 'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', 'charts/web/values.yaml': 'greeting: default\n', 'charts/web/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  greeting: {{ .Values.greeting | quote }}\n' })
    const rendered = await desk.render(app(repo, { path: 'charts/web', helm: { valueFiles: ['/envs/prod.yaml'] } }), true)
    expect(rendered.objects.find((o) => o.kind === 'ConfigMap')).toMatchObject({ data: { greeting: 'from-the-root' } })
    const climbing = relative(join(tmpdir(), 'x', 'charts', 'web'), secretFile)
    for (const valueFile of [climbing, `/../../../../..${secretFile}`]) {
      const error = await desk.render(app(repo, { path: 'charts/web', helm: { valueFiles: [valueFile] } }), true).then(() => null, (e: unknown) => e as UserError)
      expect(error).toBeInstanceOf(UserError)
      expect(error!.message).toMatch(/value file ".+" is outside the repository/)
      expect(error!.message).not.toContain(marker)
    }
  })

  it('Helm with dependencies to build: the scratch copy keeps what links mean in the repository; file:// dependencies stay inside it', async () => {
    const needsCommon = (name: string, repository = 'file://../../../lib/common') => `apiVersion: v2\nname: ${name}\nversion: 0.1.0\ndependencies:\n  - name: common\n    version: 0.1.0\n    repository: ${repository}\n`
    const template = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: files\ndata:\n  value: {{ .Files.Get "files/x" | quote }}\n'
    // From a/b/CHART/files, ../../../X is a/X in the repository (inside it), but in a copy of the chart alone it is the copy's temporary folder's X.
    const repo = hostileRepo(
      { 'lib/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 0.1.0\n', 'shared/config.txt': 'inside-text', 'a/b/good/Chart.yaml': needsCommon('good'), 'a/b/good/templates/cm.yaml': template, 'a/b/leaky/Chart.yaml': needsCommon('leaky'), 'a/b/leaky/templates/cm.yaml': template },
      { 'a/b/good/files/x': '../../../../shared/config.txt', 'a/b/leaky/files/x': `../../../${relative(tmpdir(), secretFile)}` },
    )
    expect((await desk.render(app(repo, { path: 'a/b/good' }), true)).objects).toMatchObject([{ metadata: { name: 'files' }, data: { value: 'inside-text' } }])
    const leaky = await desk.render(app(repo, { path: 'a/b/leaky' }), true).then((r) => JSON.stringify(r.objects), (e: Error) => e.message)
    expect(leaky).not.toContain(marker)
    const outsideDependency = hostileRepo({ 'chart/Chart.yaml': needsCommon('outside', `file://${join(outside, 'kust')}`), 'chart/templates/cm.yaml': configMap('x', 'y') })
    await refused(app(outsideDependency, { path: 'chart' }), 'chart/Chart.yaml', /chart\/Chart\.yaml: dependencies\[0\]\.repository "file:\/\/.+" leads outside the repository \(an absolute path\)/)
  })

  it('Kustomize: a resource linked out, bases and resources that climb out (also through the scratch copy), file:// bases, and generator files', async () => {
    const linked = hostileRepo({ 'app/kustomization.yaml': 'resources: [leak.yaml]\n' }, { 'app/leak.yaml': secretFile })
    await refused(app(linked, { path: 'app' }), 'app/leak.yaml', outOfBounds)
    // From the snapshot (data folder/cache/trees/KEY/COMMIT/app) up to the folder outside.
    const up = relative(join(dataDir, 'cache', 'trees', 'key', 'commit', 'app'), join(outside, 'kust'))
    const climbing = hostileRepo({ 'app/kustomization.yaml': `resources:\n  - ../../../../..\n  - ${up}\n` })
    await refused(app(climbing, { path: 'app' }), 'app/kustomization.yaml', /app\/kustomization\.yaml: resources\[0\] "\.\.\/\.\.\/\.\.\/\.\.\/\.\." leads outside the repository/)
    const bases = hostileRepo({ 'app/kustomization.yaml': 'resources: [../base]\n', 'base/kustomization.yaml': `bases: [${up}]\n` })
    await refused(app(bases, { path: 'app' }), 'base/kustomization.yaml', /base\/kustomization\.yaml: bases\[0\] ".+" leads outside the repository/)
    // With edits, kustomize builds a scratch copy outside the data folder: the same rule holds there.
    await refused(app(bases, { path: 'app', kustomize: { namePrefix: 'x-' } }), 'base/kustomization.yaml', /bases\[0\] ".+" leads outside the repository/)
    const component = hostileRepo({ 'app/kustomization.yaml': 'resources: []\n' })
    const spec = await desk.render(app(component, { path: 'app', kustomize: { components: [up] } }), true).then(() => null, (e: unknown) => e as UserError)
    expect(spec).toMatchObject({ where: 'spec.source.kustomize.components', message: expect.stringMatching(/kustomize\.components\[0\] ".+" leads outside the repository/) })
    const generated = hostileRepo({ 'app/kustomization.yaml': `configMapGenerator:\n  - name: leak\n    files: [stolen=${relative(join(dataDir, 'cache', 'trees', 'key', 'commit', 'app'), secretFile)}]\n` })
    await refused(app(generated, { path: 'app' }), 'app/kustomization.yaml', /configMapGenerator\[0\]\.files\[0\] ".+" leads outside the repository/)
    const inlineGenerator = hostileRepo({ 'app/kustomization.yaml': YAML.stringify({ generators: [`apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: leak\nfiles: [${secretFile}]\n`] }) })
    await refused(app(inlineGenerator, { path: 'app' }), 'app/kustomization.yaml', /generators\[0\]\.files\[0\] ".+" leads outside the repository \(an absolute path\)/)
  })

  it('Kustomize with --enable-helm: a helmCharts name (or version) that climbs out of the chart home is refused before kustomize templates the folder', async () => {
    const chart = join(outside, 'chart')
    mkdirSync(join(chart, 'templates'), { recursive: true })
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: outside\nversion: 0.1.0\n')
    writeFileSync(join(chart, 'secret.txt'), marker)
    writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\ndata:\n  value: {{ .Files.Get "secret.txt" | quote }}\n')
    // From the snapshot's app/charts (data folder/cache/trees/KEY/COMMIT/app/charts) up to the chart outside.
    const up = relative(join(dataDir, 'cache', 'trees', 'key', 'commit', 'app', 'charts'), chart)
    await desk.engine.store.update((d) => void (d.settings.kustomizeBuildOptions = '--enable-helm'))
    try {
      const named = hostileRepo({ 'app/kustomization.yaml': `helmCharts:\n- name: ${up}\n  releaseName: x\n  valuesFile: values.yaml\n`, 'app/values.yaml': 'a: 1\n' })
      await refused(app(named, { path: 'app' }), 'app/kustomization.yaml', /helmCharts\[0\]\.name "charts\/.+" leads outside the repository/)
      const versioned = hostileRepo({ 'app/kustomization.yaml': `helmCharts:\n- name: chart\n  repo: https://charts.example.com\n  version: ../${relative(join(dataDir, 'cache', 'trees', 'key', 'commit', 'app', 'charts'), outside)}\n  releaseName: x\n  valuesFile: values.yaml\n`, 'app/values.yaml': 'a: 1\n' })
      await refused(app(versioned, { path: 'app' }), 'app/kustomization.yaml', /helmCharts\[0\]\.name "charts\/chart-.+" leads outside the repository/)
    } finally {
      await desk.engine.store.update((d) => void delete d.settings.kustomizeBuildOptions)
    }
  })

  it("the data folder: another repository's cached tree is reachable neither by a link nor by kustomize (path or file:// clone)", async () => {
    const privateMarker = `PRIVATE-${randomBytes(8).toString('hex')}`
    const other = hostileRepo({ 'secret-app/kustomization.yaml': 'resources: [cm.yaml]\n', 'secret-app/cm.yaml': configMap('private', privateMarker) })
    expect((await desk.render(app(other, { path: 'secret-app' }))).objects).toHaveLength(1)
    const otherTree = join(dataDir, 'cache', 'trees', repoKey(other.url), other.head())
    expect(existsSync(otherTree)).toBe(true)
    const cached = () => filesContaining(dataDir, privateMarker).length
    const before = cached()
    // From cache/trees/KEY/COMMIT/app: ../../.. is the trees folder.
    const viaPath = hostileRepo({ 'app/kustomization.yaml': `resources: [../../../${repoKey(other.url)}/${other.head()}/secret-app]\n` })
    await refused(app(viaPath, { path: 'app' }), 'app/kustomization.yaml', /resources\[0\] ".+" leads outside the repository/)
    const viaClone = hostileRepo({ 'app/kustomization.yaml': `resources: [file://${join(dataDir, 'cache', 'repos', repoKey(other.url))}//secret-app]\n` })
    await refused(app(viaClone, { path: 'app' }), 'app/kustomization.yaml', /resources\[0\] "file:\/\/.+" leads outside the repository/)
    const viaLink = hostileRepo({ 'app/ok.yaml': configMap('ok', 'fine') }, { 'app/private.yaml': `../../../${repoKey(other.url)}/${other.head()}/secret-app/cm.yaml` })
    await refused(app(viaLink, { path: 'app' }), 'app/private.yaml', outOfBounds)
    const viaAbsolute = hostileRepo({ 'app/ok.yaml': configMap('ok', 'fine') }, { 'app/private.yaml': join(otherTree, 'secret-app', 'cm.yaml') })
    await refused(app(viaAbsolute, { path: 'app' }), 'app/private.yaml', outOfBounds)
    expect(cached()).toBe(before)
  })

  it('a config management plugin never runs on a repository with a link out (its scratch copy would keep it)', async () => {
    const ran = join(outside, 'plugin-ran')
    desk.plugins.add(YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'cat-all' }, spec: { init: { command: ['sh', '-c', `touch ${ran}`] }, generate: { command: ['sh', '-c', 'for f in *.yaml; do cat "$f"; echo ---; done'] }, parameters: { dynamic: { command: ['sh', '-c', `touch ${ran}; echo '[]'`] } } } }), 'plugin.yaml')
    const repo = hostileRepo({ 'app/ok.yaml': configMap('ok', 'fine') }, { 'app/leak.yaml': secretFile })
    await refused(app(repo, { path: 'app', plugin: { name: 'cat-all' } }), 'app/leak.yaml', outOfBounds)
    await expect(desk.engine.pluginParameters(app(repo, { path: 'app', plugin: { name: 'cat-all' } }))).rejects.toMatchObject({ where: 'app/leak.yaml' })
    expect(existsSync(ran)).toBe(false)
    // The same plugin on a clean repository cats what is inside it.
    const clean = hostileRepo({ 'app/ok.yaml': configMap('ok', 'fine') }, { 'app/again.yaml': 'ok.yaml' })
    const rendered = await desk.render(app(clean, { path: 'app', plugin: { name: 'cat-all' } }), true)
    expect(rendered.objects.map((o) => o.metadata.name)).toEqual(['ok', 'ok'])
  })

  it('a chart from a Helm repository whose package links out is refused (the extracted chart is checked)', async () => {
    charts = await startChartRepo(join(outside, 'chart-repo'), bin.helm)
    const build = join(outside, 'chart-build')
    mkdirSync(join(build, 'leaky', 'templates'), { recursive: true })
    writeFileSync(join(build, 'leaky', 'Chart.yaml'), 'apiVersion: v2\nname: leaky\nversion: 0.1.0\n')
    writeFileSync(join(build, 'leaky', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  value: {{ .Files.Get "files/passwd.txt" | quote }}\n')
    for (const [link, target] of Object.entries(chainedLinks('files/passwd.txt'))) {
      mkdirSync(dirname(join(build, 'leaky', link)), { recursive: true })
      symlinkSync(target, join(build, 'leaky', link))
    }
    execFileSync('tar', ['-czf', join(charts.root, 'leaky-0.1.0.tgz'), '-C', build, 'leaky'])
    execFileSync(bin.helm, ['repo', 'index', charts.root, '--url', charts.url], { stdio: ['ignore', 'ignore', 'pipe'] })
    await desk.saveRepo({ url: charts.url, scope: 'repository', username: charts.username, password: charts.password, insecure: false, type: 'helm', enableOCI: false, caData: readFileSync(charts.caFile, 'utf8') })
    const error = await refused(app(charts.url, { chart: 'leaky', targetRevision: '0.1.0' }), 'files/passwd.txt', /out-of-bounds symlink in the chart .+"files\/passwd\.txt" is a symlink that leads outside the chart/)
    expect(error.code).toBe('Invalid')
  })

  it('the New app form refuses a repository that links out, naming the file', async () => {
    const repo = hostileRepo({ 'app/ok.yaml': configMap('ok', 'fine') }, { escape: outside })
    await expect(checkAppSource(desk.engine, app(repo, { path: 'escape' }))).rejects.toMatchObject({ where: 'repoURL', message: expect.stringContaining('"escape" is a symlink that leads outside the repository') })
  })
})

describe('links that stay inside the repository still work (Argo CD allows them)', () => {
  it('in a directory, a Helm chart (.Files.Get) and a kustomization', async () => {
    const repo = hostileRepo(
      {
        'common/cm.yaml': configMap('shared', 'inside'),
        'shared/config.txt': 'inside-text',
        'chart/Chart.yaml': 'apiVersion: v2\nname: inside\nversion: 0.1.0\n',
        'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\ndata:\n  value: {{ .Files.Get "files/config.txt" | quote }}\n',
        'base/kustomization.yaml': 'resources: [cm.yaml]\n',
        'base/cm.yaml': configMap('based', 'inside'),
        'kust/kustomization.yaml': 'resources: [linked-base]\n',
      },
      { 'dir/shared.yaml': '../common/cm.yaml', 'chart/files/config.txt': '../../shared/config.txt', 'kust/linked-base': '../base', 'dangling-inside': 'no/such/file' },
    )
    const walks = snapshotWalks()
    expect((await desk.render(app(repo, { path: 'dir' }), true)).objects).toMatchObject([{ metadata: { name: 'shared' }, data: { value: 'inside' } }])
    expect((await desk.render(app(repo, { path: 'chart' }), true)).objects).toMatchObject([{ metadata: { name: 'from-file' }, data: { value: 'inside-text' } }])
    expect((await desk.render(app(repo, { path: 'kust' }), true)).objects).toMatchObject([{ metadata: { name: 'based' }, data: { value: 'inside' } }])
    // Three renders (hard refreshes) of one revision: its tree was walked for links once.
    expect(snapshotWalks() - walks).toBe(1)
  })
})

describe('afterwards', () => {
  it('the marker from outside is in no file of the data folder', () => {
    expect(readdirSync(dataDir).length).toBeGreaterThan(0)
    expect(filesContaining(dataDir, marker)).toEqual([])
  })
})

/** Regular files under a folder (links are not followed: a refused snapshot keeps its link) whose text holds a string. */
function filesContaining(dir: string, text: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...filesContaining(path, text))
    else if (lstatSync(path).isFile() && readFileSync(path).includes(text)) found.push(path)
  }
  return found
}
