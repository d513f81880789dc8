import { KubeConfig } from '@kubernetes/client-node'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { probeVersion } from '../../main/engine/clusters/probe'
import { startApiserver, stopApiserver } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { openUi, type OpenUi } from './browser'
import { kubectlOn } from '../support/kubectl'

// Issue 29: what is on screen is true. ground-2's API server stops: the app list, the details
// header and tree, the Clusters page and the cluster switcher all say so within 5 s (the app
// Unknown, its state "last known at"), and all show the return within 5 s of the server answering.
const kubeconfig = inject('kubeconfig')
const groundDir = inject('groundDir')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const app = 'outage-ui'
const appYaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${app}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {name: ground-2, namespace: ${app}}`].join('\n')

const text = (page: Page, selector: string) => page.locator(selector).first().textContent({ timeout: 1000 }).then((t) => t ?? '', () => '')

/** Polls every check until each holds; when each first held (performance.now()). */
async function timeEach(checks: Record<string, () => Promise<boolean>>, timeoutMs: number): Promise<Record<string, number>> {
  const start = performance.now()
  const times: Record<string, number> = {}
  for (;;) {
    const pending = Object.entries(checks).filter(([name]) => !(name in times))
    if (pending.length === 0) return times
    if (performance.now() - start > timeoutMs) throw new Error(`not shown within ${timeoutMs} ms: ${pending.map(([name]) => name).join(', ')}`)
    await Promise.all(pending.map(async ([name, check]) => void ((await check()) && (times[name] = performance.now()))))
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * The test's own view of ground-2's API server, asked every 100 ms: when it stopped answering
 * after `since`, or answered again. The SIGTERM'd apiserver drains for a while before it stops
 * answering, so times are measured from here, not from the signal.
 */
function answers(): { first(answering: boolean, since: number): number | undefined; stop(): void } {
  const config = new KubeConfig()
  config.loadFromFile(kubeconfig)
  config.setCurrentContext('ground-2')
  const seen: { at: number; ok: boolean }[] = []
  let running = true
  void (async () => {
    while (running) {
      const at = performance.now()
      seen.push({ at, ok: (await probeVersion(config, 500)).reachable })
      await new Promise((r) => setTimeout(r, 100))
    }
  })()
  return { first: (answering, since) => seen.find((s) => s.at >= since && s.ok === answering)?.at, stop: () => void (running = false) }
}

const relative = (times: Record<string, number>, from: number) => Object.fromEntries(Object.entries(times).map(([view, at]) => [view, Math.round(at - from)]))

describe('a cluster outage in the UI', () => {
  let ui: OpenUi
  let list: Page
  let details: Page
  let clusters: Page
  let menu: Page
  let stopped = false

  beforeAll(async () => {
    ui = await openUi('outage', kubeconfig, bin.binDir)
    list = ui.page
    await list.evaluate((yaml) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(yaml), appYaml)
    details = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } })
    await details.goto(`${ui.harness.url.replace(/#.*$/, '')}#/apps/${app}`)
    clusters = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } })
    await clusters.goto(`${ui.harness.url.replace(/#.*$/, '')}#/clusters`)
    // The switcher (the command palette) lists every context only while it is open: a page of its own opens it to read.
    menu = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } })
    await menu.goto(ui.harness.url)
  })
  afterAll(async () => {
    if (stopped) await startApiserver(groundDir, 2)
    await ui?.close()
    repo.remove()
  })

  const row = () => text(list, `[data-app="${app}"]`)
  const head = () => text(details, '.details-head')
  const tree = () => text(details, 'ul.resources')
  const tile = () => text(clusters, '[data-cluster="ground-2"]')
  const switcher = async () => {
    await menu.getByRole('button', { name: /^Cluster:/ }).click({ timeout: 1000 }).catch(() => undefined)
    const item = await text(menu, '.palette [role="option"][data-context="ground-2"]')
    await menu.keyboard.press('Escape')
    return item
  }

  it('each view shows the outage within 5 s, with the last known state, and the return within 5 s', { timeout: 240_000 }, async () => {
    // Compared once: every view shows the app's real state.
    const ready = await timeEach(
      {
        list: async () => /OutOfSync/.test(await row()),
        details: async () => /OutOfSync/.test(await head()) && /Service/.test(await tree()),
        clusters: async () => /Reachable · Kubernetes/.test(await tile()),
        switcher: async () => /ground-2/.test(await switcher()) && !/unreachable/.test(await switcher()),
      },
      60_000,
    )
    expect(Object.keys(ready)).toHaveLength(4)

    const server = answers()
    let down: Record<string, number>
    let up: Record<string, number>
    try {
      const asked = performance.now()
      const stopping = stopApiserver(groundDir, 2).then(() => performance.now())
      stopped = true
      const shownDown = await timeEach(
        {
          list: async () => /Unknown[\s\S]*last known at .*OutOfSync/.test(await row()),
          'details header': async () => /Unknown[\s\S]*last known at .*OutOfSync/.test(await head()),
          'details tree': async () => /last known at/.test(await tree()) && !/Missing\s*Missing/.test(await tree()),
          'clusters page': async () => /Unreachable: /.test(await tile()) && /Unknown/.test(await tile()),
          switcher: async () => /ground-2.*unreachable/.test(await switcher()),
        },
        40_000,
      )
      const exited = await stopping
      const silentAt = server.first(false, asked)!
      down = relative(shownDown, silentAt)
      console.log(`[outage-ui] SIGTERM to ground-2's apiserver; it stopped answering after ${Math.round(silentAt - asked)} ms and exited after ${Math.round(exited - asked)} ms`)
      console.log(`[outage-ui] shown unreachable/Unknown with "last known", ms after the apiserver stopped answering: ${JSON.stringify(down)}`)

      const starting = performance.now()
      const ready = startApiserver(groundDir, 2).then(() => performance.now())
      const shownUp = await timeEach(
        {
          list: async () => /OutOfSync/.test(await row()) && !/last known/.test(await row()),
          'details header': async () => /OutOfSync/.test(await head()) && !/last known/.test(await head()),
          'details tree': async () => /Service/.test(await tree()) && !/last known/.test(await tree()),
          'clusters page': async () => /Reachable · Kubernetes/.test(await tile()),
          switcher: async () => /ground-2/.test(await switcher()) && !/unreachable/.test(await switcher()),
        },
        60_000,
      )
      const readyAt = await ready
      stopped = false
      const answeringAt = server.first(true, starting)!
      up = relative(shownUp, answeringAt)
      console.log(`[outage-ui] apiserver started; it answered /version after ${Math.round(answeringAt - starting)} ms, ready (readyz) after ${Math.round(readyAt - starting)} ms`)
      console.log(`[outage-ui] shown recovered, ms after the apiserver answered again: ${JSON.stringify(up)}`)
    } finally {
      server.stop()
    }
    for (const [view, ms] of Object.entries(down)) expect(ms, `${view} showed the outage`).toBeLessThanOrEqual(5000)
    for (const [view, ms] of Object.entries(up)) expect(ms, `${view} showed the return`).toBeLessThanOrEqual(5000)
    expect(ui.problems).toEqual([])
  })

  it("an open resource panel's live manifest follows the object (an edit shows without reopening)", { timeout: 120_000 }, async () => {
    const kubectl = kubectlOn('ground-2').run
    const tracking = { 'argocd.argoproj.io/tracking-id': `${app}:/Service:${app}/guestbook-ui` }
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'guestbook-ui', namespace: app, annotations: tracking }, spec: { ports: [{ port: 80 }], selector: { app: 'guestbook-ui' } } }
    kubectl(['apply', '-f', '-'], [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: app } }, service].map((d) => JSON.stringify(d)).join('\n'))
    const region = details.getByRole('region', { name: `Application ${app}` })
    const serviceRow = () => text(details, 'ul.resources li[data-key="/Service/outage-ui/guestbook-ui"]')
    await expect.poll(serviceRow, { timeout: 30_000 }).not.toMatch(/Missing/)
    await region.getByRole('button', { name: 'Open Service guestbook-ui' }).click()
    const panel = details.getByRole('dialog', { name: 'Service guestbook-ui' })
    await panel.getByRole('tab', { name: 'Live manifest' }).click()
    const lines = panel.locator('.monaco-editor .view-lines')
    await expect.poll(() => lines.textContent(), { timeout: 30_000 }).toMatch(/kind:\s*Service/)
    kubectl(['-n', app, 'annotate', 'service', 'guestbook-ui', 'edited-by=hand'])
    await expect.poll(() => lines.textContent(), { timeout: 15_000 }).toMatch(/edited-by:\s*hand/)
  })
})
