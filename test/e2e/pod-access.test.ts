import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { get } from 'node:http'
import { join } from 'node:path'
import YAML from 'yaml'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Reaching into pods from the resource panel in Chromium, on the ground: a shell typed into
// xterm.js runs in a kwok pod (kwok's ClusterExec runs it on this machine), a port-forward to a
// Service answers HTTP on 127.0.0.1, and Settings lists it and stops it.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create([])
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] }, { name: 'sidecar', image: 'busybox:1.36' }] } } },
}
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] } }
mkdirSync(join(repo.dir, 'web'))
writeFileSync(join(repo.dir, 'web', 'web.yaml'), [deployment, service].map((o) => YAML.stringify(o)).join('---\n'))
repo.commit('web and its Service')
const appYaml = YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'pa-ui' }, spec: { project: 'default', source: { repoURL: repo.url, path: 'web' }, destination: { name: 'ground-1', namespace: 'pa-ui' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const httpGet = (port: number, path: string) =>
  new Promise<string>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = ''
      res.on('data', (c) => (body += String(c)))
      res.on('end', () => resolve(body))
    }).on('error', reject)
  })

describe('a shell and a port-forward from the resource panel', () => {
  let ui: OpenUi
  let page: Page
  let podKey = ''
  const gitops = <T>(call: (api: GitopsApi) => Promise<T>) => page.evaluate(`(${call.toString()})(globalThis.gitops)`) as Promise<T>
  const accessibility = async (where: string) => {
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([])
  }
  const openPanel = async (key: string, tab: string) => {
    await page.goto(`${ui.harness.url.replace(/#.*$/, '')}#/apps/pa-ui?resource=${encodeURIComponent(key)}&tab=${tab}`)
    await page.reload() // a fresh panel, as a link opens it
    return page.locator('.resource-panel')
  }

  beforeAll(async () => {
    ui = await openUi('pod-access', kubeconfig, bin.binDir)
    page = ui.page
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('the app is synced and its pod runs', { timeout: 180_000 }, async () => {
    await page.evaluate(`globalThis.gitops.saveAppYaml(${JSON.stringify(appYaml)})`)
    await page.evaluate(`globalThis.gitops.syncApp('pa-ui')`)
    await expect.poll(async () => (await gitops((api) => api.resourceTree('pa-ui'))).filter((n) => n.kind === 'Pod' && n.health === 'Healthy').length, { timeout: 120_000, interval: 500 }).toBe(1)
    podKey = (await gitops((api) => api.resourceTree('pa-ui'))).find((n) => n.kind === 'Pod')!.key
  })

  it('opens a shell in a container on a click: typed commands run and their output is on the terminal; after the shell ends it can be opened again', { timeout: 120_000 }, async () => {
    const panel = await openPanel(podKey, 'shell')
    const status = panel.getByTestId('shell-status')
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Not connected')
    await panel.getByLabel('Container', { exact: true }).selectOption('sidecar')
    await panel.getByRole('button', { name: 'Open shell' }).click()
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^Connected to web-\w+-\w+\/sidecar on ground-1$/)
    const screen = panel.locator('.xterm-rows')
    await panel.getByTestId('shell-screen').click()
    // The answer is computed: the echo of the typed line cannot pass for it.
    await page.keyboard.type('echo "cluster $GROUND_CLUSTER says $((6*7))" k')
    await page.keyboard.press('Enter')
    await expect.poll(() => screen.textContent(), { timeout: 30_000 }).toContain('cluster ground-1 says 42 k')
    // Keys typed in the terminal are the shell's: n, d, s, r, k (new app, diff, sync, refresh, palette) did nothing else.
    expect(page.url()).toContain(`#/apps/pa-ui?resource=${encodeURIComponent(podKey)}&tab=shell`)
    expect(await page.locator('.palette').count()).toBe(0)
    // Tab is the shell's (completion); F6 leaves the terminal, so the keyboard is never trapped in it.
    await page.keyboard.press('F6')
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent)).toBe('Close shell')
    await panel.getByTestId('shell-screen').click()
    await page.screenshot({ path: join(artifactsDir, 'shell.png') })
    await accessibility('shell')

    await page.keyboard.type('exit')
    await page.keyboard.press('Enter')
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^Disconnected: /)
    // Escape typed in the terminal is the terminal's (vi, less): the panel stays open.
    await page.keyboard.press('Escape')
    expect(await panel.isVisible()).toBe(true)
    await panel.getByRole('button', { name: 'Reconnect' }).click()
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^Connected to /)
    await panel.getByTestId('shell-screen').click()
    await page.keyboard.type('echo "again $((7*6))"')
    await page.keyboard.press('Enter')
    await expect.poll(() => screen.textContent(), { timeout: 30_000 }).toContain('again 42')
    await panel.getByRole('button', { name: 'Close shell' }).click()
    expect(ui.problems).toEqual([])
  })

  it('on a protected context, asks for the context name before opening a shell', { timeout: 60_000 }, async () => {
    await gitops((api) => api.protectCluster('ground-1', true))
    try {
      const panel = await openPanel(podKey, 'shell')
      const open = panel.getByRole('button', { name: 'Open shell' })
      await expect.poll(() => panel.getByLabel('Confirm context name').count(), { timeout: 30_000 }).toBe(1)
      expect(await open.isDisabled()).toBe(true)
      await panel.getByLabel('Confirm context name').fill('ground-1')
      await open.click()
      await expect.poll(() => panel.getByTestId('shell-status').textContent(), { timeout: 30_000 }).toMatch(/^Connected to /)
      await panel.getByRole('button', { name: 'Close shell' }).click()
    } finally {
      await gitops((api) => api.protectCluster('ground-1', false))
    }
  })

  it('forwards a Service port to 127.0.0.1: an HTTP request is answered; Settings lists it and Stop ends it', { timeout: 60_000 }, async () => {
    const panel = await openPanel('/Service/pa-ui/web', 'ports')
    await panel.getByLabel('Remote port').fill('8080')
    await panel.getByRole('button', { name: 'Forward', exact: true }).click()
    const table = panel.getByRole('table', { name: 'Port-forwards' })
    await expect.poll(() => table.textContent(), { timeout: 30_000 }).toMatch(/127\.0\.0\.1:\d+/)
    const localPort = Number(/127\.0\.0\.1:(\d+)/.exec((await table.textContent()) ?? '')![1])
    expect(await httpGet(localPort, '/from-the-test')).toBe('ground-1 pod answers GET /from-the-test\n')
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toMatch(/1 in all/)
    await accessibility('port-forward')

    // The same local port again is refused, with the reason.
    await panel.getByLabel('Local port').fill(String(localPort))
    await panel.getByRole('button', { name: 'Forward', exact: true }).click()
    await expect.poll(() => panel.getByRole('alert').textContent(), { timeout: 10_000 }).toContain(`local port ${localPort} on 127.0.0.1 is already in use`)

    await page.goto(`${ui.harness.url.replace(/#.*$/, '')}#/settings`)
    // Another page opens as a transition: the app page (whose panel has its own Port-forwards table) stays until Settings is there.
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    const listed = page.getByRole('table', { name: 'Port-forwards' })
    await expect.poll(() => listed.textContent(), { timeout: 30_000 }).toContain(`127.0.0.1:${localPort}`)
    await listed.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(artifactsDir, 'port-forwards.png') })
    await listed.getByRole('button', { name: `Stop forwarding 127.0.0.1:${localPort}` }).click()
    await expect.poll(() => page.getByText('No port-forwards are running.').count(), { timeout: 10_000 }).toBe(1)
    await expect(httpGet(localPort, '/')).rejects.toThrow(/ECONNREFUSED/)
    expect(ui.problems).toEqual([])
  })
})
