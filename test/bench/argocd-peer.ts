import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import type { ArgoState } from '../ground/argocd'
import { FixtureRepo } from '../ground/git-fixture'
import type { Figures } from './figures'
import { kubectlOn } from '../support/kubectl'
import { ClusterClient } from '../../main/engine/clusters/cluster-client'
import { KubeContexts } from '../../main/engine/clusters/kubeconfig'
import { BenchChild, processUsage } from './child'
import { now } from './child-serve'
import { sleep, until } from './poll'

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

/**
 * The performance peer: the same 100 apps (10 ConfigMaps each) reconciled by the ground's Argo CD
 * (application controller, repo server, redis) and by GitOps Desk's engine on the same cluster.
 * The desk's engine runs in a process of its own (peer-desk.ts, from a bundle as the app runs
 * built code), so each side's CPU and resident memory are read from /proc the same way.
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

  const desk = await BenchChild.start('peer-desk.ts', { dataDir: mkdtempSync(join(ctx.work, 'peer-')), repoURL: repo.url, apps, helm: ctx.helm, kustomize: ctx.kustomize }, figures)
  const argoApp = (i: number) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `pa-${i}`, namespace: ns }, spec: { project: 'default', source, destination: { server: 'https://kubernetes.default.svc', namespace: `pa-${i}` }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } }, operation: { initiatedBy: { username: 'bench' }, sync: { syncStrategy: { hook: {} }, syncOptions: ['CreateNamespace=true'] } } })
  // The parent's own client reads Argo CD's Applications (the desk's engine is in the child).
  const client = new ClusterClient('ground-1', new KubeContexts().configFor('ground-1'))
  const argoStatuses = async () => ((await client.list('argoproj.io/v1alpha1', 'Application', ns)).items as { metadata: { name: string }; status?: { sync?: { status?: string; revision?: string } } }[]).filter((a) => a.metadata.name.startsWith('pa-'))
  const argoApp1 = async (i: number) => (await client.get({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `pa-${i}`, namespace: ns } })) as { status?: { sync?: { status?: string } } } | null

  try {
    // Its memory with the engine loaded and the apps stored, before any work: what the modules cost.
    figures.record('peer.rss.desk.start.mb', processUsage(desk.pid).rssMb, 'MB')
    // From nothing to every app synced, each tool on its own 100 apps, at the same time.
    const coldStart = now()
    const deskCold = desk.request<number>('cold').then((at) => at - coldStart)
    kubectl(['apply', '-f', '-'], Array.from({ length: apps }, (_, i) => JSON.stringify(argoApp(i))).join('\n'))
    const argoCold = (async () => {
      await until('Argo CD: 100 apps Synced', async () => { const s = await argoStatuses(); return s.length === apps && s.every((a) => a.status?.sync?.status === 'Synced') }, 600_000, 250)
      return now() - coldStart
    })()
    // Each side's figure is kept even when the other does not get there (a machine under heavy load).
    const [deskColdMs, argoColdMs] = await Promise.allSettled([deskCold, argoCold])
    if (deskColdMs.status === 'fulfilled') figures.record('peer.cold.100apps.desk.ms', deskColdMs.value, 'ms')
    if (argoColdMs.status === 'fulfilled') figures.record('peer.cold.100apps.argocd.ms', argoColdMs.value, 'ms')
    for (const side of [deskColdMs, argoColdMs]) if (side.status === 'rejected') throw side.reason

    // The steady-state window: CPU and memory of each side from here on.
    const argoPids = [ctx.argo.processes.controller.pid, ctx.argo.processes.repoServer.pid, ctx.argo.processes.redis.pid]
    const argoBefore = argoPids.map(processUsage)
    const deskBefore = processUsage(desk.pid)
    const windowStart = performance.now()

    // A live edit to one ConfigMap of an app on each side, then until each says OutOfSync; each
    // timed from the start of its own patch (the order alternates between samples). The patch is
    // this process's own request (a merge patch, as `kubectl patch --type merge` sends): a kubectl
    // process would add its start-up (~100 ms, more than either side's own work) to both figures.
    const deskEdit: number[] = []
    const argoEdit: number[] = []
    const editStages = { watch: [] as number[], diff: [] as number[], publish: [] as number[] }
    const configMap = (namespace: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c-0', namespace } })
    await client.get(configMap('pd-0')) // discovery of ConfigMaps before the first timed patch
    for (let k = 0; k < samples; k++) {
      const patch = async (namespace: string) => {
        const started = now()
        await client.mergePatch(configMap(namespace), { data: { value: 'by-hand' } })
        return started
      }
      const deskSeen = (started: number) =>
        desk.request<{ at: number; watchAt?: number; diffMs?: number; publishMs?: number }>('outOfSync', { app: `pd-${k}`, since: started }).then((seen) => {
          deskEdit.push(seen.at - started)
          // Where the desk's time went: kubectl's patch to the watch event, the object's re-diff, its publish.
          if (seen.watchAt === undefined) return
          editStages.watch.push(seen.watchAt - started)
          editStages.diff.push(seen.diffMs!)
          editStages.publish.push(seen.publishMs!)
        })
      const argoSeen = (started: number) => until('Argo CD sees the edit', async () => (await argoApp1(k))?.status?.sync?.status === 'OutOfSync', 120_000, 20).then(() => argoEdit.push(now() - started))
      if (k % 2 === 0) {
        const deskDone = deskSeen(await patch(`pd-${k}`))
        await Promise.all([deskDone, argoSeen(await patch(`pa-${k}`))])
      } else {
        const argoDone = argoSeen(await patch(`pa-${k}`))
        await Promise.all([argoDone, deskSeen(await patch(`pd-${k}`))])
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    figures.record('peer.edit.to.outofsync.desk.ms', median(deskEdit), 'ms')
    figures.record('peer.edit.to.outofsync.argocd.ms', median(argoEdit), 'ms')
    for (const [stage, values] of Object.entries(editStages)) if (values.length) figures.record(`peer.edit.stage.${stage}.ms`, median(values), 'ms')

    // A new commit for all 100 apps of each side; both are told to refresh (as a webhook does),
    // each timed from its own request: the desk's refresh of every app, Argo CD's annotation.
    write('two')
    const head = repo.commit('two')
    const deskRefresh = desk.request<{ started: number; ended: number; stages: Record<string, { wallMs: number }>; requests: number }>('refreshAll', { head })
    const argoRefreshStart = now()
    kubectl(['-n', ns, 'annotate', 'applications', '--all', 'argocd.argoproj.io/refresh=normal', '--overwrite'])
    const argoRefresh = until('Argo CD compares the new commit', async () => (await argoStatuses()).every((a) => a.status?.sync?.revision === head), 300_000, 100).then(() => now() - argoRefreshStart)
    const [deskRefreshed, argoRefreshMs] = await Promise.all([deskRefresh, argoRefresh])
    figures.record('peer.commit.refresh.100apps.desk.ms', deskRefreshed.ended - deskRefreshed.started, 'ms')
    figures.record('peer.commit.refresh.100apps.argocd.ms', argoRefreshMs, 'ms')
    // Where GitOps Desk's refresh time went: the wall time any app spent in each stage (apps
    // overlap, so these add up to more than the figure), and the requests it sent.
    for (const [stage, time] of Object.entries(deskRefreshed.stages)) figures.record(`peer.commit.refresh.desk.stage.${stage.replace(' ', '-')}.ms`, time.wallMs, 'ms')
    figures.record('peer.commit.refresh.desk.requests', deskRefreshed.requests, 'requests')

    // A quiet minute's worth of the window, so idle cost counts too.
    await sleep(30_000)
    const seconds = (performance.now() - windowStart) / 1000
    const argoAfter = argoPids.map(processUsage)
    const deskAfter = processUsage(desk.pid)
    figures.record('peer.window.s', seconds, 's')
    figures.record('peer.cpu.desk.s', deskAfter.cpuS - deskBefore.cpuS, 's')
    figures.record('peer.cpu.argocd.s', argoAfter.reduce((sum, u, i) => sum + u.cpuS - argoBefore[i]!.cpuS, 0), 's')
    // Resident memory per process at the end of the window (and each one's peak since it started).
    figures.record('peer.rss.desk.mb', deskAfter.rssMb, 'MB')
    figures.record('peer.rss.desk.peak.mb', deskAfter.peakMb, 'MB')
    figures.record('peer.rss.argocd.controller.mb', argoAfter[0]!.rssMb, 'MB')
    figures.record('peer.rss.argocd.controller.peak.mb', argoAfter[0]!.peakMb, 'MB')
    figures.record('peer.rss.argocd.mb', argoAfter.reduce((sum, u) => sum + u.rssMb, 0), 'MB')
    const memory = await desk.request<{ heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; liveObjects: number; spaces: Record<string, number> }>('memory')
    figures.record('peer.desk.heap.used.mb', memory.heapUsed / 1024 / 1024, 'MB')
    figures.record('peer.desk.heap.total.mb', memory.heapTotal / 1024 / 1024, 'MB')
    figures.record('peer.desk.external.mb', memory.external / 1024 / 1024, 'MB')
    figures.record('peer.desk.live.objects', memory.liveObjects, 'objects')
    if (process.env.BENCH_HEAP_SNAPSHOT) await desk.request('heapSnapshot', { file: process.env.BENCH_HEAP_SNAPSHOT })

    // Issue 36: an Application created in Argo CD, until GitOps Desk's list shows it, and how long
    // after Argo CD wrote its verdict (Synced, as this process reads it) the desk shows it. After
    // the memory figures: watching Argo CD's Applications is not the controller's cost.
    await desk.request('argoAppShown', { name: 'pa-0' }) // the instance found, its Applications watched
    const created = now()
    await client.create(argoApp(apps) as unknown as Parameters<typeof client.create>[0])
    figures.record('peer.argocd.app.listed.ms', (await desk.request<number>('argoAppShown', { name: `pa-${apps}` })) - created, 'ms')
    const [argoSyncedAt, deskSyncedAt] = await Promise.all([
      until('Argo CD syncs the new app', async () => (await argoApp1(apps))?.status?.sync?.status === 'Synced', 120_000, 20).then(() => now()),
      desk.request<number>('argoAppShown', { name: `pa-${apps}`, sync: 'Synced' }),
    ])
    figures.record('peer.argocd.app.status.lag.ms', Math.max(0, deskSyncedAt - argoSyncedAt), 'ms')
  } finally {
    await desk.close()
    kubectl(['-n', ns, 'delete', 'applications', '--all', '--wait=false'])
    repo.remove()
  }
}
