// `npm run bench [-- --json FILE] [--only a,b]`: speed, cost and scale on the test ground, each
// figure beside a peer (kubectl, helm, kustomize) run in the same process run on the same input.
// `--against REV` measures the UI figures A/B: REV's build beside this one in one Chromium.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import YAML from 'yaml'
import { openDesk } from '../../main/api/desk'
import { Application } from '../../main/engine/model/app-schema'
import { GitRepoCache } from '../../main/engine/repos/git-cache'
import { RenderCache } from '../../main/engine/render/render-cache'
import { HelmRepoCache } from '../../main/engine/repos/helm-repo'
import { RepoCredentials } from '../../main/engine/repos/credentials'
import { openDeskStore } from '../../main/engine/store/desk-store'
import { renderApp } from '../../main/engine/render/render-app'
import { ensureBuilt, type GroundBinaries } from '../ground/build'
import { down, up } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import { Figures, timed } from './figures'
import { loadBench } from './load'
import { startupBench } from './startup'
import { argoPeerBench } from './argocd-peer'
import { ensureArgoBuilt } from '../ground/argocd'
import { uiBench } from './ui'
import { uiAbBench } from './ui-ab'
import { builtBaseline } from './baseline'
import { appsetBench } from './appset'
import { panelBench } from './panel'
import { healthChecksBench } from './health-checks'
import { workingCopyBench } from './working-copy'
import { runKubectl } from '../support/kubectl'
import { machineSampler, peerTable } from './peer-table'
import { BenchChild } from './child'

const program = new Command('bench').option('--json <file>', 'also write the figures as JSON').option('--only <scenarios>', 'comma-separated: compare,sync,render,reconcile,appset,memory,ui,panel,load,startup,argocd,health,working-copy').option('--load-seconds <n>', 'how long the load scenario streams edits', '60').option('--against <rev>', 'ui: measure this build beside REV\'s (A/B, one Chromium, alternating rounds)').option('--rounds <n>', 'rounds of the A/B mode', '7').parse(process.argv.slice(2).filter((a) => a !== '--'), { from: 'user' })
const opts = program.opts<{ json?: string; only?: string; loadSeconds: string; against?: string; rounds: string }>()
const only = opts.only ? new Set(opts.only.split(',')) : null
const wanted = (name: string) => !only || only.has(name)
const figures = new Figures()
const machine = machineSampler()

// Scenarios that need no cluster run before the ground starts; alone, they never start it.
const groundless = Date.now()
if (wanted('health')) await healthChecksBench(figures)
if (only && [...only].every((name) => name === 'health')) {
  finish(groundless)
  process.exit(0)
}

