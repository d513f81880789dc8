import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import { openDesk } from '../../main/api/desk'
import { Application } from '../../main/engine/model/app-schema'
import type { DriftSample } from '../../main/engine/reconcile/object-drift'
import type { ArgoState } from '../ground/argocd'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import type { Figures } from './figures'
import { kubectlOn } from '../support/kubectl'

interface PeerContext {
  kubeconfig: string
  kubectl: string
  helm: string
  kustomize: string
  argo: ArgoState
  work: string
}

const apps = 100
const samples = 5
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const clockTicks = 100 // Linux USER_HZ: /proc/PID/stat counts CPU time in 1/100 s

/** CPU seconds and resident memory of a process, from /proc. */
function processUsage(pid: number): { cpuS: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const cpuS = (Number(fields[11]) + Number(fields[12])) / clockTicks
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return { cpuS, rssMb: Number(rss?.[1] ?? 0) / 1024 }
}

/**
 * The performance peer: the same 100 apps (10 ConfigMaps each) reconciled by the ground's Argo CD
 * (application controller, repo server, redis) and by GitOps Desk's engine on the same cluster.
 * Figures: time to bring all apps in sync from nothing; time from a live edit to OutOfSync;
 * time from a new commit (and a refresh, as a webhook would ask) to every app comparing it;
 * CPU used and resident memory of each side over the same steady-state window.
 */
