import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { UserError } from '../../main/engine/base/errors'
import type { K8sObject } from '../../main/engine/base/objects'
import { objectsFromYaml } from '../../main/engine/render/objects'
import { KeychainSecrets } from '../../main/engine/secrets/keychain'
import YAML from 'yaml'
import { chartsDir, publishChart, restartChartRepo, stopChartRepo } from '../ground/chart-repo'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'

// Charts from the ground's Helm chart repository (HTTPS with its own CA, basic auth), as Argo
// CD's repo server renders them: the version picked from index.yaml, the cluster's version and
// API versions passed to Helm, credentials from the real keychain.
const repo = inject('chartRepo')
const bin = inject('groundBinaries')
const ca = readFileSync(repo.caFile, 'utf8')
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-helm-repo-'))
const desk = openDesk({ dataDir, secrets: new KeychainSecrets(`gitops-desk-test-${randomBytes(4).toString('hex')}`), start: false, syncPollMs: 250, controller: { autoSync: false } })
const kubectl = kubectlOn('ground-1')

const app = (name: string, chart: string, targetRevision: string, helm: Record<string, unknown> = {}) => JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo.url, chart, targetRevision, helm }, destination: { name: 'ground-1', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })
const saveRepo = (password: string, caData: string | undefined = ca) => desk.saveRepo({ url: repo.url, scope: 'repository', username: repo.username, password, insecure: false, type: 'helm', enableOCI: false, ...(caData ? { caData } : {}) })
const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure') }, (e: unknown) => e as UserError)
/** Syncs an app, waits until it is Healthy, and checks it is Synced at that revision with a clean diff. */
async function syncedAndClean(name: string, revision: string): Promise<void> {
  await desk.sync(name, {})
  expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')
  const deadline = Date.now() + 90_000
  let status = await desk.refresh(name)
  while (status?.health !== 'Healthy' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000))
    status = await desk.refresh(name)
  }
  expect(status).toMatchObject({ sync: 'Synced', health: 'Healthy', revision })
  expect((await desk.diff(name)).resources.filter((r) => r.unifiedDiff)).toEqual([])
}

