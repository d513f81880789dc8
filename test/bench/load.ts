import { execFileSync, spawn } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { getHeapSpaceStatistics } from 'node:v8'
import YAML from 'yaml'
import { openDesk } from '../../main/api/desk'
import { createApiHandlers } from '../../main/api/handlers'
import { Application } from '../../main/engine/model/app-schema'
import { startWebHarness } from '../../main/web/server'
import { launchChromium, repoRoot } from '../e2e/browser'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import type { Figures } from './figures'
import { EditLags } from './edit-lags'
import { SoakMonitor } from './soak'

interface LoadGround {
  kubectl: string
  kubeconfig: string
  helm: string
  kustomize: string
  work: string
}

const appCount = 200
const objectsPerApp = 100

/**
 * 200 apps and 20,000 live objects over 2 clusters, then a stream of live edits (1,000 per
 * second, from another process) for `seconds`: how far each app's status lags behind the
 * cluster, the engine's memory and event loop, and how the list page in Chromium (connected to
 * the same engine through the web harness) responds meanwhile.
 */
export async function loadBench(figures: Figures, ground: LoadGround, seconds = 60, rate = 1000): Promise<void> {
  const repo = FixtureRepo.create([])
  mkdirSync(join(repo.dir, 'hundred'))
  writeFileSync(join(repo.dir, 'hundred', 'all.yaml'), Array.from({ length: objectsPerApp }, (_, i) => YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `l-${i}` }, data: { i: String(i) } })).join('---\n'))
  repo.commit('hundred')
  // A short run measures the watch → status path alone (no app's periodic whole compare falls in
  // it). A soak (3 minutes or more) runs with the app's own reconcile interval and jitter (120 s +
  // up to 60 s, as Argo CD's): every app is compared whole every 2 to 3 minutes meanwhile, as a
  // user's would be. With one interval and no jitter, all 200 came due in the same second.
  const soakRun = seconds >= 180
  const desk = openDesk({ dataDir: mkdtempSync(join(ground.work, 'load-')), secrets: new MemorySecrets(), start: false, controller: { ...(soakRun ? {} : { intervalMs: 600_000, jitterMs: 0 }), autoSync: false, watchDebounceMs: 1000 } })
  await desk.engine.loadContexts()
  const harness = await startWebHarness({ handlers: createApiHandlers(desk), rendererDir: resolve(repoRoot, 'out/renderer'), subscribe: (listener) => desk.engine.events.subscribe(listener) })
  const browser = await launchChromium()
  try {
    desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: ground.helm, kustomizePath: ground.kustomize, activeContext: 'ground-1' }))
    const apps = Array.from({ length: appCount }, (_, i) =>
      Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `load-${i}` }, spec: { source: { repoURL: repo.url, path: 'hundred' }, destination: { name: i % 2 ? 'ground-2' : 'ground-1', namespace: `load-${i}` } } }),
    )
    desk.engine.store.update((d) => void (d.apps = apps))
    for (const context of ['ground-1', 'ground-2']) {
      const mine = apps.filter((a) => a.spec.destination.name === context)
      const rendered = (await Promise.all(mine.map((a) => desk.engine.render(a)))).flatMap((r) => r.objects)
      const docs = [...mine.map((a) => YAML.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: a.spec.destination.namespace } })), ...rendered.map((o) => YAML.stringify(o))]
      execFileSync(ground.kubectl, ['--kubeconfig', ground.kubeconfig, '--context', context, 'apply', '--server-side', '--field-manager', 'gitops-desk', '-f', '-'], { input: docs.join('---\n'), maxBuffer: 256 * 1024 * 1024 })
    }
    // The loop starts as the app starts it (a compare of every app), and the edits begin once that
    // first pass is over: the figures are the steady state's. (Started after its own pass, the loop
    // compared all 200 apps a second time while the edits streamed, and the lag measured that.)
    desk.controller().start()
    await desk.controller().reconcileAll()
    figures.record('load.live.objects', apps.length * objectsPerApp, 'objects')

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(harness.url)
    await page.getByText(new RegExp(`${appCount} of ${appCount}`)).waitFor({ timeout: 60_000 })
    // Long tasks on the page's main thread (anything over 50 ms blocks input).
    await page.evaluate(`(() => {
      globalThis.__longTasks = []
      new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__longTasks.push(e.duration) }).observe({ type: 'longtask', buffered: false })
    })()`)
    const pageHeap = async () => ((await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number) / 1024 / 1024
    const heapStart = await pageHeap()

    // Each edit's lag, from its write to its app's first status that read it (edit-lags.ts).
    const caches = ['ground-1', 'ground-2'].map((c) => desk.engine.liveCache(c))
    const edits = new EditLags(desk.controller(), caches)
    const { lags } = edits
    const poll = setInterval(() => edits.settle(), 100)
    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    const rss: number[] = []
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1000)
    const requestsBefore = desk.engine.client('ground-1').requests + desk.engine.client('ground-2').requests
    const cpuBefore = process.cpuUsage()
    const watchesBefore = caches.reduce((n, c) => n + c.watchCalls + c.listCalls, 0)
    const reconcilesBefore = desk.controller().stats.reconciles
    // The watch → status path's stages per re-diff: waiting for its turn, the diff, status and publish.
    const rediffs = { queue: [] as number[], diff: [] as number[], publish: [] as number[], objects: 0, runs: 0 }
    const stopSamples = desk.controller().drift.onSample((r) => {
      rediffs.queue.push(r.startedAt - r.receivedAt)
      rediffs.diff.push(r.diffedAt - r.startedAt)
      rediffs.publish.push(r.publishedAt - r.diffedAt)
      rediffs.objects += r.keys.length
      rediffs.runs++
    })
    let writerSent = 0
    let received = 0
    for (const cache of caches) cache.onChange(() => void received++)
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    let engineMemoryStart = process.memoryUsage()
    // The writer's first pass gives each of the 20,000 objects its managedFields entry (about a
    // minute): state, not a leak. A soak of 3 minutes or more takes its baseline after it.
    const baselineAt = soakRun ? setTimeout(() => {
      gc?.()
      engineMemoryStart = process.memoryUsage()
      console.log(`load.heap.baseline: ${(engineMemoryStart.heapUsed / 1024 / 1024).toFixed(0)} MB live, RSS ${(engineMemoryStart.rss / 1024 / 1024).toFixed(0)} MB, after a GC at 2 min (after the writer's first pass)`)
      console.log(`load.heap.spaces.baseline: ${heapSpaces()}`)
    }, 120_000) : undefined
    const soak = new SoakMonitor(figures, { sent: () => writerSent, received: () => received, queued: () => desk.controller().stats.waiting, behind: () => edits.behind, lags })

    const targets = apps.map((a) => ({ app: a.metadata.name, context: a.spec.destination.name!, namespace: a.spec.destination.namespace!, names: Array.from({ length: objectsPerApp }, (_, i) => `l-${i}`) }))
    const plan = join(ground.work, 'load-plan.json')
    writeFileSync(plan, JSON.stringify({ rate, seconds, targets }))
    const reports = join(ground.work, 'load-reports.jsonl')
    writeFileSync(reports, '')
    const writer = spawn(process.execPath, ['--import', 'tsx', 'test/bench/load-writer.ts', plan, reports], { cwd: repoRoot, env: { ...process.env, KUBECONFIG: ground.kubeconfig }, stdio: ['ignore', 'inherit', 'inherit'] })
    let done: { sent: number; failed: number; seconds: number } | undefined
    // The writer's reports, read as it appends them (only what is new: re-reading the whole file
    // every time was the bench's own load on the process it measures).
    const reportsFd = openSync(reports, 'r')
    let unread = ''
    const readReports = () => {
      const chunk = Buffer.alloc(1 << 20)
      for (let n = readSync(reportsFd, chunk); n > 0; n = readSync(reportsFd, chunk)) unread += chunk.toString('utf8', 0, n)
      const end = unread.lastIndexOf('\n') + 1
      for (const line of unread.slice(0, end).split('\n').filter(Boolean)) {
        const message = JSON.parse(line) as { edits?: [string, string, string, number][]; sent?: number; done?: typeof done }
        if (message.sent !== undefined) writerSent = message.sent
        for (const [app, namespace, name, at] of message.edits ?? []) edits.add(app, namespace, name, at)
        if (message.done) done = message.done
      }
      unread = unread.slice(end)
    }
    const reading = setInterval(readReports, 100)
    const exited = new Promise<void>((r) => writer.once('exit', () => r()))

    // Meanwhile, what a user does: filter the list, every few seconds.
    const filterTimes: number[] = []
    let typing = 0
    while (writer.exitCode === null) {
      await new Promise((r) => setTimeout(r, 3000))
      if (writer.exitCode !== null) break
      const text = typing++ % 2 ? '' : `load-${typing % appCount}`
      filterTimes.push(
        (await page.evaluate(`(async () => {
          const input = document.querySelector('input[type=search]')
          const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set
          const start = performance.now()
          setValue.call(input, ${JSON.stringify(text)})
          input.dispatchEvent(new Event('input', { bubbles: true }))
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
          return performance.now() - start
        })()`)) as number,
      )
    }
    await exited
    clearInterval(reading)
    readReports()
    closeSync(reportsFd)
    const cpu = process.cpuUsage(cpuBefore)
    const restarts = caches.reduce((n, c) => n + c.watchCalls + c.listCalls, 0) - watchesBefore
    const reconciles = desk.controller().stats.reconciles - reconcilesBefore
    const requests = desk.engine.client('ground-1').requests + desk.engine.client('ground-2').requests - requestsBefore
    // The last edits: give them the 5 s the target allows, then count what is still behind.
    await new Promise((r) => setTimeout(r, 5000))
    clearInterval(poll)
    edits.settle()
    edits.stop()
    clearInterval(sampler)
    stopSamples()
    loop.disable()
    clearTimeout(baselineAt)
    gc?.()
    soak.finish(gc ? { start: engineMemoryStart, end: process.memoryUsage() } : undefined)
    if (soakRun) console.log(`load.heap.spaces.end: ${heapSpaces()}`)
    const longTasks = (await page.evaluate('globalThis.__longTasks')) as number[]
    const heapEnd = await pageHeap()

    const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0
    if (!done) throw new Error('the load writer did not finish')
    figures.record('load.events.per.s', done.sent / done.seconds, 'events/s')
    figures.record('load.events.failed', done.failed, 'writes')
    figures.record('load.status.lag.p50.ms', pct(lags, 0.5), 'ms')
    figures.record('load.status.lag.p95.ms', pct(lags, 0.95), 'ms')
    figures.record('load.status.lag.max.ms', pct(lags, 1), 'ms')
    figures.record('load.status.behind.edits', edits.behind, 'edits')
    // The engine's own cost per event (this process: engine, API and harness; not the clusters).
    figures.record('load.engine.cpu.per.event.ms', (cpu.user + cpu.system) / 1000 / Math.max(1, done.sent), 'ms')
    figures.record('load.engine.requests.per.event', requests / Math.max(1, done.sent), 'requests')
    figures.record('load.engine.reconciles.per.s', reconciles / done.seconds, 'compares/s')
    figures.record('load.engine.watch.restarts', restarts, 'lists+watches')
    for (const [name, values] of [['queue', rediffs.queue], ['diff', rediffs.diff], ['publish', rediffs.publish]] as const) figures.record(`load.stage.${name}.p95.ms`, pct(values, 0.95), 'ms')
    figures.record('load.rediff.objects.per.run', rediffs.objects / Math.max(1, rediffs.runs), 'objects')
    figures.record('load.eventloop.p99.ms', loop.percentile(99) / 1e6, 'ms')
    figures.record('load.eventloop.max.ms', loop.max / 1e6, 'ms')
    figures.record('load.rss.start.mb', (rss[0] ?? 0) / 1024 / 1024, 'MB')
    figures.record('load.rss.end.mb', (rss.at(-1) ?? 0) / 1024 / 1024, 'MB')
    figures.record('load.rss.max.mb', Math.max(...rss) / 1024 / 1024, 'MB')
    figures.record('load.ui.filter.p50.ms', pct(filterTimes, 0.5), 'ms')
    figures.record('load.ui.filter.max.ms', pct(filterTimes, 1), 'ms')
    figures.record('load.ui.longtask.max.ms', pct(longTasks, 1), 'ms')
    figures.record('load.ui.longtask.count', longTasks.length, 'tasks')
    if (heapStart) figures.record('load.ui.heap.start.mb', heapStart, 'MB')
    if (heapEnd) figures.record('load.ui.heap.end.mb', heapEnd, 'MB')
  } finally {
    await browser.close()
    await harness.close()
    await desk.close()
    repo.remove()
  }
}

/** V8's heap by space, reserved and used (MB): where a heap reserved beyond what is live sits. */
function heapSpaces(): string {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)
  return getHeapSpaceStatistics()
    .filter((space) => space.space_size > 1024 * 1024)
    .map((space) => `${space.space_name} ${mb(space.space_used_size)}/${mb(space.space_size)}`)
    .join(', ')
}
