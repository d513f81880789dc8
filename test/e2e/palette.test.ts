import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Issue 33: the cluster switcher is a command palette (`k`). Arrows and typing only move the
// highlight; only Enter or a click switches; it says which apps a switch re-targets.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The little of the DOM the page-side checks read (evaluated in Chromium; the node tsconfig has no DOM types). */
interface El {
  tagName: string
  textContent: string | null
  getAttribute(name: string): string | null
  blur(): void
}
declare const document: { activeElement: El | null }
declare const location: { hash: string }

describe('the command palette', () => {
  let ui: OpenUi
  let page: Page

  const gitops = <T,>(run: string, ...args: unknown[]) => page.evaluate(([method, list]) => ((globalThis as unknown as { gitops: Record<string, (...a: unknown[]) => Promise<unknown>> }).gitops[method as string]!(...(list as unknown[])) as Promise<T>), [run, args] as const) as Promise<T>
  const activeContext = async () => (await gitops<{ name: string; active: boolean }[]>('listClusters')).find((c) => c.active)?.name
  /** The switches the page asked for (recorded as it calls the API). */
  const switches = () => page.evaluate(() => [...(globalThis as unknown as { switches: string[] }).switches])
  const focusName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? '')
  const button = () => page.getByRole('button', { name: /^Cluster:/ })
  const palette = () => page.getByRole('dialog', { name: 'Switch context or go to an app' })
  const highlighted = () => palette().locator('[role="option"][aria-selected="true"]').getAttribute('data-context', { timeout: 2000 }).catch(() => null)
  /** Presses an arrow and waits for the highlight to move (cmdk moves it in the key's handler). */
  const arrow = async (key: 'ArrowDown' | 'ArrowUp') => {
    const from = await highlighted()
    await page.keyboard.press(key)
    await expect.poll(highlighted).not.toBe(from)
  }
  const blur = () => page.evaluate(() => document.activeElement?.blur())

  beforeAll(async () => {
    ui = await openUi('palette', kubeconfig, bin.binDir)
    page = ui.page
    const app = (name: string, destination: string) => ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${name}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {${destination}, namespace: ${name}}`].join('\n')
    // One app follows the active context (in-cluster), one names its context: a switch re-targets one.
    await gitops('saveAppYaml', app('pal-incluster', 'server: "https://kubernetes.default.svc"'))
    await gitops('saveAppYaml', app('pal-named', 'name: ground-1'))
    await gitops('protectCluster', 'ground-2-limited', true)
    await page.evaluate(() => {
      const w = globalThis as unknown as { gitops: Record<string, (...args: unknown[]) => Promise<unknown>>; switches: string[]; switchElsewhere(name: string): Promise<unknown> }
      w.switches = []
      const inner = w.gitops.useCluster!
      // A switch the page did not ask for (the CLI, another window): not recorded.
      w.switchElsewhere = (name) => inner(name)
      w.gitops.useCluster = (...args: unknown[]) => (w.switches.push(String(args[0])), inner(...args))
    })
    await page.locator('[data-app="pal-named"]').waitFor({ timeout: 30_000 })
  })
  beforeEach(async () => {
    // A test that failed with the palette open leaves it open: the next starts without it.
    if (await palette().count()) await page.keyboard.press('Escape')
    await palette().waitFor({ state: 'detached' })
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('k opens it on the search; typing and arrows only move the highlight; Enter switches', async () => {
    expect(await activeContext()).toBe('ground-1')
    await expect.poll(() => button().getAttribute('aria-label')).toBe('Cluster: ground-1')
    const width = (await button().boundingBox())?.width
    await page.mouse.move(1390, 890) // the pointer away from where the list opens: an item under it would take the highlight
    await blur()
    await page.keyboard.press('k')
    await palette().waitFor()
    await expect.poll(focusName).toBe('Search contexts and apps')
    expect(await highlighted()).toBe('ground-1') // it opens on the active context: Enter now would change nothing

    // Every context with its reachability and marks; the active one marked.
    const entry = (context: string) => palette().locator(`[role="option"][data-context="${context}"]`)
    await expect.poll(() => entry('ground-1').textContent()).toMatch(/^ground-1\s*active.*reachable/)
    expect(await entry('ground-2').textContent()).toMatch(/^ground-2.*reachable/)
    expect(await entry('ground-2').textContent()).not.toMatch(/active|unreachable/)
    expect(await entry('ground-2-limited').textContent()).toMatch(/protected/)
    expect(await palette().getByRole('status').textContent()).toBe('ground-1 is the active context.')
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.screenshot({ path: join(artifactsDir, 'palette.png') })
    await page.setViewportSize({ width: 1400, height: 900 })
    await accessibility('the open palette')

    await page.keyboard.type('nd-2')
    await expect.poll(() => palette().locator('[role="option"]').evaluateAll((options) => options.map((o) => o.getAttribute('data-context')))).toEqual(expect.arrayContaining(['ground-2', 'ground-2-limited']))
    expect(await entry('ground-1').count()).toBe(0) // filtered out
    await page.keyboard.press('Space') // Space types into the search; it chooses nothing
    expect(await palette().getByRole('combobox', { name: 'Search contexts and apps' }).inputValue()).toBe('nd-2 ')
    await page.keyboard.press('Backspace')
    for (let i = 0; i < 3 && (await highlighted()) !== 'ground-2'; i++) await arrow('ArrowDown')
    expect(await highlighted()).toBe('ground-2')
    await arrow('ArrowDown')
    await arrow('ArrowUp')
    expect(await highlighted()).toBe('ground-2')
    expect(await palette().getByRole('status').textContent()).toBe('Switching to ground-2 changes what you look at. 1 in-cluster app would sync to ground-2 on their next sync; nothing is synced now.')
    await page.screenshot({ path: join(artifactsDir, 'palette-switch.png') })
    // Nothing switched: not in the UI, not in the desk, not asked.
    expect(await switches()).toEqual([])
    expect(await activeContext()).toBe('ground-1')
    // (The page behind the open palette is hidden from assistive technology: found by its class.)
    expect(await page.locator('button.cluster-switcher').getAttribute('aria-label')).toBe('Cluster: ground-1')

    await page.keyboard.press('Enter')
    await palette().waitFor({ state: 'detached' })
    expect(await switches()).toEqual(['ground-2'])
    await expect.poll(activeContext).toBe('ground-2')
    await expect.poll(() => button().getAttribute('aria-label')).toBe('Cluster: ground-2')
    expect((await button().boundingBox())?.width).toBe(width) // a fixed width: the bar does not move
  })

  it('the context button opens it too; Esc closes it and gives the focus back; a click chooses', async () => {
    await button().click()
    await palette().waitFor()
    await expect.poll(focusName).toBe('Search contexts and apps')
    await page.keyboard.press('Escape')
    await palette().waitFor({ state: 'detached' })
    await expect.poll(focusName).toMatch(/^Cluster: ground-2/)
    expect(await switches()).toEqual(['ground-2'])

    await button().click()
    await palette().locator('[role="option"][data-context="ground-1"]').click()
    await palette().waitFor({ state: 'detached' })
    await expect.poll(activeContext).toBe('ground-1')
    expect(await switches()).toEqual(['ground-2', 'ground-1'])
  })

  it('Esc closes only the palette (the page stays) and focus returns where it was; Enter on the active context changes nothing', async () => {
    await page.evaluate(() => void (location.hash = '#/clusters'))
    await page.getByRole('heading', { name: 'Clusters', level: 1 }).waitFor()
    const clustersButton = page.getByRole('button', { name: 'Clusters', exact: true })
    await clustersButton.focus()
    await page.keyboard.press('k')
    await palette().waitFor()
    await expect.poll(focusName).toBe('Search contexts and apps')
    await page.keyboard.press('Escape')
    await palette().waitFor({ state: 'detached' })
    expect(new URL(page.url()).hash).toBe('#/clusters') // the shell's Esc (back to the list) did not also act
    // Radix gives the focus back a moment after the palette goes.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Clusters')

    await blur()
    await page.keyboard.press('k')
    await palette().waitFor()
    // Enter at once (the search has the focus as the palette is drawn): the active context is highlighted, nothing to switch.
    await page.keyboard.press('Enter')
    await palette().waitFor({ state: 'detached' })
    expect(await switches()).toEqual(['ground-2', 'ground-1'])
  })

  it('the highlight follows the active context until the user moves it: Enter after a switch made elsewhere changes nothing', async () => {
    await page.mouse.move(1390, 890) // the pointer away from the list: moving over an item moves the highlight
    await blur()
    await page.keyboard.press('k')
    await palette().waitFor()
    await expect.poll(focusName).toBe('Search contexts and apps')
    expect(await highlighted()).toBe('ground-1')
    // The active context changes under the open palette (as when it opens before a switch's news arrives).
    await page.evaluate((name) => (globalThis as unknown as { switchElsewhere(n: string): Promise<unknown> }).switchElsewhere(name), 'ground-2')
    // The news comes as an event (the list is read again after it): waited for, not timed.
    await expect.poll(() => palette().locator('[role="option"][data-context="ground-2"]').textContent(), { timeout: 30_000 }).toMatch(/active/)
    await expect.poll(highlighted).toBe('ground-2')
    expect(await palette().getByRole('status').textContent()).toBe('ground-2 is the active context.')
    await page.keyboard.press('Enter')
    await palette().waitFor({ state: 'detached' })
    expect(await switches()).toEqual(['ground-2', 'ground-1']) // Enter asked for no switch back to ground-1
    expect(await activeContext()).toBe('ground-2')
    await page.evaluate((name) => (globalThis as unknown as { switchElsewhere(n: string): Promise<unknown> }).switchElsewhere(name), 'ground-1')
    await expect.poll(() => button().getAttribute('aria-label'), { timeout: 30_000 }).toBe('Cluster: ground-1')
  })

  it('k typed in a text field is a letter, not the palette', async () => {
    await page.evaluate(() => void (location.hash = '#/'))
    const field = page.getByRole('searchbox', { name: 'Search applications' })
    await field.click()
    await page.keyboard.press('k')
    expect(await field.inputValue()).toBe('k')
    expect(await palette().count()).toBe(0)
    await field.fill('')
  })

  it('goes to an app by name without switching anything', async () => {
    await blur()
    await page.keyboard.press('k')
    await palette().waitFor()
    await page.keyboard.type('pal-incl')
    await expect.poll(() => palette().locator('[role="option"][aria-selected="true"]').textContent()).toMatch(/^Go to app pal-incluster/)
    await page.keyboard.press('Enter')
    await palette().waitFor({ state: 'detached' })
    await page.getByRole('region', { name: 'Application pal-incluster' }).waitFor()
    expect(await switches()).toEqual(['ground-2', 'ground-1'])
    expect(await activeContext()).toBe('ground-1')
    expect(ui.problems).toEqual([])
  })

  async function accessibility(where: string) {
    // Evaluated through the debugger protocol: the page's CSP (no inline scripts) stays on.
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([])
  }
})