// Built before the ground starts: a build error shows at once.
const baseline = opts.against && wanted('ui') ? builtBaseline(opts.against, tmpdir()) : undefined
const bin = ensureBuilt()
const groundDir = mkdtempSync(join(tmpdir(), 'gitops-desk-bench-'))
const work = mkdtempSync(join(tmpdir(), 'gitops-desk-bench-work-'))
// Argo CD runs on the ground only for its peer scenario (its build is cached like the ground's).
const state = await up(bin, 3, groundDir, undefined, wanted('argocd') ? ensureArgoBuilt() : undefined)
process.env.KUBECONFIG = state.kubeconfig
process.env.PATH = `${bin.binDir}:${process.env.PATH}`
const kubectl = (context: string, args: string[], input?: string) => runKubectl(context, args, input, { kubectl: bin.kubectl, kubeconfig: state.kubeconfig })
/** kubectl with -v=6, which logs each request it sends: returns how many it sent. */
const kubectlCounted = (context: string, args: string[]): number => {
  const run = spawnSync(bin.kubectl, ['--kubeconfig', state.kubeconfig, '--context', context, '-v=6', ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
  // klog's structured form ("Response" verb="GET" url=…) or the older plain one (GET https://…).
  return (run.stderr.match(/"Response" verb="[A-Z]+"|\] (GET|PATCH|POST|PUT|DELETE) https?:\/\//g) ?? []).length
}
/** Requests one engine has sent to a context (its client's, and the watch cache's lists and watches). */
const sent = (engine: { client(c: string): { requests: number }; liveCache(c: string): { watchCalls: number } }, context: string) => engine.client(context).requests + engine.liveCache(context).watchCalls

try {
  const started = Date.now()
  const big = bigAppRepo()
  // The tree figure needs bench-big synced (the A/B mode measures no tree).
  if (wanted('compare') || wanted('sync') || (wanted('ui') && !baseline)) await compareAndSync(big, bin)
  if (wanted('render')) await renderBench(bin)
  if (wanted('reconcile')) await reconcileBench(bin)
  if (wanted('appset')) await appsetBench(figures, { bin, work })
  if (wanted('memory')) await memoryBench()
  if (wanted('ui')) {
    const ground = { kubeconfig: state.kubeconfig, binDir: bin.binDir, repo: big, work }
    if (baseline) await uiAbBench(figures, ground, baseline, Number(opts.rounds))
    else await uiBench(figures, ground)
  }
  if (wanted('panel')) await panelBench(figures, { kubeconfig: state.kubeconfig, binDir: bin.binDir, groundDir, work })
  if (wanted('load')) await loadBench(figures, { kubectl: bin.kubectl, kubeconfig: state.kubeconfig, helm: bin.helm, kustomize: bin.kustomize, work }, Number(opts.loadSeconds))
  if (wanted('argocd')) await argoPeerBench(figures, { kubeconfig: state.kubeconfig, kubectl: bin.kubectl, helm: bin.helm, kustomize: bin.kustomize, argo: state.argocd!, work })
  if (wanted('working-copy')) await workingCopyBench(figures, { kustomize: bin.kustomize, helm: bin.helm, work })
  if (wanted('startup')) await startupBench(figures, { kubeconfig: state.kubeconfig, kubectl: bin.kubectl, repo: big, work })
  finish(started)
  big.remove()
} finally {
  await down(groundDir)
  rmSync(work, { recursive: true, force: true })
}

/** A repo with the 1,200-object app (1,000 ConfigMaps, 100 Deployments, 100 Services) and a 5,000-line ConfigMap. */
function bigAppRepo(): FixtureRepo {
  const repo = FixtureRepo.create([])
  const app = join(repo.dir, 'big')
  mkdirSync(app, { recursive: true })
  const docs: unknown[] = []
  for (let i = 0; i < 1000; i++) docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { index: String(i), text: `value ${i}` } })
  for (let i = 0; i < 100; i++) {
    const labels = { app: `web-${i}` }
    docs.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}` }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } } })
    docs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `web-${i}` }, spec: { selector: labels, ports: [{ port: 80, targetPort: 80 }] } })
  }
  writeFileSync(join(app, 'all.yaml'), docs.map((d) => YAML.stringify(d)).join('---\n'))
  mkdirSync(join(repo.dir, 'bigfile'), { recursive: true })
  const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}: ${'x'.repeat(40)}`).join('\n')
  writeFileSync(join(repo.dir, 'bigfile', 'cm.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { 'big.txt': lines } }))
  for (const fixture of ['helm-guestbook', 'sock-shop', 'guestbook']) cpSync(resolve(import.meta.dirname, '../../../shared/fixtures/argocd-example-apps', fixture), join(repo.dir, fixture), { recursive: true })
  repo.commit('bench apps')
  return repo
}

function appOf(repo: FixtureRepo, name: string, path: string, namespace: string, destination = 'ground-1'): Application {
  return Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo.url, path }, destination: { name: destination, namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })
}