export async function argoPeerBench(figures: Figures, ctx: PeerContext): Promise<void> {
  const kubectl = kubectlOn('ground-1', ctx).run
  const repo = FixtureRepo.create([])
  mkdirSync(join(repo.dir, 'ten'), { recursive: true })
  const write = (value: string) => writeFileSync(join(repo.dir, 'ten', 'all.yaml'), Array.from({ length: 10 }, (_, i) => YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c-${i}` }, data: { i: String(i), value } })).join('---\n'))
  write('one')
  repo.commit('ten')
  const source = { repoURL: repo.url, path: 'ten', targetRevision: 'HEAD' }
  const ns = ctx.argo.namespace

  const desk = openDesk({ dataDir: mkdtempSync(join(ctx.work, 'peer-')), secrets: new MemorySecrets(), start: false, controller: { autoSync: false, concurrency: 10 } })
  await desk.engine.loadContexts()
  desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: ctx.helm, kustomizePath: ctx.kustomize, activeContext: 'ground-1' }))
  desk.engine.store.update((d) => void (d.apps = Array.from({ length: apps }, (_, i) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `pd-${i}` }, spec: { source, destination: { name: 'ground-1', namespace: `pd-${i}` }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }))))
  const controller = desk.controller()
  const argoApp = (i: number) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `pa-${i}`, namespace: ns }, spec: { project: 'default', source, destination: { server: 'https://kubernetes.default.svc', namespace: `pa-${i}` }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } }, operation: { initiatedBy: { username: 'bench' }, sync: { syncStrategy: { hook: {} }, syncOptions: ['CreateNamespace=true'] } } })
  const client = desk.engine.client('ground-1')
  const argoStatuses = async () => ((await client.list('argoproj.io/v1alpha1', 'Application', ns)).items as { metadata: { name: string }; status?: { sync?: { status?: string; revision?: string } } }[]).filter((a) => a.metadata.name.startsWith('pa-'))
  const argoApp1 = async (i: number) => (await client.get({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `pa-${i}`, namespace: ns } })) as { status?: { sync?: { status?: string } } } | null
  const until = async (what: string, done: () => Promise<boolean> | boolean, timeoutMs: number, pollMs = 100) => {
    const deadline = Date.now() + timeoutMs
    // A poll that fails (a dropped keep-alive connection) is only a poll that saw nothing yet.
    while (!(await Promise.resolve().then(done).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`argocd peer bench: ${what} did not happen in ${timeoutMs / 1000} s`)
      await sleep(pollMs)
    }
    return true
  }
  const deskAll = (check: (s: { sync: string; revision: string }) => boolean) => desk.apps().every((a) => { const s = controller.status(a.metadata.name); return !!s && check(s) })

  try {
    // From nothing to every app synced, each tool on its own 100 apps, at the same time.
    const coldStart = performance.now()
    const deskCold = (async () => {
      controller.start()
      await Promise.all(desk.apps().map(async (a) => (await desk.sync(a.metadata.name, {}), await desk.waitForOperation(a.metadata.name))))
      await until('GitOps Desk: 100 apps Synced', () => deskAll((s) => s.sync === 'Synced'), 600_000, 250)
      return performance.now() - coldStart
    })()
    kubectl(['apply', '-f', '-'], Array.from({ length: apps }, (_, i) => JSON.stringify(argoApp(i))).join('\n'))
    const argoCold = (async () => {
      await until('Argo CD: 100 apps Synced', async () => { const s = await argoStatuses(); return s.length === apps && s.every((a) => a.status?.sync?.status === 'Synced') }, 600_000, 250)
      return performance.now() - coldStart
    })()
    const [deskColdMs, argoColdMs] = await Promise.all([deskCold, argoCold])
    figures.record('peer.cold.100apps.desk.ms', deskColdMs, 'ms')
    figures.record('peer.cold.100apps.argocd.ms', argoColdMs, 'ms')

    // The steady-state window: CPU and memory of each side from here on.
    const argoPids = [ctx.argo.processes.controller.pid, ctx.argo.processes.repoServer.pid, ctx.argo.processes.redis.pid]
    const argoBefore = argoPids.map(processUsage)
    const deskBefore = process.cpuUsage()
    const windowStart = performance.now()

    // A live edit to one ConfigMap of an app on each side, then until each says OutOfSync: kubectl
    // as a user runs it, each side timed from its own kubectl's start, one side at a time, and
    // nothing blocks this process meanwhile (a synchronous kubectl held GitOps Desk's event loop).
    const kubectlAsync = (args: string[]) => new Promise<number>((resolve, reject) => execFile(ctx.kubectl, ['--kubeconfig', ctx.kubeconfig, '--context', 'ground-1', ...args], (error) => (error ? reject(error) : resolve(performance.now()))))
    const edit = (namespace: string) => kubectlAsync(['-n', namespace, 'patch', 'configmap', 'c-0', '--type', 'merge', '-p', '{"data":{"value":"by-hand"}}'])
    // Where GitOps Desk's time goes: the engine's re-diff stages, and the status event the UI gets.
    const rediffs: DriftSample[] = []
    const stopSamples = controller.onObjectRediff((sample) => rediffs.push(sample))
    const delivered = new Map<string, number>()
    const stopEvents = desk.engine.events.subscribe((batch) => batch.forEach((e) => e.type === 'app-status' && e.status.sync === 'OutOfSync' && !delivered.has(e.app) && delivered.set(e.app, performance.now())))
    const stages: Record<string, number[]> = {}
    const stage = (name: string, ms: number) => (stages[name] ??= []).push(ms)
    const deskEdit: number[] = []
    const argoEdit: number[] = []
    for (let k = 0; k < samples; k++) {
      const started = performance.now()
      const edited = edit(`pd-${k}`)
      await until('GitOps Desk sees the edit', () => controller.status(`pd-${k}`)?.sync === 'OutOfSync', 120_000, 20)
      deskEdit.push(performance.now() - started)
      stage('kubectl', (await edited) - started)
      const rediff = rediffs.find((r) => r.app === `pd-${k}` && r.sync === 'OutOfSync')
      if (rediff) {
        stage('watch', rediff.receivedAt - started)
        stage('diff', rediff.diffedAt - rediff.startedAt)
        stage('publish', rediff.publishedAt - rediff.diffedAt)
        await until('the status event', () => delivered.has(`pd-${k}`), 10_000, 5)
        stage('event', delivered.get(`pd-${k}`)! - rediff.publishedAt)
      }
      const argoStarted = performance.now()
      const argoEdited = edit(`pa-${k}`)
      await until('Argo CD sees the edit', async () => (await argoApp1(k))?.status?.sync?.status === 'OutOfSync', 120_000, 20)
      argoEdit.push(performance.now() - argoStarted)
      await argoEdited
    }
    stopSamples()
    stopEvents()
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    figures.record('peer.edit.to.outofsync.desk.ms', median(deskEdit), 'ms')
    figures.record('peer.edit.to.outofsync.argocd.ms', median(argoEdit), 'ms')
    // The stages of GitOps Desk's time (medians): kubectl's own run; its start to the watch event
    // (kubectl's start-up, the API server, the watch); the object's re-diff; the app's status
    // derived again and published; published to the event the UI receives.
    for (const [name, values] of Object.entries(stages)) figures.record(`peer.edit.stage.${name}.ms`, median(values), 'ms')

    // A new commit for all 100 apps of each side; both are told to refresh (as a webhook does).
    write('two')
    const head = repo.commit('two')
    const refreshStart = performance.now()
    kubectl(['-n', ns, 'annotate', 'applications', '--all', 'argocd.argoproj.io/refresh=normal', '--overwrite'])
    const [deskRefreshMs, argoRefreshMs] = await Promise.all([
      (async () => {
        await Promise.all(desk.apps().map((a) => controller.refresh(a.metadata.name)))
        await until('GitOps Desk compares the new commit', () => deskAll((s) => s.revision === head), 300_000, 50)
        return performance.now() - refreshStart
      })(),
      (async () => {
        await until('Argo CD compares the new commit', async () => (await argoStatuses()).every((a) => a.status?.sync?.revision === head), 300_000, 100)
        return performance.now() - refreshStart
      })(),
    ])
    figures.record('peer.commit.refresh.100apps.desk.ms', deskRefreshMs, 'ms')
    figures.record('peer.commit.refresh.100apps.argocd.ms', argoRefreshMs, 'ms')

    // A quiet minute's worth of the window, so idle cost counts too.
    await sleep(30_000)
    const seconds = (performance.now() - windowStart) / 1000
    const argoAfter = argoPids.map(processUsage)
    const deskCpu = process.cpuUsage(deskBefore)
    figures.record('peer.window.s', seconds, 's')
    figures.record('peer.cpu.desk.s', (deskCpu.user + deskCpu.system) / 1e6, 's')
    figures.record('peer.cpu.argocd.s', argoAfter.reduce((sum, u, i) => sum + u.cpuS - argoBefore[i]!.cpuS, 0), 's')
    figures.record('peer.rss.desk.mb', process.memoryUsage().rss / 1024 / 1024, 'MB')
    figures.record('peer.rss.argocd.mb', argoAfter.reduce((sum, u) => sum + u.rssMb, 0), 'MB')
    figures.record('peer.rss.argocd.controller.mb', argoAfter[0]!.rssMb, 'MB')
  } finally {
    await desk.close()
    kubectl(['-n', ns, 'delete', 'applications', '--all', '--wait=false'])
    repo.remove()
  }
}
