import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Issue 33, the app page: a summary header whose commands never wrap at 1280 px, sync policy
// switches that write the Application (after a confirmation), a resource panel reached by its own
// link, and a History that says what each sync did to each resource.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
// The newest commit's message is long (200 characters, one line): the header must cut it, not wrap.
const longMessage = `Bump guestbook: ${'a very long commit subject that keeps going '.repeat(5)}`.slice(0, 200)
repo.commit(longMessage)
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const app = 'ap-gb'
/** An element's layout box, as the page reads it. */
type Box = { offsetTop: number; offsetHeight: number }

describe('the app page, in Chromium at 1280x800', () => {
  let ui: OpenUi
  let page: Page
  let base: string
  const details = () => page.getByRole('region', { name: `Application ${app}` })
  const gitops = <T,>(method: keyof GitopsApi, ...args: unknown[]) => page.evaluate(([m, a]) => (globalThis as unknown as { gitops: Record<string, (...x: unknown[]) => Promise<unknown>> }).gitops[m as string]!(...(a as unknown[])), [method, args] as const) as Promise<T>
  const accessibility = async (where: string) => {
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([])
  }

  beforeAll(async () => {
    ui = await openUi('app-page', kubeconfig, bin.binDir)
    page = ui.page
    await page.setViewportSize({ width: 1280, height: 800 })
    base = page.url().replace(/#.*$/, '')
    const yaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${app}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {name: ground-1, namespace: ${app}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')
    await gitops('saveAppYaml', yaml)
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('the header shows the 200-character commit message cut on one line, and its commands in one row that does not wrap', async () => {
    await page.goto(`${base}#/apps/${app}`)
    await expect.poll(() => details().locator('.details-head').textContent(), { timeout: 60_000 }).toMatch(/OutOfSync.*Missing/)
    const target = details().locator('.app-facts .fact', { hasText: 'Target revision' }).locator('dd')
    await expect.poll(() => target.textContent(), { timeout: 30_000 }).toContain(longMessage.slice(0, 40))
    // Cut with an ellipsis (its text is wider than its cell), whole in its title.
    expect(await target.getAttribute('title')).toContain(longMessage)
    expect(await details().locator('.app-facts .fact', { hasText: 'Deployed revision' }).locator('dd').textContent()).toBe('nothing synced yet')
    expect(await target.evaluate((e) => e.scrollWidth > e.clientWidth && (globalThis as unknown as { getComputedStyle(e: unknown): { textOverflow: string } }).getComputedStyle(e).textOverflow === 'ellipsis')).toBe(true)

    const row = details().getByRole('toolbar', { name: 'App commands' })
    const boxes = await row.locator('button').evaluateAll((buttons) => buttons.map((b) => ({ top: (b as unknown as Box).offsetTop, height: (b as unknown as Box).offsetHeight, text: b.textContent })))
    expect(boxes.map((b) => b.text)).toEqual(['Terminate', 'Sync', 'Sync options', 'Refresh', 'Hard refresh', 'Diff', 'Compare', 'Export to Argo CD', 'Edit', 'Delete'])
    expect(new Set(boxes.map((b) => b.top)).size).toBe(1)
    const syncHeight = await row.getByRole('button', { name: 'Sync', exact: true }).evaluate((b) => (b as unknown as Box).offsetHeight)
    expect(await row.evaluate((r) => (r as unknown as Box).offsetHeight)).toBe(syncHeight)
    // The toolbar is inside the window: nothing is pushed past its right edge.
    expect(await row.evaluate((r) => r.getBoundingClientRect().right <= (globalThis as unknown as { innerWidth: number }).innerWidth)).toBe(true)
    // Sync is the page's only primary button.
    expect(await page.locator('button.primary').count()).toBe(1)
    // Before a sync each resource shows one Missing, not a sync Missing beside a health Missing.
    const service = details().locator('ul.resources li[data-key="/Service/ap-gb/guestbook-ui"]')
    expect(await service.textContent()).toMatch(/Missing: not in the cluster/)
    expect(await service.locator('.badge').count()).toBe(1)
    await page.screenshot({ path: join(artifactsDir, 'app-page-header.png') })
    await accessibility('app page')
  })

  it('after a sync, History lists the sync with its duration and initiator, and what it did to each resource', { timeout: 180_000 }, async () => {
    await details().getByRole('button', { name: 'Sync', exact: true }).click()
    await expect.poll(() => details().locator('.details-head').textContent(), { timeout: 120_000, interval: 500 }).toMatch(/Synced.*Healthy/)
    const history = details().getByRole('table', { name: 'History' })
    await expect.poll(() => history.locator('tbody tr').count(), { timeout: 30_000 }).toBe(1)
    const cells = await history.locator('tbody tr').first().getByRole('cell').allTextContents()
    expect(cells[4]).toMatch(/^\d+(\.\d)?s$|^\d+m \d+s$/) // the duration
    expect(cells[8]).toBe('deployed')
    // The resource row says whose result it shows: the last sync's.
    expect(await details().locator('ul.resources li[data-key="/Service/ap-gb/guestbook-ui"]').textContent()).toContain('Last sync: Synced')

    await history.getByRole('button', { name: /^Show \d+ results?$/ }).click()
    const results = details().getByRole('table', { name: 'What sync 1 did to each resource' })
    const rows = await results.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)))
    expect(rows).toEqual(expect.arrayContaining([['Service', 'ap-gb/guestbook-ui', 'apply', 'Synced'], ['Deployment', 'ap-gb/guestbook-ui', 'apply', 'Synced']]))
    expect(await results.locator('tbody tr').first().locator('td').last().textContent()).not.toBe('') // the result's message
    // Now the deployed revision is the target's commit, with its message.
    expect(await details().locator('.app-facts .fact', { hasText: 'Deployed revision' }).locator('dd').textContent()).toContain(longMessage.slice(0, 20))
    await history.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(artifactsDir, 'app-page-history.png') })
    await accessibility('history')
    await history.getByRole('button', { name: /^Hide \d+ results?$/ }).click()
    await expect.poll(() => results.count()).toBe(0)
  })

  it('a link to a resource opens the app with its panel on the tab named; closing it and Back and Forward follow the URL', async () => {
    const key = 'apps/Deployment/ap-gb/guestbook-ui'
    await page.goto('about:blank')
    await page.goto(`${base}#/apps/${app}?resource=${encodeURIComponent(key)}&tab=live`)
    const panel = page.getByRole('dialog', { name: 'Deployment guestbook-ui' })
    await expect.poll(() => panel.getByRole('tab', { name: 'Live manifest' }).getAttribute('aria-selected'), { timeout: 30_000 }).toBe('true')
    await expect.poll(() => panel.getByRole('tabpanel').textContent(), { timeout: 30_000 }).toMatch(/kind:\s*Deployment/)
    await page.screenshot({ path: join(artifactsDir, 'app-page-deep-link.png') })

    await panel.getByRole('tab', { name: 'Events' }).click()
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe(`#/apps/${app}?resource=${encodeURIComponent(key)}&tab=events`)
    await panel.getByRole('button', { name: 'Close the resource panel' }).click()
    await expect.poll(() => panel.count()).toBe(0)
    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe(`#/apps/${app}`)

    await page.goBack()
    await expect.poll(() => panel.getByRole('tab', { name: 'Events' }).getAttribute('aria-selected'), { timeout: 30_000 }).toBe('true')
    await page.goForward()
    await expect.poll(() => panel.count(), { timeout: 30_000 }).toBe(0)
    // Opening a resource from the tree puts it in the URL too.
    await details().getByRole('button', { name: 'Open Service guestbook-ui' }).click()
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe(`#/apps/${app}?resource=${encodeURIComponent('/Service/ap-gb/guestbook-ui')}&tab=summary`)
    await page.getByRole('dialog', { name: 'Service guestbook-ui' }).getByRole('button', { name: 'Close the resource panel' }).click()
  })

  it('turning auto-sync on asks first; then the Application has spec.syncPolicy.automated, and turning it off removes it', async () => {
    const policy = details().getByRole('group', { name: 'Sync policy' })
    const autoSync = policy.getByRole('switch', { name: 'Auto-sync' })
    expect(await autoSync.getAttribute('aria-checked')).toBe('false')
    expect(await policy.getByRole('switch', { name: 'Prune' }).isDisabled()).toBe(true)
    await autoSync.click()
    const ask = page.getByRole('alertdialog', { name: `Turn on auto-sync for ${app}?` })
    await ask.waitFor()
    // Asking changed nothing yet.
    expect((await gitops<{ yaml: string }>('getApp', app)).yaml).not.toContain('automated')
    await page.screenshot({ path: join(artifactsDir, 'app-page-auto-sync.png') })
    await ask.getByRole('button', { name: 'Turn on auto-sync' }).click()
    await expect.poll(() => autoSync.getAttribute('aria-checked'), { timeout: 30_000 }).toBe('true')
    const yaml = (await gitops<{ yaml: string }>('getApp', app)).yaml
    expect(yaml).toMatch(/syncPolicy:\n(.*\n)*?\s+automated:/)
    expect(yaml).toContain('CreateNamespace=true') // the rest of the policy is kept
    expect(await policy.getByRole('switch', { name: 'Prune' }).isDisabled()).toBe(false)

    await autoSync.click() // off: changes nothing in the cluster, saved without asking
    await expect.poll(() => autoSync.getAttribute('aria-checked'), { timeout: 30_000 }).toBe('false')
    expect((await gitops<{ yaml: string }>('getApp', app)).yaml).not.toContain('automated')
    expect(ui.problems).toEqual([])
  })
})