async function compareAndSync(repo: FixtureRepo, bin: GroundBinaries): Promise<void> {
  const desk = openDesk({ dataDir: mkdtempSync(join(work, 'data-')), secrets: new MemorySecrets(), start: false })
  await desk.engine.loadContexts() // counters below read the clients
  desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }))
  const app = appOf(repo, 'bench-big', 'big', 'bench-big')
  desk.engine.store.update((d) => void (d.apps = [app]))
  const rendered = await desk.engine.render(app)
  const manifest = join(work, 'big.yaml')
  writeFileSync(manifest, rendered.objects.map((o) => YAML.stringify(o)).join('---\n'))

  // Sync from an empty namespace, and the peer into another empty namespace.
  let before = sent(desk.engine, 'ground-1')
  let start = performance.now()
  const outcome = await syncToEnd(desk, app)
  figures.record('sync.cold.ms', performance.now() - start, 'ms')
  figures.record('sync.cold.requests', sent(desk.engine, 'ground-1') - before, 'requests')
  if (outcome.phase !== 'Succeeded') throw new Error(`bench sync failed: ${outcome.message}`)
  recordStages('sync.cold', outcome)
  kubectl('ground-1', ['create', 'namespace', 'bench-kubectl'])
  const peerManifest = join(work, 'big-peer.yaml')
  writeFileSync(peerManifest, rendered.objects.map((o) => YAML.stringify({ ...o, metadata: { ...o.metadata, namespace: 'bench-kubectl' } })).join('---\n'))
  // Counted in a server-side dry run first (same requests), timed without -v logging.
  const peerRequests = kubectlCounted('ground-1', ['apply', '--server-side', '--dry-run=server', '--field-manager', 'bench-peer', '-f', peerManifest])
  start = performance.now()
  kubectl('ground-1', ['apply', '--server-side', '--field-manager', 'bench-peer', '-f', peerManifest])
  figures.record('sync.cold.kubectl.ms', performance.now() - start, 'ms')
  figures.record('sync.cold.kubectl.requests', peerRequests, 'requests')

  // From an empty namespace made beforehand (as the peer's), the app compared first as its page
  // shows it before the user syncs: the compare's dry runs are fresh and not sent again.
  const compared = appOf(repo, 'bench-compared', 'big', 'bench-compared')
  desk.engine.store.update((d) => void d.apps.push(compared))
  kubectl('ground-1', ['create', 'namespace', 'bench-compared'])
  await desk.engine.diff(compared, { context: 'ground-1', watch: true })
  before = sent(desk.engine, 'ground-1')
  start = performance.now()
  const comparedOutcome = await syncToEnd(desk, compared)
  figures.record('sync.cold.compared.ms', performance.now() - start, 'ms')
  figures.record('sync.cold.compared.requests', sent(desk.engine, 'ground-1') - before, 'requests')
  if (comparedOutcome.phase !== 'Succeeded') throw new Error(`bench sync failed: ${comparedOutcome.message}`)
  recordStages('sync.cold.compared', comparedOutcome)

  // A re-sync with one change in Git.
  writeFileSync(join(repo.dir, 'big', 'all.yaml'), (await import('node:fs')).readFileSync(join(repo.dir, 'big', 'all.yaml'), 'utf8').replace('value 7\n', 'value seven\n'))
  repo.commit('one change')
  start = performance.now()
  recordStages('sync.changed', await syncToEnd(desk, app))
  figures.record('sync.changed.ms', performance.now() - start, 'ms')
  // The same after the app was compared (as the app's page shows it before the user syncs): the compare's dry runs are fresh.
  writeFileSync(join(repo.dir, 'big', 'all.yaml'), readFileSync(join(repo.dir, 'big', 'all.yaml'), 'utf8').replace('value 8\n', 'value eight\n'))
  repo.commit('another change')
  await desk.engine.diff(app, { context: 'ground-1', watch: true })
  before = sent(desk.engine, 'ground-1')
  start = performance.now()
  recordStages('sync.compared', await syncToEnd(desk, app))
  figures.record('sync.compared.ms', performance.now() - start, 'ms')
  figures.record('sync.compared.requests', sent(desk.engine, 'ground-1') - before, 'requests')

  // Compare: cold (a fresh engine: empty watch cache, dry-run cache, render cache in memory), warm, after one live change.
  await desk.close()
  const fresh = openDesk({ dataDir: mkdtempSync(join(work, 'data-')), secrets: new MemorySecrets(), start: false })
  await fresh.engine.loadContexts()
  fresh.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }))
  const current = await fresh.engine.render(app)
  before = sent(fresh.engine, 'ground-1')
  start = performance.now()
  const cold = await fresh.engine.compareTargets(app, current.objects, { context: 'ground-1', watch: true, text: false })
  figures.record('compare.cold.ms', performance.now() - start, 'ms')
  figures.record('compare.cold.requests', sent(fresh.engine, 'ground-1') - before, 'requests')
  if (cold.status !== 'Synced') throw new Error(`bench app is ${cold.status} after sync`)
  before = sent(fresh.engine, 'ground-1')
  const warm = await timed(5, () => fresh.engine.compareTargets(app, current.objects, { context: 'ground-1', watch: true, text: false }))
  figures.record('compare.warm.ms', warm.median, 'ms')
  figures.record('compare.warm.spread.ms', warm.spread, 'ms')
  figures.record('compare.warm.requests', (sent(fresh.engine, 'ground-1') - before) / 5, 'requests')
  const cache = fresh.engine.liveCache('ground-1')
  const changed = await timed(
    3,
    () => fresh.engine.compareTargets(app, current.objects, { context: 'ground-1', watch: true, text: false }),
    async (run) => {
      const seen = new Promise<void>((done) => {
        const stop = cache.onChange((obj) => obj.metadata.name === 'cm-3' && (stop(), done()))
      })
      kubectl('ground-1', ['-n', 'bench-big', 'patch', 'configmap', 'cm-3', '--type=merge', '-p', JSON.stringify({ data: { text: `edited ${run}` } })])
      await seen
    },
  )
  figures.record('compare.changed.ms', changed.median, 'ms')
  const peer = await timed(3, async () => {
    try {
      kubectl('ground-1', ['diff', '--server-side', '--force-conflicts', '-f', manifest])
    } catch {
      /* kubectl diff exits 1 when it finds a difference */
    }
  })
  figures.record('compare.cold.kubectl.ms', peer.median, 'ms')
  figures.record('compare.cold.kubectl.requests', kubectlCounted('ground-1', ['diff', '--server-side', '--force-conflicts', '-f', manifest]), 'requests')
  await fresh.close()
}

