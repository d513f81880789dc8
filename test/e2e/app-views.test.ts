import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Issue 33: the app page's Pod view (pods by the node they run on) and Network view (Ingress →
// Service → Pod), on the guestbook with an Ingress added, synced to the ground's kwok nodes.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
writeFileSync(
  join(repo.dir, 'guestbook', 'guestbook-ui-ingress.yaml'),
  ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata: {name: guestbook-ui}', 'spec:', '  rules:', '  - host: guestbook.test', '    http:', '      paths:', '      - {path: /, pathType: Prefix, backend: {service: {name: guestbook-ui, port: {number: 80}}}}', ''].join('\n'),
)
repo.commit('Add an Ingress')
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const app = 'av-gb'

describe('the Pod and Network views, in Chromium at 1280x800', () => {
  let ui: OpenUi
  let page: Page
  let base: string
  const details = () => page.getByRole('region', { name: `Application ${app}` })
  const views = () => details().getByRole('group', { name: 'Resource view' })
  const gitops = <T,>(method: keyof GitopsApi, ...args: unknown[]) => page.evaluate(([m, a]) => (globalThis as unknown as { gitops: Record<string, (...x: unknown[]) => Promise<unknown>> }).gitops[m as string]!(...(a as unknown[])), [method, args] as const) as Promise<T>
  const hash = () => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)
  const accessibility = async (where: string) => {
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([])
  }
  const chooseTheme = async (theme: 'Light' | 'Dark') => {
    await page.goto(`${base}#/settings`)
    const radio = page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme })
    await radio.click()
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe(theme.toLowerCase())
  }

  beforeAll(async () => {
    ui = await openUi('app-views', kubeconfig, bin.binDir)
    page = ui.page
    await page.setViewportSize({ width: 1280, height: 800 })
    base = page.url().replace(/#.*$/, '')
    const yaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${app}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {name: ground-1, namespace: ${app}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')
    await gitops('saveAppYaml', yaml)
    await gitops('syncApp', app, {})
  }, 120_000)
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('the Pod view shows the pod under the node it runs on, with its owner and readiness; clicking it opens its panel', { timeout: 180_000 }, async () => {
    await page.goto(`${base}#/apps/${app}`)
    await views().getByRole('button', { name: 'Pods' }).click()
    expect(await views().getByRole('button', { name: 'Pods' }).getAttribute('aria-pressed')).toBe('true')
    const tile = details().locator('[data-pod]').first()
    await tile.waitFor({ timeout: 120_000 })
    // Scheduled on one of the ground's kwok nodes: under that node's heading, not "Unscheduled".
    const group = details().getByRole('region', { name: /^Node / })
    await expect.poll(() => group.locator('[data-pod]').count(), { timeout: 60_000 }).toBe(1)
    expect(await details().getByRole('region', { name: 'Unscheduled pods' }).count()).toBe(0)
    const label = await tile.getAttribute('aria-label')
    expect(label).toMatch(/^Pod guestbook-ui-[a-z0-9]+-[a-z0-9]+: \w+, \d\/1 containers ready, owned by ReplicaSet\/guestbook-ui-[a-z0-9]+$/)
    expect(await tile.textContent()).toContain('Deployment/guestbook-ui')
    await page.screenshot({ path: join(artifactsDir, 'app-views-pods.png') })
    await accessibility('pod view light')

    const key = (await tile.getAttribute('data-pod'))!
    await tile.click()
    const panel = page.getByRole('dialog', { name: `Pod ${key.split('/').at(-1)}` })
    await panel.waitFor({ timeout: 30_000 })
    expect(await hash()).toBe(`#/apps/${app}?view=pods&resource=${encodeURIComponent(key)}&tab=summary`) // the view stays in the link
    await panel.getByRole('button', { name: 'Close the resource panel' }).click()
    await expect.poll(() => panel.count()).toBe(0)
  })

  it('the Network view draws Ingress → Service → Pod, and opens a panel from a node', async () => {
    await views().getByRole('button', { name: 'Network' }).click()
    const network = details().getByTestId('network-view')
    const ingress = 'networking.k8s.io/Ingress/av-gb/guestbook-ui'
    const service = '/Service/av-gb/guestbook-ui'
    await network.locator(`[data-network-node="${ingress}"]`).waitFor({ timeout: 30_000 })
    await expect.poll(() => network.locator(`[data-edge="${ingress}>${service}"]`).count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => network.locator(`[data-edge^="${service}>/Pod/av-gb/guestbook-ui-"]`).count(), { timeout: 60_000 }).toBe(1)
    const connections = await network.getByRole('list', { name: 'Connections' }).locator('li').allTextContents()
    expect(connections).toEqual(expect.arrayContaining(['Ingress guestbook-ui → Service guestbook-ui', expect.stringMatching(/^Service guestbook-ui → Pod guestbook-ui-/)]))
    // Left to right: the Ingress, then the Service, then the Pod.
    const x = (key: string) => network.locator(`[data-network-node="${key}"]`).evaluate((e) => e.getBoundingClientRect().left)
    const pod = (await network.locator('[data-network-node^="/Pod/"]').first().getAttribute('data-network-node'))!
    expect((await x(ingress)) < (await x(service)) && (await x(service)) < (await x(pod))).toBe(true)
    await page.screenshot({ path: join(artifactsDir, 'app-views-network.png') })
    await accessibility('network view light')
    await network.locator(`[data-network-node="${service}"]`).click()
    await page.getByRole('dialog', { name: 'Service guestbook-ui' }).waitFor({ timeout: 30_000 })
    await page.getByRole('dialog', { name: 'Service guestbook-ui' }).getByRole('button', { name: 'Close the resource panel' }).click()
  })

  it('the view is in the URL: a link opens the Network view, choosing another is a history entry, Back returns', { timeout: 120_000 }, async () => {
    await page.goto(`${base}#/apps/${app}?view=network`)
    const network = details().getByTestId('network-view')
    await network.locator('[data-network-node]').first().waitFor({ timeout: 30_000 })
    expect(await views().getByRole('button', { name: 'Network' }).getAttribute('aria-pressed')).toBe('true')
    await views().getByRole('button', { name: 'Pods' }).click()
    await expect.poll(hash).toBe(`#/apps/${app}?view=pods`)
    await details().locator('[data-pod]').first().waitFor({ timeout: 30_000 })
    await views().getByRole('button', { name: 'Tree' }).click()
    await expect.poll(hash).toBe(`#/apps/${app}`) // the tree is the app's plain link
    await page.goBack()
    await expect.poll(hash).toBe(`#/apps/${app}?view=pods`)
    await expect.poll(() => views().getByRole('button', { name: 'Pods' }).getAttribute('aria-pressed')).toBe('true')
    await page.goBack()
    await expect.poll(hash).toBe(`#/apps/${app}?view=network`)
    await expect.poll(() => views().getByRole('button', { name: 'Network' }).getAttribute('aria-pressed')).toBe('true')
    await network.locator('[data-network-node]').first().waitFor({ timeout: 30_000 })
  })

  it("the Network view has the tree's filters: a kind or a name narrows its tiles, and the filter stays when switching to the tree", { timeout: 120_000 }, async () => {
    await page.goto(`${base}#/apps/${app}?view=network`)
    const network = details().getByTestId('network-view')
    const tiles = () => network.locator('[data-network-node]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-network-node')!.split('/')[1]).sort())
    await expect.poll(tiles, { timeout: 60_000 }).toEqual(['Ingress', 'Pod', 'Service'])
    const kinds = details().getByRole('group', { name: 'Kind filter' })
    await kinds.getByRole('button', { name: /^Service/ }).click()
    await expect.poll(tiles).toEqual(['Service'])
    expect(await network.locator('[data-edge]').count()).toBe(0) // its connections go with the hidden tiles
    await kinds.getByRole('button', { name: /^Pod/ }).click()
    await expect.poll(tiles).toEqual(['Pod', 'Service'])
    expect(await network.locator('[data-edge]').count()).toBe(1) // Service → Pod
    await details().getByRole('button', { name: 'Clear filters' }).click()
    await expect.poll(tiles).toEqual(['Ingress', 'Pod', 'Service'])
    const search = details().getByRole('searchbox', { name: 'Filter resources by name or kind' })
    await search.fill('ingress')
    await expect.poll(tiles).toEqual(['Ingress'])
    await views().getByRole('button', { name: 'Tree' }).click()
    const rows = details().getByRole('tree', { name: 'Resources' }).getByRole('treeitem')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().getAttribute('data-key')).toBe(`networking.k8s.io/Ingress/${app}/guestbook-ui`)
    expect(await details().getByRole('searchbox', { name: 'Filter resources by name or kind' }).inputValue()).toBe('ingress')
    await details().getByRole('button', { name: 'Clear filters' }).click()
  })

  it('both views pass axe in the dark theme', { timeout: 120_000 }, async () => {
    await chooseTheme('Dark')
    try {
      await page.goto(`${base}#/apps/${app}`)
      await views().getByRole('button', { name: 'Pods' }).click()
      await details().locator('[data-pod]').first().waitFor({ timeout: 60_000 })
      await page.screenshot({ path: join(artifactsDir, 'app-views-pods-dark.png') })
      await accessibility('pod view dark')
      await views().getByRole('button', { name: 'Network' }).click()
      await details().getByTestId('network-view').locator('[data-network-node]').first().waitFor({ timeout: 30_000 })
      await page.screenshot({ path: join(artifactsDir, 'app-views-network-dark.png') })
      await accessibility('network view dark')
    } finally {
      await chooseTheme('Light')
    }
    expect(ui.problems).toEqual([])
  })
})