/** The objects as Helm made them: tracking and the namespace GitOps Desk adds left out. */
const plain = (objects: K8sObject[]) => objects.map((o) => { const { annotations: _a, namespace: _n, ...metadata } = o.metadata; return { ...o, metadata } }).sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`))

beforeAll(async () => {
  desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }))
  await saveRepo(repo.password)
})
afterAll(async () => {
  await desk.removeRepo(repo.url)
  await desk.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('charts from a Helm chart repository', () => {
  it('renders what `helm template` renders from the same repository, version, values, --kube-version and --api-versions', async () => {
    desk.saveYaml(app('chart-exact', 'hello', '1.0.0', { valuesObject: { greeting: 'hi there' } }), 'app.yaml')
    const rendered = await desk.render(desk.app('chart-exact'))
    expect(rendered.sources[0]).toMatchObject({ type: 'helm', commit: '1.0.0', stale: false })
    // The cluster's capabilities, as Argo CD passes them: its MAJOR.MINOR and every group version and kind.
    const version = JSON.parse(kubectl('version', '-o', 'json')) as { serverVersion: { major: string; minor: string } }
    const kubeVersion = `${version.serverVersion.major}.${version.serverVersion.minor.replace(/\D/g, '')}`
    const configMap = rendered.objects.find((o) => o.kind === 'ConfigMap')!
    expect(configMap.data).toEqual({ greeting: 'hi there', kube: `v${kubeVersion}` })
    expect(rendered.objects.map((o) => o.kind)).toContain('PodDisruptionBudget') // policy/v1/PodDisruptionBudget is served

    const scratch = mkdtempSync(join(tmpdir(), 'gitops-desk-helm-direct-'))
    try {
      writeFileSync(join(scratch, 'values.yaml'), 'greeting: hi there\n')
      writeFileSync(join(scratch, 'ca.pem'), ca)
      const direct = execFileSync(bin.helm, ['template', 'chart-exact', 'hello', '--repo', repo.url, '--version', '1.0.0', '--username', repo.username, '--password', repo.password, '--ca-file', join(scratch, 'ca.pem'), '--namespace', 'chart-exact', '--include-crds', '--values', join(scratch, 'values.yaml'), '--kube-version', kubeVersion, '--api-versions', 'policy/v1/PodDisruptionBudget', '--api-versions', 'policy/v1'], { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: scratch, HELM_CONFIG_HOME: scratch, HELM_DATA_HOME: scratch } })
      expect(plain(rendered.objects)).toEqual(plain(objectsFromYaml(direct, 'helm template')))
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  })

  it('a semver constraint picks the highest matching version; a new release is picked up on refresh', async () => {
    desk.saveYaml(app('chart-range', 'hello', '1.*'), 'app.yaml')
    expect((await desk.render(desk.app('chart-range'))).sources[0]?.commit).toBe('1.1.0')
    publishChart(repo, bin.helm, join(chartsDir, 'hello'), '1.2.0')
    publishChart(repo, bin.helm, join(chartsDir, 'hello'), '2.0.0')
    const refreshed = await desk.render(desk.app('chart-range'), true)
    expect(refreshed.sources[0]?.commit).toBe('1.2.0')
    expect(refreshed.objects.find((o) => o.kind === 'ConfigMap')?.metadata.labels).toMatchObject({ 'helm.sh/chart': 'hello-1.2.0' })
  })

  it('a chart that needs Kubernetes >= 1.23 renders for a destination on the ground', async () => {
    desk.saveYaml(app('chart-kube', 'needs-kube', '0.1.0'), 'app.yaml')
    const rendered = await desk.render(desk.app('chart-kube'))
    expect(rendered.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/chart-kube-kube'])
  })

  it('clear errors: wrong credentials, an untrusted certificate, a version or a chart that does not exist; no secret in them', async () => {
    desk.saveYaml(app('chart-errors', 'hello', '1.0.0'), 'app.yaml')
    const render = (revision: string, chart = 'hello') => desk.render(JSON.parse(app('chart-errors', chart, revision)) as Parameters<typeof desk.render>[0], true)
    const missingVersion = await failure(render('9.9.9'))
    expect(missingVersion.message).toMatch(new RegExp(`${repo.url}: no version of hello matches "9.9.9" \\(newest: 2.0.0, 1.2.0`))
    const missingChart = await failure(render('1.0.0', 'nope'))
    expect(missingChart.message).toContain(`${repo.url} has no chart named nope (it has: hello, needs-kube)`)
    // A desk that never reached the repository fails with the reason; one that did serves the
    // last index it fetched, marked stale with the same reason (as with a Git remote).
    const fresh = openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-helm-fresh-')), secrets: new KeychainSecrets(`gitops-desk-test-${randomBytes(4).toString('hex')}`), start: false, controller: false })
    try {
      fresh.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm }))
      const freshRepo = (password: string, caData?: string) => fresh.saveRepo({ url: repo.url, scope: 'repository', username: repo.username, password, insecure: false, type: 'helm', enableOCI: false, ...(caData ? { caData } : {}) })
      const freshRender = () => fresh.render(JSON.parse(app('chart-errors', 'hello', '1.0.0')) as Parameters<typeof desk.render>[0], true)
      await freshRepo('wrong-password', ca)
      const refused = await failure(freshRender())
      expect(refused.message).toMatch(new RegExp(`cannot fetch ${repo.url}/index.yaml: HTTP 401 \\(the credentials were refused`))
      expect(refused.message).not.toContain('wrong-password')
      await freshRepo(repo.password)
      const untrusted = await failure(freshRender())
      expect(untrusted.message).toMatch(/cannot fetch .*index.yaml: .*not trusted/)
      await fresh.removeRepo(repo.url)
    } finally {
      await fresh.close()
    }
    await saveRepo('wrong-password')
    const stale = await render('1.0.0')
    expect(stale.sources[0]).toMatchObject({ commit: '1.0.0', stale: true, staleReason: expect.stringMatching(/HTTP 401/) })
    await saveRepo(repo.password)
  })

  it('a Git chart with a dependency on the repository renders as helm dependency build && helm template; during an outage a changed dependency serves the last good build, marked stale', async () => {
    const git = FixtureRepo.create([])
    try {
      const chart = join(git.dir, 'with-dep')
      mkdirSync(join(chart, 'templates'), { recursive: true })
      const chartYaml = (version: string) => YAML.stringify({ apiVersion: 'v2', name: 'with-dep', version: '0.1.0', dependencies: [{ name: 'hello', version, repository: repo.url }] })
      writeFileSync(join(chart, 'Chart.yaml'), chartYaml('1.0.0'))
      writeFileSync(join(chart, 'templates', 'own.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-own\ndata:\n  a: "1"\n')
      git.commit('a chart with a dependency')
      const gitApp = JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'chart-dep' }, spec: { source: { repoURL: git.url, path: 'with-dep' }, destination: { name: 'ground-1', namespace: 'chart-dep' } } })
      desk.saveYaml(gitApp, 'app.yaml')
      const rendered = await desk.render(desk.app('chart-dep'), true)
      expect(rendered.objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(expect.arrayContaining(['ConfigMap/chart-dep-hello', 'ConfigMap/chart-dep-own', 'Deployment/chart-dep-hello']))

      const scratch = mkdtempSync(join(tmpdir(), 'gitops-desk-helm-direct-'))
      try {
        const env = { ...process.env, HELM_CACHE_HOME: join(scratch, 'c'), HELM_CONFIG_HOME: join(scratch, 'g'), HELM_DATA_HOME: join(scratch, 'd') }
        cpSync(chart, join(scratch, 'chart'), { recursive: true })
        execFileSync(bin.helm, ['repo', 'add', 'ground', repo.url, '--username', repo.username, '--password', repo.password, '--ca-file', repo.caFile], { env, stdio: 'ignore' })
        execFileSync(bin.helm, ['dependency', 'build', join(scratch, 'chart')], { env, stdio: 'ignore' })
        const capabilities = rendered.objects.find((o) => o.metadata.name === 'chart-dep-hello' && o.kind === 'ConfigMap')!.data as { kube: string }
        const apiVersions = rendered.objects.some((o) => o.kind === 'PodDisruptionBudget') ? ['--api-versions', 'policy/v1/PodDisruptionBudget'] : []
        const direct = execFileSync(bin.helm, ['template', 'chart-dep', join(scratch, 'chart'), '--namespace', 'chart-dep', '--include-crds', '--kube-version', capabilities.kube.replace(/^v/, ''), ...apiVersions], { encoding: 'utf8', env })
        expect(plain(rendered.objects)).toEqual(plain(objectsFromYaml(direct, 'helm template')))
      } finally {
        rmSync(scratch, { recursive: true, force: true })
      }

      await stopChartRepo(repo)
      try {
        // The same dependencies need no repository: they were built once and kept.
        expect((await desk.render(desk.app('chart-dep'), true)).sources[0]?.stale).toBe(false)
        writeFileSync(join(chart, 'Chart.yaml'), chartYaml('~1.0.0'))
        git.commit('a looser constraint')
        const stale = await desk.render(desk.app('chart-dep'), true)
        expect(stale.sources[0]).toMatchObject({ stale: true, staleReason: expect.stringMatching(/helm repo add .*127\.0\.0\.1.*failed/) })
        expect(stale.objects.map((o) => o.metadata.name)).toContain('chart-dep-hello')
      } finally {
        await restartChartRepo(repo, inject('groundDir'))
      }
      expect((await desk.render(desk.app('chart-dep'), true)).sources[0]?.stale).toBe(false)
      // It syncs like any app, and the diff is clean right after.
      desk.saveYaml(gitApp.replace('"destination":{"name":"ground-1","namespace":"chart-dep"}', '"destination":{"name":"ground-1","namespace":"chart-dep"},"syncPolicy":{"syncOptions":["CreateNamespace=true"]}'), 'app.yaml')
      await desk.sync('chart-dep', {})
      expect((await desk.waitForOperation('chart-dep'))?.phase).toBe('Succeeded')
      expect((await desk.refresh('chart-dep'))?.sync).toBe('Synced')
      expect((await desk.diff('chart-dep')).resources.filter((r) => r.unifiedDiff)).toEqual([])
    } finally {
      git.remove()
    }
  })

  it('syncs to Synced and Healthy, and the diff is clean right after', async () => {
    desk.saveYaml(app('chart-sync', 'hello', '1.0.0'), 'app.yaml')
    await syncedAndClean('chart-sync', '1.0.0')
  })
})

describe('charts from an OCI registry', () => {
  const oci = inject('ociRegistry')
  const ociCa = readFileSync(oci.caFile, 'utf8')
  const ociApp = (name: string, repoURL: string, targetRevision: string) => JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL, chart: 'hello', targetRevision, helm: { releaseName: 'same', valuesObject: { greeting: 'from oci' } } }, destination: { name: 'ground-1', namespace: 'oci' } } })
  const saveOci = (password: string) => desk.saveRepo({ url: oci.url, scope: 'repository', type: 'helm', enableOCI: true, username: oci.username, password, insecure: false, caData: ociCa })

  it('renders what the chart repository renders for the same version; a constraint picks from the tags; oci:// works too', async () => {
    await saveOci(oci.password)
    const fromOci = await desk.render(JSON.parse(ociApp('chart-oci', oci.url, '1.0.0')) as Parameters<typeof desk.render>[0], true)
    const fromRepo = await desk.render(JSON.parse(ociApp('chart-oci', repo.url, '1.0.0')) as Parameters<typeof desk.render>[0], true)
    expect(fromOci.sources[0]).toMatchObject({ commit: '1.0.0', type: 'helm' })
    expect(plain(fromOci.objects)).toEqual(plain(fromRepo.objects))
    expect((await desk.render(JSON.parse(ociApp('chart-oci', `oci://${oci.url}`, '1.*')) as Parameters<typeof desk.render>[0], true)).sources[0]?.commit).toBe('1.1.0')
    // The same chart from Git (the folder the ground published) renders the same objects.
    const git = FixtureRepo.create([])
    try {
      cpSync(join(chartsDir, 'hello'), join(git.dir, 'hello'), { recursive: true })
      git.commit('the hello chart')
      const fromGit = await desk.render(JSON.parse(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'chart-oci' }, spec: { source: { repoURL: git.url, path: 'hello', helm: { releaseName: 'same', valuesObject: { greeting: 'from oci' } } }, destination: { name: 'ground-1', namespace: 'oci' } } })) as Parameters<typeof desk.render>[0], true)
      expect(plain(fromGit.objects)).toEqual(plain(fromOci.objects))
    } finally {
      git.remove()
    }
  })

  it('an app from the registry syncs to Synced and Healthy, and the diff is clean right after', async () => {
    desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'chart-oci-sync' }, spec: { source: { repoURL: oci.url, chart: 'hello', targetRevision: '1.*' }, destination: { name: 'ground-1', namespace: 'chart-oci-sync' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')
    await syncedAndClean('chart-oci-sync', '1.1.0')
  })

  it('clear errors: a version the registry does not have, wrong credentials (no secret in them)', async () => {
    const missing = await failure(desk.render(JSON.parse(ociApp('chart-oci', oci.url, '9.*')) as Parameters<typeof desk.render>[0], true))
    expect(missing.message).toContain(`oci://${oci.url}: no version of hello matches "9.*" (newest: 1.1.0, 1.0.0)`)
    await saveOci('wrong-password')
    const refused = await failure(desk.render(JSON.parse(ociApp('chart-oci', oci.url, '1.0.0')) as Parameters<typeof desk.render>[0], true))
    expect(refused.message).toMatch(/HTTP 401 \(the credentials were refused/)
    expect(refused.message).not.toContain('wrong-password')
    await desk.removeRepo(oci.url)
  })
})