async function renderBench(bin: GroundBinaries): Promise<void> {
  const repo = FixtureRepo.create(['helm-guestbook', 'sock-shop'])
  try {
    const repos = new GitRepoCache(mkdtempSync(join(work, 'git-')))
    for (const [path, tool] of [['helm-guestbook', 'helm'], ['sock-shop', 'kustomize']] as const) {
      const app = appOf(repo, `render-${path}`, path, path)
      const cold = await timed(3, () => renderApp(app, { repos, cache: new RenderCache(mkdtempSync(join(work, 'render-'))), settings: { helmPath: bin.helm, kustomizePath: bin.kustomize } }))
      const cache = new RenderCache(mkdtempSync(join(work, 'render-')))
      await renderApp(app, { repos, cache, settings: { helmPath: bin.helm, kustomizePath: bin.kustomize } })
      // Cached: what the loop does between fetches (the repository fetched once per cycle).
      const cached = await timed(10, () => renderApp(app, { repos, cache, maxFetchAgeMs: 60_000, settings: { helmPath: bin.helm, kustomizePath: bin.kustomize } }))
      // A refresh the user asks for: fetch, then the cache.
      const refreshed = await timed(5, () => renderApp(app, { repos, cache, settings: { helmPath: bin.helm, kustomizePath: bin.kustomize } }))
      const dir = join(repo.dir, path)
      const direct = await timed(3, async () => (tool === 'helm' ? execFileSync(bin.helm, ['template', path, dir]) : execFileSync(bin.kustomize, ['build', dir])))
      const name = path === 'helm-guestbook' ? '' : '.sockshop'
      figures.record(`render.cold${name}.ms`, cold.median, 'ms')
      figures.record(`render.cached${name}.ms`, cached.median, 'ms')
      figures.record(`render.refresh${name}.ms`, refreshed.median, 'ms')
      figures.record(tool === 'helm' ? 'render.helm.direct.ms' : 'render.kustomize.direct.ms', direct.median, 'ms')
    }
    await chartRepoRender(bin)
  } finally {
    repo.remove()
  }
}

/** A chart from the ground's chart repository (HTTPS, basic auth, its CA): cold (index, download, template) and cached. */
async function chartRepoRender(bin: GroundBinaries): Promise<void> {
  const chartRepo = state.chartRepo!
  const secrets = new MemorySecrets()
  const store = openDeskStore(mkdtempSync(join(work, 'store-')))
  const credentials = new RepoCredentials(store, secrets)
  await credentials.set({ url: chartRepo.url, scope: 'repository', type: 'helm', username: chartRepo.username, insecure: false, caData: readFileSync(chartRepo.caFile, 'utf8') }, { password: chartRepo.password })
  const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'render-chart' }, spec: { source: { repoURL: chartRepo.url, chart: 'hello', targetRevision: '1.*' }, destination: { name: 'ground-1', namespace: 'render-chart' } } })
  const repos = new GitRepoCache(mkdtempSync(join(work, 'git-')))
  const settings = { helmPath: bin.helm, kustomizePath: bin.kustomize }
  const cold = await timed(3, () => renderApp(app, { repos, helmRepos: new HelmRepoCache(mkdtempSync(join(work, 'helm-')), credentials.lookup), cache: new RenderCache(mkdtempSync(join(work, 'render-'))), settings }))
  const helmRepos = new HelmRepoCache(mkdtempSync(join(work, 'helm-')), credentials.lookup)
  const cache = new RenderCache(mkdtempSync(join(work, 'render-')))
  await renderApp(app, { repos, helmRepos, cache, settings })
  const cached = await timed(10, () => renderApp(app, { repos, helmRepos, cache, maxFetchAgeMs: 60_000, settings }))
  const home = mkdtempSync(join(work, 'helm-home-'))
  const direct = await timed(3, async () => execFileSync(bin.helm, ['template', 'render-chart', 'hello', '--repo', chartRepo.url, '--version', '1.*', '--username', chartRepo.username, '--password', chartRepo.password, '--ca-file', chartRepo.caFile], { env: { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home } }))
  figures.record('render.chartrepo.cold.ms', cold.median, 'ms')
  figures.record('render.chartrepo.cached.ms', cached.median, 'ms')
  figures.record('render.chartrepo.helm.direct.ms', direct.median, 'ms')
}

