import { appendFileSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import type { GitopsApi } from '../../shared/api'
import type { TreeNode } from '../../shared/model'
import { launchChromium, startWebHarnessProcess } from '../e2e/browser'
import { criLogLine, podLogFiles } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import type { Figures } from './figures'

type Gitops = { gitops: GitopsApi }

/**
 * Counts the renderer's API calls and lets the bench hand its event listeners synthetic events
 * (the same path the transport's events take). Installed before the page's scripts run.
 */
const hook = `(() => {
  const listeners = new Set()
  const calls = {}
  let api
  Object.defineProperty(window, 'gitops', {
    configurable: true,
    get() { return api },
    set(value) {
      for (const [name, fn] of Object.entries(value)) {
        if (typeof fn !== 'function') continue
        value[name] = name === 'onEvents'
          ? (listener) => { listeners.add(listener); const off = fn(listener); return () => { listeners.delete(listener); off() } }
          : (...args) => { calls[name] = (calls[name] ?? 0) + 1; return fn(...args) }
      }
      api = value
    },
  })
  window.__bench = { calls, emit: (events) => listeners.forEach((l) => l(events)) }
})()`

/** A synthetic tree: 200 Deployments, each with a ReplicaSet and 8 Pods (2,001 nodes with the app). */
function bigTree(app: string): TreeNode[] {
  const nodes: TreeNode[] = []
  for (let d = 0; d < 200; d++) {
    const deployment = `apps/Deployment/${app}/web-${d}`
    const replicaSet = `apps/ReplicaSet/${app}/web-${d}-5d9f`
    nodes.push({ key: deployment, kind: 'Deployment', name: `web-${d}`, namespace: app, status: 'Synced', health: d % 17 === 0 ? 'Degraded' : 'Healthy' })
    nodes.push({ key: replicaSet, kind: 'ReplicaSet', name: `web-${d}-5d9f`, namespace: app, parent: deployment, health: 'Healthy' })
    for (let p = 0; p < 8; p++) nodes.push({ key: `/Pod/${app}/web-${d}-5d9f-${p}`, kind: 'Pod', name: `web-${d}-5d9f-${p}`, namespace: app, parent: replicaSet, health: 'Healthy' })
  }
  return nodes.slice(0, 2000)
}

/**
 * The details view in Chromium through the web harness, on the ground: the graph's first render
 * with 2,000 nodes, logs streamed at 5,000 lines/s (through kwok, the API server, the engine and
 * the transport) with the long tasks they cause, and 100 status events a second applied without
 * asking the engine again.
 */
export async function panelBench(figures: Figures, ground: { kubeconfig: string; binDir: string; groundDir: string; work: string }): Promise<void> {
  const repo = FixtureRepo.create(['guestbook'])
  const harness = await startWebHarnessProcess({ ...process.env, GITOPS_DESK_DATA: mkdtempSync(join(ground.work, 'panel-')), KUBECONFIG: ground.kubeconfig, PATH: `${ground.binDir}:${process.env.PATH}` })
  const browser = await launchChromium()
  const logFile = podLogFiles(join(ground.groundDir, 'cluster-1')).current
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.addInitScript(hook)
    await page.goto(harness.url)
    const app = 'bench-panel'
    await page.evaluate((yaml) => (globalThis as unknown as Gitops).gitops.saveAppYaml(yaml), YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: app }, spec: { source: { repoURL: repo.url, path: 'guestbook' }, destination: { name: 'ground-1', namespace: app }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }))
    await page.evaluate((name) => (globalThis as unknown as Gitops).gitops.syncApp(name), app)
    await page.goto(`${harness.url}#/apps/${app}`)
    const details = page.getByRole('region', { name: `Application ${app}` })
    await details.locator('.details-head').getByText('Healthy').waitFor({ timeout: 120_000 })

    // 1. The graph of 2,000 nodes: from the click to the frame after the first node is drawn.
    await page.evaluate(`window.__bench.emit([{ type: 'app-tree', app: '${app}', nodes: ${JSON.stringify(bigTree(app))} }])`)
    await page.getByRole('button', { name: 'Tree', exact: true }).click()
    const graphTimes: number[] = []
    for (let run = 0; run < 3; run++) {
      await page.getByRole('button', { name: 'Tree', exact: true }).click()
      graphTimes.push(
        (await page.evaluate(`new Promise((resolve) => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Graph')
          const start = performance.now()
          button.click()
          const wait = () => document.querySelector('[data-testid=graph] [data-node]') ? requestAnimationFrame(() => resolve(performance.now() - start)) : requestAnimationFrame(wait)
          wait()
        })`)) as number,
      )
    }
    graphTimes.sort((a, b) => a - b)
    figures.record('ui.graph2000.firstRender.ms', graphTimes[1]!, 'ms')
    figures.record('ui.graph2000.nodesInDom', await page.locator('[data-testid=graph] [data-node]').count(), 'nodes')
    await page.getByRole('button', { name: 'Tree', exact: true }).click()
    await page.reload() // the real tree again
    await details.locator('.details-head').getByText('Healthy').waitFor({ timeout: 60_000 })

    // 2. Logs at 5,000 lines/s for 5 s, written to the log file kwok serves.
    await details.getByRole('button', { name: 'Open Deployment guestbook-ui' }).click()
    const panel = page.getByRole('dialog', { name: 'Deployment guestbook-ui' })
    await panel.getByRole('tab', { name: 'Logs' }).click()
    const lines = panel.getByLabel('Log lines', { exact: true })
    // Polled through evaluate (the debugger protocol): the page's CSP forbids waitForFunction's eval.
    const shownLines = async () => Number(await page.evaluate(`document.querySelector('[aria-label="Log lines"]')?.getAttribute('data-lines') ?? 0`))
    const waitForLines = async (want: number, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs
      while ((await shownLines()) < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    }
    await waitForLines(1, 60_000)
    await page.evaluate(`window.__longTasks = []; new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false })`)
    const before = Number(await lines.getAttribute('data-lines'))
    const seconds = 5
    const perTick = 500
    const started = Date.now()
    let written = 0
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        let chunk = ''
        for (let i = 0; i < perTick; i++) chunk += criLogLine(`bench line ${written + i} ${'x'.repeat(60)}`)
        appendFileSync(logFile, chunk)
        written += perTick
        if (Date.now() - started >= seconds * 1000) {
          clearInterval(timer)
          resolve()
        }
      }, 100)
    })
    await waitForLines(before + written, 60_000)
    const received = Number(await lines.getAttribute('data-lines')) - before
    const elapsed = (Date.now() - started) / 1000
    const longTasks = (await page.evaluate('window.__longTasks')) as number[]
    figures.record('ui.logs.written.linesPerS', written / seconds, 'lines/s')
    figures.record('ui.logs.shown.linesPerS', received / elapsed, 'lines/s')
    figures.record('ui.logs.received', received / written, 'ratio')
    figures.record('ui.logs.longTasks', longTasks.length, 'tasks')
    figures.record('ui.logs.longestTask.ms', Math.max(0, ...longTasks), 'ms')
    await panel.getByRole('button', { name: 'Close the resource panel' }).click()

    // 3. 100 status events a second for 3 s: the details view shows each, and asks the engine nothing.
    const status = await page.evaluate((name) => (globalThis as unknown as Gitops).gitops.getApp(name).then((d) => d.status), app)
    const callsBefore = (await page.evaluate('({ ...window.__bench.calls })')) as Record<string, number>
    const lag = (await page.evaluate(`new Promise((resolve) => {
      const status = ${JSON.stringify(status)}
      let n = 0
      const timer = setInterval(() => {
        n++
        window.__bench.emit([{ type: 'app-status', app: '${app}', status: { ...status, reconciledAt: new Date(Date.now() + 60000).toISOString(), revisionMessage: 'event ' + n } }])
        if (n === 300) {
          clearInterval(timer)
          const sent = performance.now()
          const wait = () => document.querySelector('.revision-message')?.textContent === 'event 300' ? resolve(performance.now() - sent) : requestAnimationFrame(wait)
          wait()
        }
      }, 10)
    })`)) as number
    const callsAfter = (await page.evaluate('({ ...window.__bench.calls })')) as Record<string, number>
    const refetches = ['getApp', 'resourceTree', 'listApps'].reduce((sum, m) => sum + (callsAfter[m] ?? 0) - (callsBefore[m] ?? 0), 0)
    figures.record('ui.details.events', 300, 'events')
    figures.record('ui.details.refetches', refetches, 'calls')
    figures.record('ui.details.lastEventShown.ms', lag, 'ms')
  } finally {
    await browser.close()
    await harness.stop()
    repo.remove()
  }
}
