import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi, Operation } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Issue 33, the list: sortable columns, filters and sort in the URL, Enter opens the only match,
// bulk Sync with one consent, Sync and Refresh on tiles. Three apps of one ConfigMap each, two
// on ground-1 and one on ground-2.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create([])
const apps = { 'list-alpha': 'ground-1', 'list-beta': 'ground-2', 'list-gamma': 'ground-1' } as const
for (const name of Object.keys(apps)) {
  mkdirSync(join(repo.dir, name))
  writeFileSync(join(repo.dir, name, 'cm.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {app: ${name}}\n`)
}
repo.commit('Three one-ConfigMap apps')
const appYaml = Object.entries(apps)
  .map(([name, context]) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}}\nspec:\n  source: {repoURL: "${repo.url}", path: ${name}}\n  destination: {name: ${context}, namespace: ${name}}\n  syncPolicy: {syncOptions: [CreateNamespace=true]}\n`)
  .join('---\n')
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

type Gitops = { gitops: GitopsApi }

describe('the app list in Chromium', () => {
  let ui: OpenUi
  let page: Page
  const hash = () => decodeURIComponent(new URL(page.url()).hash)
  /** The table's app rows in the order they are on the page. */
  const order = () => page.locator('[role="row"][data-app]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-app')))
  const operation = (name: string) => page.evaluate((n) => (globalThis as unknown as Gitops).gitops.getOperation(n), name)
  const accessibility = async (where: string) => {
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => `${where}: ${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([])
  }
  const ended = async (name: string, since: string): Promise<Operation> => {
    await expect.poll(async () => {
      const op = await operation(name)
      return op && op.startedAt >= since ? op.phase : null
    }, { timeout: 60_000, interval: 250 }).toMatch(/Succeeded|Failed|Error/)
    return (await operation(name))!
  }

  beforeAll(async () => {
    ui = await openUi('app-list', kubeconfig, bin.binDir)
    page = ui.page
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.evaluate((yaml) => (globalThis as unknown as Gitops).gitops.saveAppYaml(yaml), appYaml)
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('a click on a column header sorts by it (aria-sort, the URL), a second click reverses it', async () => {
    for (const name of Object.keys(apps)) await expect.poll(() => page.locator(`[data-app="${name}"]`).textContent(), { timeout: 60_000 }).toMatch(/OutOfSync/)
    const name = page.getByRole('columnheader', { name: 'Name' })
    expect(await name.getAttribute('aria-sort')).toBe('none')
    await name.getByRole('button').click()
    expect(await name.getAttribute('aria-sort')).toBe('ascending')
    expect(hash()).toBe('#/?sort=name:asc')
    expect(await order()).toEqual(['list-alpha', 'list-beta', 'list-gamma'])
    await name.getByRole('button').click()
    expect(await name.getAttribute('aria-sort')).toBe('descending')
    expect(hash()).toBe('#/?sort=name:desc')
    expect(await order()).toEqual(['list-gamma', 'list-beta', 'list-alpha'])
    // Another column: by destination (ground-1 before ground-2), ties by name.
    await page.getByRole('columnheader', { name: 'Destination' }).getByRole('button').click()
    expect(await name.getAttribute('aria-sort')).toBe('none')
    expect(hash()).toBe('#/?sort=destination:asc')
    expect(await order()).toEqual(['list-alpha', 'list-gamma', 'list-beta'])
    await page.screenshot({ path: join(artifactsDir, 'list-sorted.png') })
    await accessibility('sorted list')
  })

  it('a link with filters and a sort opens the list filtered and sorted; reload keeps it, back and forward follow filter changes', async () => {
    const base = page.url().replace(/#.*$/, '')
    await page.goto(`${base}#/?cluster=ground-1&sort=name:desc`)
    await expect.poll(order).toEqual(['list-gamma', 'list-alpha'])
    expect(await page.getByRole('status', { name: 'Shown applications' }).textContent()).toBe('2 of 3')
    expect(await page.getByLabel('Filter by cluster').inputValue()).toBe('ground-1')
    expect(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('descending')
    await page.reload()
    await expect.poll(order).toEqual(['list-gamma', 'list-alpha'])

    await page.getByLabel('Search applications').fill('gam')
    await expect.poll(order).toEqual(['list-gamma'])
    // The list follows each key; the URL follows when typing pauses.
    await expect.poll(hash).toBe('#/?q=gam&cluster=ground-1&sort=name:desc')
    await page.getByLabel('Filter by cluster').selectOption('')
    await expect.poll(hash).toBe('#/?q=gam&sort=name:desc')
    await page.goBack()
    await expect.poll(hash).toBe('#/?q=gam&cluster=ground-1&sort=name:desc')
    expect(await page.getByLabel('Filter by cluster').inputValue()).toBe('ground-1')
    await page.goForward()
    await expect.poll(() => page.getByLabel('Filter by cluster').inputValue()).toBe('')
    expect(await page.getByLabel('Search applications').inputValue()).toBe('gam')
  })

  it('Enter in the search opens the app when exactly one matches, and does nothing when more do', async () => {
    await page.getByLabel('Search applications').fill('list')
    await expect.poll(order).toEqual(['list-gamma', 'list-beta', 'list-alpha'])
    await page.getByLabel('Search applications').press('Enter')
    expect(hash()).toBe('#/?q=list&sort=name:desc')
    await page.getByLabel('Search applications').fill('list-be')
    await page.getByLabel('Search applications').press('Enter')
    await page.getByRole('region', { name: 'Application list-beta' }).waitFor()
    expect(hash()).toBe('#/apps/list-beta')
    // Back to the list as it was left.
    await page.getByRole('button', { name: 'GitOps Desk' }).click()
    expect(hash()).toBe('#/?q=list-be&sort=name:desc')
    await page.getByLabel('Search applications').fill('')
    await expect.poll(hash).toBe('#/?sort=name:desc')
  })

  it('bulk Sync of two apps asks one consent (the protected context typed once) and starts one operation per app', async () => {
    const started = new Date().toISOString()
    await page.evaluate(() => (globalThis as unknown as Gitops).gitops.protectCluster('ground-2', true))
    await page.getByRole('button', { name: 'Clusters', exact: true }).click()
    await expect.poll(() => page.getByRole('article', { name: 'Cluster ground-2', exact: true }).textContent(), { timeout: 10_000 }).toMatch(/protected/)
    await page.getByRole('button', { name: 'GitOps Desk' }).click()
    // Select all shown, with ground-1's apps shown: two.
    await page.getByLabel('Filter by cluster').selectOption('ground-1')
    await page.getByLabel('Select all shown applications').check()
    expect(await page.getByRole('group', { name: 'Selected applications' }).textContent()).toMatch(/2 apps selected/)
    await page.getByRole('button', { name: 'Clear selection' }).click()
    await page.getByLabel('Filter by cluster').selectOption('')

    await page.getByLabel('Select list-alpha').check()
    await page.getByLabel('Select list-beta').check()
    expect(await page.getByRole('group', { name: 'Selected applications' }).textContent()).toMatch(/2 apps selected/)
    await page.getByRole('button', { name: 'Sync selected' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Sync 2 apps?' })
    await dialog.waitFor()
    expect(await page.getByRole('alertdialog').count()).toBe(1)
    expect((await dialog.getByRole('list', { name: 'Apps to sync' }).textContent())?.replace(/\s+/g, ' ')).toMatch(/list-alpha.*ground-1\/list-alpha.*list-beta.*ground-2\/list-beta \(protected\)/)
    const go = dialog.getByRole('button', { name: 'Synchronize 2 apps' })
    expect(await go.isDisabled()).toBe(true)
    await page.screenshot({ path: join(artifactsDir, 'list-bulk-sync.png') })
    await accessibility('bulk sync consent')
    expect(await operation('list-alpha')).toBeNull() // nothing started while the dialog asks
    await dialog.getByLabel('Confirm context name').fill('ground-2')
    await go.click()
    await page.getByRole('alertdialog').waitFor({ state: 'detached' })

    expect((await ended('list-alpha', started)).phase).toBe('Succeeded')
    expect((await ended('list-beta', started)).phase).toBe('Succeeded')
    expect(await operation('list-gamma')).toBeNull()
    await expect.poll(() => page.getByRole('status', { name: 'Result of the last command' }).textContent()).toBe('Started 2 syncs')
    expect(await page.getByRole('alertdialog').count()).toBe(0) // no second consent
    for (const name of ['list-alpha', 'list-beta']) expect(await page.evaluate((n) => (globalThis as unknown as Gitops).gitops.appHistory(n), name)).toHaveLength(1)
    await expect.poll(() => page.locator('[data-app="list-beta"]').textContent(), { timeout: 30_000 }).toMatch(/Synced/)
  })

  it('a tile has Sync (asking consent first) and Refresh', async () => {
    await page.getByRole('button', { name: 'Tiles' }).click()
    const tile = page.getByRole('article', { name: 'list-gamma' })
    await tile.getByRole('button', { name: 'Sync list-gamma' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Sync list-gamma?' })
    await dialog.waitFor()
    await page.screenshot({ path: join(artifactsDir, 'list-tile-sync.png') })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await operation('list-gamma')).toBeNull() // cancelled: nothing started

    const started = new Date().toISOString()
    await tile.getByRole('button', { name: 'Sync list-gamma' }).click()
    await dialog.getByRole('button', { name: 'Synchronize' }).click()
    expect((await ended('list-gamma', started)).phase).toBe('Succeeded')
    await expect.poll(() => tile.textContent(), { timeout: 30_000 }).toMatch(/Synced/)
    await tile.getByRole('button', { name: 'Refresh list-gamma' }).click()
    await expect.poll(() => page.getByRole('status', { name: 'Result of the last command' }).textContent()).toBe('Refreshed 1 app')
    await page.screenshot({ path: join(artifactsDir, 'list-tiles.png') })
    await accessibility('tiles')
    await page.getByRole('button', { name: 'Table' }).click()
    expect(ui.problems).toEqual([])
  })
})