/** 100 apps × 50 resources over 2 clusters, applied, then one steady-state cycle of the loop. */
async function reconcileBench(bin: GroundBinaries): Promise<void> {
  const repo = FixtureRepo.create([])
  mkdirSync(join(repo.dir, 'fifty'), { recursive: true })
  const docs = Array.from({ length: 50 }, (_, i) => YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${i}` }, data: { i: String(i) } }))
  writeFileSync(join(repo.dir, 'fifty', 'all.yaml'), docs.join('---\n'))
  repo.commit('fifty')
  const desk = openDesk({ dataDir: mkdtempSync(join(work, 'data-')), secrets: new MemorySecrets(), start: false, controller: { concurrency: 10, autoSync: false } })
  await desk.engine.loadContexts()
  desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }))
  const apps = Array.from({ length: 100 }, (_, i) => appOf(repo, `rc-${i}`, 'fifty', `rc-${i}`, i % 2 ? 'ground-2' : 'ground-1'))
  desk.engine.store.update((d) => void (d.apps = apps))
  for (const context of ['ground-1', 'ground-2']) {
    const mine = apps.filter((a) => a.spec.destination.name === context)
    const objects = (await Promise.all(mine.map((a) => desk.engine.render(a)))).flatMap((r) => r.objects)
    const namespaces = mine.map((a) => YAML.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: a.spec.destination.namespace } }))
    kubectl(context, ['apply', '--server-side', '--field-manager', 'gitops-desk', '-f', '-'], [...namespaces, ...objects.map((o) => YAML.stringify(o))].join('---\n'))
  }
  const first = await desk.controller().reconcileAll()
  const synced = first.filter((s) => s.sync === 'Synced').length
  const lists = () => desk.engine.liveCache('ground-1').listCalls + desk.engine.liveCache('ground-2').listCalls
  const listsBefore = lists()
  const cpu = process.cpuUsage()
  const start = performance.now()
  await desk.controller().reconcileAll()
  figures.record('reconcile.cycle.ms', performance.now() - start, 'ms')
  const used = process.cpuUsage(cpu)
  figures.record('reconcile.cycle.cpu.ms', (used.user + used.system) / 1000, 'ms')
  figures.record('reconcile.listCalls', lists() - listsBefore, 'calls')
  figures.record('reconcile.apps.synced', synced, 'apps')
  await desk.close()
  repo.remove()
}

/** Main-process memory with 3 clusters × 5,000 watched objects, in a process of its own. */
async function memoryBench(): Promise<void> {
  const contexts = ['ground-1', 'ground-2', 'ground-3']
  for (const context of contexts) {
    const docs = [YAML.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mem' } })]
    for (let i = 0; i < 5000; i++) docs.push(YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `m-${i}`, namespace: 'mem', labels: { app: 'mem' } }, data: { a: `value-${i}`, b: 'x'.repeat(64) } }))
    kubectl(context, ['apply', '--server-side', '-f', '-'], docs.join('---\n'))
  }
  // Built as the app is (a bundle, not tsx, whose compiler would count as the engine's memory).
  const output = execFileSync(process.execPath, ['--expose-gc', await BenchChild.bundle('memory-child.ts'), ...contexts], { encoding: 'utf8', env: process.env })
  const result = JSON.parse(output.trim().split('\n').at(-1)!) as { watched: number; rss: number; heapUsed: number; before: number }
  figures.record('engine.watched.objects', result.watched, 'objects')
  figures.record('engine.rss.mb', result.rss / 1024 / 1024, 'MB')
  figures.record('engine.heap.mb', result.heapUsed / 1024 / 1024, 'MB')
  figures.record('engine.rss.startup.mb', result.before / 1024 / 1024, 'MB')
}

/** The total time, the ratios to peers, and the JSON file if asked for. */
function finish(started: number): void {
  figures.record('bench.total.s', (Date.now() - started) / 1000, 's')
  printRatios()
  const where = machine.stop(figures)
  // The goals of issue 35 beside their peers, for the rows this run measured (docs/benchmarks.md).
  const table = peerTable(figures)
  if (table.length) console.log(['', 'GitOps Desk beside its peers (same run):', ...table, where, ''].join('\n'))
  if (opts.json) figures.writeJson(opts.json)
}

function printRatios(): void {
  const ratio = (name: string, a: string, b: string) => {
    const x = figures.get(a)
    const y = figures.get(b)
    if (x !== undefined && y !== undefined && x > 0) figures.record(name, y / x, 'x')
  }
  ratio('ratio.compare.cold.vs.kubectl', 'compare.cold.ms', 'compare.cold.kubectl.ms')
  ratio('ratio.sync.cold.vs.kubectl', 'sync.cold.ms', 'sync.cold.kubectl.ms')
  ratio('ratio.sync.cold.compared.vs.kubectl', 'sync.cold.compared.ms', 'sync.cold.kubectl.ms')
  ratio('ratio.render.cached.vs.helm', 'render.cached.ms', 'render.helm.direct.ms')
  ratio('ratio.edit.to.outofsync.argocd.vs.desk', 'peer.edit.to.outofsync.desk.ms', 'peer.edit.to.outofsync.argocd.ms')
  ratio('ratio.commit.refresh.argocd.vs.desk', 'peer.commit.refresh.100apps.desk.ms', 'peer.commit.refresh.100apps.argocd.ms')
  ratio('ratio.cpu.argocd.vs.desk', 'peer.cpu.desk.s', 'peer.cpu.argocd.s')
  ratio('ratio.rss.argocd.vs.desk', 'peer.rss.desk.mb', 'peer.rss.argocd.mb')
}

/** A sync's requests by stage (dry run, apply, wait), the dry runs a compare had made and those a local check stood for. */
function recordStages(prefix: string, outcome: { requests?: { dryRun: number; apply: number; wait: number; dryRunsReused: number; dryRunsChecked?: number }; stagesMs?: Record<string, number> }): void {
  for (const [stage, ms] of Object.entries(outcome.stagesMs ?? {})) figures.record(`${prefix}.stage.${stage}.ms`, ms, 'ms')
  const { dryRun = 0, apply = 0, wait = 0, dryRunsReused = 0, dryRunsChecked = 0 } = outcome.requests ?? {}
  figures.record(`${prefix}.requests.dryrun`, dryRun, 'requests')
  figures.record(`${prefix}.requests.apply`, apply, 'requests')
  figures.record(`${prefix}.requests.wait`, wait, 'requests')
  figures.record(`${prefix}.dryruns.reused`, dryRunsReused, 'objects')
  figures.record(`${prefix}.dryruns.checked`, dryRunsChecked, 'objects')
}

/**
 * A sync through the engine's operation path, to its end, with where its time went: preparing
 * (render, plan, the compare's fresh dry runs looked up: until the operation names its revision),
 * the dry-run step (CreateNamespace included: until the operation's first snapshot after it),
 * and the applies with the waits for health. Looked at every 5 ms, so each boundary is late by up
 * to that (and by a busy event loop).
 */
async function syncToEnd(desk: ReturnType<typeof openDesk>, app: Parameters<ReturnType<typeof openDesk>['syncDefinition']>[0]) {
  const began = performance.now()
  const current = () => desk.engine.operations.current(app.metadata.name)
  let prepared: number | undefined
  let applying: number | undefined
  let requestsThen = ''
  const watch = setInterval(() => {
    const operation = current()
    if (!operation || operation.finishedAt) return
    if (prepared === undefined && operation.revision) [prepared, requestsThen] = [performance.now(), JSON.stringify(operation.requests ?? null)]
    else if (prepared !== undefined && applying === undefined && JSON.stringify(operation.requests ?? null) !== requestsThen) applying = performance.now()
  }, 5)
  await desk.engine.operations.start(app, {}, { initiator: 'cli', pollMs: 250 })
  const outcome = await desk.engine.operations.wait(app.metadata.name)
  clearInterval(watch)
  if (!outcome) throw new Error('the sync left no operation')
  const ended = performance.now()
  prepared ??= ended
  applying ??= ended
  return Object.assign(outcome, { stagesMs: { prepare: prepared - began, dryRun: applying - prepared, apply: ended - applying } })
}
