import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { openUi, type OpenUi } from './browser'

// What a walk of issue 33's screens as a new user found (1280x800, Chromium, the ground): the top
// bar wrapped its brand; tiles cut their Sync/Refresh; a 253-character app name pushed the
// Repositories page's Test off screen; a new page opened scrolled; keys typed quickly into a YAML
// editor were lost; Esc in the Sync options or Delete panel left the app page; a failed Preview
// could not be asked again; the diff's subtitle had holes before the diff was known.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const longName = 'a'.repeat(253)
const application = (name: string, destination = 'ground-1', namespace = 'walk') =>
  ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${name}}`, 'spec:', `  source: {repoURL: '${repo.url}', path: guestbook}`, `  destination: {name: ${destination}, namespace: ${namespace}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}', ''].join('\n')
type Box = { top: number; bottom: number; left: number; right: number; height: number }
type Sized = { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number; getBoundingClientRect(): Box }

describe('a walk of the issue 33 screens, in Chromium at 1280x800', () => {
  let ui: OpenUi
  let page: Page
  let base: string
  const gitops = <T,>(method: keyof GitopsApi, ...args: unknown[]) => page.evaluate(([m, a]) => (globalThis as unknown as { gitops: Record<string, (...x: unknown[]) => Promise<unknown>> }).gitops[m as string]!(...(a as unknown[])), [method, args] as const) as Promise<T>
  /** How much wider than the window the page is (0: nothing is pushed past its right edge). */
  const overflow = () => page.evaluate(() => (globalThis as unknown as { document: { documentElement: Sized } }).document.documentElement.scrollWidth - (globalThis as unknown as { innerWidth: number }).innerWidth)
  const open = async (hash: string) => {
    await page.goto(`${base}${hash}`)
    await page.getByRole('banner').waitFor()
  }

  beforeAll(async () => {
    ui = await openUi('walk-33', kubeconfig, bin.binDir)
    page = ui.page
    await page.setViewportSize({ width: 1280, height: 800 })
    base = page.url().replace(/#.*$/, '')
    for (const yaml of [application('walk-gb'), application('walk-two', 'ground-2'), application(longName), application('walk-nowhere', 'nowhere')]) await gitops('saveAppYaml', yaml)
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('the top bar is one row at 1280 px: the brand on one line, every command inside the window', async () => {
    await open('#/')
    const items = await page.getByRole('banner').locator(':scope > *').evaluateAll((nodes) =>
      nodes.map((n) => ({ text: n.textContent ?? '', box: (n as unknown as Sized).getBoundingClientRect() })).filter((i) => i.box.height > 0),
    )
    const brand = items.find((i) => i.text === 'GitOps Desk')!
    // One line: the brand is no taller than the buttons beside it (it wrapped to two lines, 42 px).
    expect(brand.box.height).toBeLessThanOrEqual(Math.max(...items.map((i) => i.box.height)))
    expect(brand.box.height).toBeLessThan(30)
    expect(items.map((i) => i.text)).toContain('Settings')
    for (const item of items) expect(item.box.right, item.text).toBeLessThanOrEqual(1280)
    expect(await overflow()).toBe(0)
  })

  it('tiles hold their Sync and Refresh whole, and a 253-character name ends in an ellipsis inside its tile', async () => {
    await open('#/')
    await page.getByRole('button', { name: 'Tiles' }).click()
    const tile = (name: string) => page.locator(`article.tile[data-app="${name}"]`)
    await tile('walk-gb').waitFor({ timeout: 30_000 })
    for (const name of ['walk-gb', longName]) {
      const sizes = await tile(name).evaluate((t) => {
        const box = (t as unknown as Sized).getBoundingClientRect()
        const actions = (t.querySelector('.tile-actions') as unknown as Sized).getBoundingClientRect()
        return { scroll: (t as unknown as Sized).scrollHeight, client: (t as unknown as Sized).clientHeight, actionsBottom: actions.bottom, tileBottom: box.bottom }
      })
      // Nothing of the tile is cut: its content fits, its buttons end above its bottom edge.
      expect(sizes.scroll, name.slice(0, 20)).toBeLessThanOrEqual(sizes.client)
      expect(sizes.actionsBottom).toBeLessThan(sizes.tileBottom)
    }
    const title = tile(longName).getByRole('button', { name: longName, exact: true })
    expect(await title.getAttribute('title')).toBe(longName)
    expect(await title.evaluate((b) => (b as unknown as Sized).scrollWidth > (b as unknown as Sized).clientWidth)).toBe(true)
    expect(await overflow()).toBe(0)
    await page.getByRole('button', { name: 'Table' }).click()
  })

  it('a 253-character app name keeps the Repositories page inside the window: its Connection and Test are on screen', async () => {
    await open('#/repos')
    const test = page.getByRole('button', { name: `Test ${repo.url}` })
    await test.waitFor({ timeout: 30_000 })
    const box = (await test.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(1280)
    expect(await page.getByRole('button', { name: longName, exact: true }).getAttribute('title')).toBe(longName)
    expect(await overflow()).toBe(0)
    await open('#/projects')
    await page.getByRole('button', { name: longName, exact: true }).waitFor({ timeout: 30_000 })
    expect(await overflow()).toBe(0)
  })

  it('a new page opens at its top, not at the scroll of the page before', async () => {
    await open('#/projects')
    await page.getByRole('button', { name: 'New project' }).click()
    await page.getByRole('region', { name: 'Project new-project YAML' }).waitFor()
    const content = page.locator('main.content')
    await content.evaluate((c) => void ((c as unknown as { scrollTop: number }).scrollTop = 10_000))
    expect(await content.evaluate((c) => (c as unknown as { scrollTop: number }).scrollTop)).toBeGreaterThan(0)
    await page.getByRole('banner').getByRole('button', { name: 'New app' }).click()
    await page.getByRole('heading', { name: /New application/ }).waitFor()
    expect(await content.evaluate((c) => (c as unknown as { scrollTop: number }).scrollTop)).toBe(0)
  })

  it('keys typed quickly into a YAML editor all land, where they were typed', async () => {
    await open('#/appsets')
    await page.getByRole('button', { name: 'Start from an example' }).click()
    const lines = page.locator('.monaco-editor .view-lines')
    const text = () => lines.evaluate((el) => (el as unknown as { innerText: string }).innerText.replace(/\u00a0/g, ' '))
    await expect.poll(text, { timeout: 30_000 }).toContain('kind: ApplicationSet')
    await page.locator('.monaco-editor').first().click()
    await page.keyboard.press('Control+End')
    // As fast as the keyboard sends them: an older text echoed back into Monaco lost the newer keys.
    const typed = 'description: typed-quickly-abcdefghijklmnopqrstuvwxyz-0123456789'
    await page.keyboard.type(typed)
    await expect.poll(text).toContain(typed)
    await page.keyboard.press('Control+Home')
    // The first line is whole: no key landed there (the lost keys' cursor went to line 1).
    await expect.poll(text).toMatch(/(^|\n)apiVersion: argoproj.io\/v1alpha1(\n|$)/)
  })

  it('Esc in the Sync options or the Delete panel closes that panel, focus back on its button; the page stays', async () => {
    await open('#/apps/walk-gb')
    const details = page.getByRole('region', { name: 'Application walk-gb' })
    const commands = details.getByRole('toolbar', { name: 'App commands' })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 60_000 }).toMatch(/OutOfSync|Synced/)

    await commands.getByRole('button', { name: 'Sync options' }).click()
    const panel = page.getByRole('region', { name: 'Sync options' })
    await panel.getByRole('button', { name: 'Cancel' }).focus()
    await page.keyboard.press('Escape')
    await expect.poll(() => panel.count()).toBe(0)
    expect(page.url()).toMatch(/#\/apps\/walk-gb$/)
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe('Sync options')

    await commands.getByRole('button', { name: 'Delete' }).click()
    const form = page.getByRole('form', { name: 'Delete app' })
    await form.getByRole('button', { name: 'Cancel' }).focus()
    await page.keyboard.press('Escape')
    await expect.poll(() => form.count()).toBe(0)
    expect(page.url()).toMatch(/#\/apps\/walk-gb$/)
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe('Delete')
    // Esc with the panels closed is still the page's: back to the list.
    await page.keyboard.press('Escape')
    await expect.poll(() => page.url()).toMatch(/#\/$/)
  })

  it("a dialog closed by Enter on its Cancel or by Esc gives the focus back to what opened it (it went to the page, where the next key is a shortcut)", async () => {
    await open('#/apps/walk-gb')
    const details = page.getByRole('region', { name: 'Application walk-gb' })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 60_000 }).toMatch(/OutOfSync|Synced/)
    const autoSync = details.getByRole('switch', { name: 'Auto-sync' })
    const focusedName = () => page.evaluate(() => {
      const e = (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null; textContent: string } | null } }).document.activeElement
      return e?.getAttribute('aria-label') ?? e?.textContent ?? ''
    })
    await autoSync.click()
    const ask = page.getByRole('alertdialog', { name: 'Turn on auto-sync for walk-gb?' })
    await ask.waitFor()
    await page.keyboard.press('Enter') // on Cancel: nothing is written
    await expect.poll(() => ask.count()).toBe(0)
    expect(await autoSync.getAttribute('aria-checked')).toBe('false')
    await expect.poll(focusedName).toBe('Auto-sync')
    await autoSync.click()
    await ask.waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => ask.count()).toBe(0)
    await expect.poll(focusedName).toBe('Auto-sync')
    expect(page.url()).toMatch(/#\/apps\/walk-gb$/)

    await open('#/')
    await page.getByRole('button', { name: 'Tiles' }).click()
    await page.getByRole('button', { name: 'Sync walk-gb' }).click()
    const consent = page.getByRole('alertdialog', { name: 'Sync walk-gb?' })
    await consent.waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => consent.count()).toBe(0)
    await expect.poll(focusedName).toBe('Sync walk-gb')
    await page.getByRole('button', { name: 'Table' }).click()
  })

  it('s pressed twice, or Sync clicked twice, while the first sync is still starting starts one sync', { timeout: 180_000 }, async () => {
    await open('#/apps/walk-two')
    const details = page.getByRole('region', { name: 'Application walk-two' })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 60_000 }).toMatch(/OutOfSync|Synced/)
    // Each syncApp call is counted and held until the test lets it go: the second key comes while the first is starting.
    await page.evaluate(() => {
      const w = globalThis as unknown as { gitops: Record<string, (...a: unknown[]) => Promise<unknown>>; syncCalls: number; release: () => void }
      const inner = w.gitops.syncApp!
      w.syncCalls = 0
      let open!: () => void
      const gate = new Promise<void>((resolve) => (open = resolve))
      w.release = () => open()
      w.gitops.syncApp = (...args: unknown[]) => (w.syncCalls++, gate.then(() => inner(...args)))
    })
    const syncCalls = () => page.evaluate(() => (globalThis as unknown as { syncCalls: number }).syncCalls)
    await page.keyboard.press('s')
    await expect.poll(syncCalls).toBe(1)
    await expect.poll(() => details.getByRole('toolbar', { name: 'App commands' }).getByRole('button', { name: 'Sync', exact: true }).isDisabled()).toBe(true)
    await page.keyboard.press('s')
    await details.getByRole('toolbar', { name: 'App commands' }).getByRole('button', { name: 'Sync', exact: true }).dblclick({ force: true })
    expect(await syncCalls()).toBe(1)
    await page.evaluate(() => (globalThis as unknown as { release: () => void }).release())
    await expect.poll(async () => (await gitops<{ phase: string } | null>('getOperation', 'walk-two'))?.phase, { timeout: 120_000, interval: 500 }).toBe('Succeeded')
    expect(await syncCalls()).toBe(1)
    expect(await gitops<unknown[]>('appHistory', 'walk-two')).toHaveLength(1)
  })

  it('a Preview that fails says why, as an alert, and can be asked again', async () => {
    await gitops('saveAppYaml', application('walk-gone'))
    await open('#/apps/walk-gone')
    const details = page.getByRole('region', { name: 'Application walk-gone' })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 60_000 }).toMatch(/OutOfSync|Synced/)
    await details.getByRole('toolbar', { name: 'App commands' }).getByRole('button', { name: 'Sync options' }).click()
    const panel = page.getByRole('region', { name: 'Sync options' })
    const preview = panel.getByRole('button', { name: 'Preview changes' })
    await expect.poll(() => preview.isEnabled(), { timeout: 30_000 }).toBe(true)
    // Removed elsewhere (the CLI, another window) while the panel is open: nothing in a cluster is touched.
    await gitops('deleteApp', 'walk-gone')
    await preview.click()
    const alert = panel.getByRole('alert').filter({ hasText: 'Preview failed' })
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toMatch(/Preview failed: .*walk-gone/)
    expect(await preview.isEnabled()).toBe(true)
  })

  it("the diff's subtitle is left out until the diff is known (no 'live on  ⟷ target at' with holes)", async () => {
    await open('#/diff/walk-nowhere')
    const page_ = page.locator('main.content')
    await expect.poll(() => page_.textContent(), { timeout: 30_000 }).toMatch(/matches no context/)
    expect(await page_.textContent()).not.toMatch(/live on/)
    expect(ui.problems).toEqual([])
  })
})
