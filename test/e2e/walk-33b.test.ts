import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { startApiserver, stopApiserver } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { openUi, type OpenUi } from './browser'

// A second walk of issue 33's app page as a new user (1280x800, Chromium, the ground): an app
// deleted elsewhere stayed on screen with Sync enabled; a notice (cluster unreachable, "Starting
// the sync…") inserted above the Sync panel or the tree moved them under the pointer, and
// Synchronize stayed enabled while the destination did not answer.
const kubeconfig = inject('kubeconfig')
const groundDir = inject('groundDir')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const application = (name: string, destination = 'ground-1') =>
  ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${name}}`, 'spec:', `  source: {repoURL: '${repo.url}', path: guestbook}`, `  destination: {name: ${destination}, namespace: ${name}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}', ''].join('\n')

describe('the app page of a second issue 33 walk, in Chromium at 1280x800', () => {
  let ui: OpenUi
  let page: Page
  let base: string
  let stopped = false
  const gitops = <T,>(method: keyof GitopsApi, ...args: unknown[]) => page.evaluate(([m, a]) => (globalThis as unknown as { gitops: Record<string, (...x: unknown[]) => Promise<unknown>> }).gitops[m as string]!(...(a as unknown[])), [method, args] as const) as Promise<T>
  const open = async (app: string) => {
    await page.goto(`${base}#/apps/${app}`)
    const details = page.getByRole('region', { name: `Application ${app}` })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 60_000 }).toMatch(/OutOfSync|Synced/)
    return details
  }
  const top = (locator: ReturnType<Page['locator']>) => locator.evaluate((e) => Math.round(e.getBoundingClientRect().top))

  beforeAll(async () => {
    ui = await openUi('walk-33b', kubeconfig, bin.binDir)
    page = ui.page
    await page.setViewportSize({ width: 1280, height: 800 })
    base = page.url().replace(/#.*$/, '')
    for (const yaml of [application('walk2-gone'), application('walk2-held'), application('walk2-far', 'ground-2')]) await gitops('saveAppYaml', yaml)
  })
  afterAll(async () => {
    if (stopped) await startApiserver(groundDir, 2)
    await ui?.close()
    repo.remove()
  })

  it('the list: the filter row is one row at 1280 px, and the Repository column is at least as wide as Revision', { timeout: 120_000 }, async () => {
    await page.goto(`${base}#/`)
    const filters = page.getByRole('group', { name: 'Filters' })
    await page.getByRole('row').filter({ hasText: 'walk2-far' }).first().waitFor({ timeout: 60_000 })
    // Every item of the row on the first line: Favourites and the count did not drop to a second row.
    const boxes = await filters.locator(':scope > *').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect()).filter((b) => b.height > 0).map((b) => ({ top: b.top, bottom: b.bottom, right: b.right })))
    expect(boxes.length).toBeGreaterThan(8)
    expect(Math.max(...boxes.map((b) => b.top))).toBeLessThan(Math.min(...boxes.map((b) => b.bottom)))
    expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(1280)
    const width = (name: string) => page.getByRole('columnheader', { name }).evaluate((e) => e.getBoundingClientRect().width)
    expect(await width('Repository')).toBeGreaterThanOrEqual(await width('Revision'))
  })

  it('an app deleted elsewhere while its page is open: the page says it no longer exists, Sync, Refresh and Delete are disabled, nothing moved', { timeout: 180_000 }, async () => {
    const details = await open('walk2-gone')
    const commands = details.getByRole('toolbar', { name: 'App commands' })
    const button = (name: string) => commands.getByRole('button', { name, exact: true })
    await expect.poll(() => button('Sync').isEnabled()).toBe(true)
    const tabs = details.getByRole('tablist', { name: 'Application views' })
    const before = await top(tabs)
    // Deleted through the API, not this page (as the CLI or another window would).
    await gitops('deleteApp', 'walk2-gone')
    await expect.poll(() => details.getByRole('alert').filter({ hasText: 'no longer exists' }).count(), { timeout: 60_000 }).toBe(1)
    for (const name of ['Sync', 'Sync options', 'Refresh', 'Hard refresh', 'Delete']) expect(await button(name).isDisabled(), name).toBe(true)
    // The S key syncs nothing either.
    await page.locator('body').focus()
    await page.keyboard.press('s')
    expect(await details.getByRole('status').filter({ hasText: 'Starting' }).count()).toBe(0)
    expect(await top(tabs)).toBe(before)
  })

  it('"Starting the sync…" shows without moving the tree down', { timeout: 180_000 }, async () => {
    const details = await open('walk2-held')
    const tabs = details.getByRole('tablist', { name: 'Application views' })
    const before = await top(tabs)
    // The sync call is held while the test looks: "Starting the sync…" is on screen meanwhile.
    await page.evaluate(() => {
      const w = globalThis as unknown as { gitops: Record<string, (...a: unknown[]) => Promise<unknown>>; release: () => void }
      const inner = w.gitops.syncApp!
      let open!: () => void
      const gate = new Promise<void>((resolve) => (open = resolve))
      w.release = () => open()
      w.gitops.syncApp = (...args: unknown[]) => gate.then(() => inner(...args))
    })
    await details.getByRole('toolbar', { name: 'App commands' }).getByRole('button', { name: 'Sync', exact: true }).click()
    await details.getByRole('status').filter({ hasText: 'Starting the sync' }).waitFor()
    expect(await top(tabs)).toBe(before)
    await page.evaluate(() => (globalThis as unknown as { release: () => void }).release())
    await expect.poll(async () => (await gitops<{ phase: string } | null>('getOperation', 'walk2-held'))?.phase, { timeout: 120_000, interval: 500 }).toBe('Succeeded')
  })

  it('the destination going unreachable with the Sync panel open: the notice does not move Synchronize, which is disabled with the reason', { timeout: 240_000 }, async () => {
    const details = await open('walk2-far')
    await details.getByRole('button', { name: 'Sync options' }).click()
    const panel = details.getByRole('region', { name: 'Sync options' })
    const synchronize = panel.getByRole('button', { name: 'Synchronize' })
    await expect.poll(() => synchronize.isEnabled(), { timeout: 30_000 }).toBe(true)
    const before = await top(synchronize)
    stopped = true
    await stopApiserver(groundDir, 2)
    await expect.poll(() => details.getByRole('alert').filter({ hasText: 'Cluster ground-2 is unreachable' }).count(), { timeout: 120_000 }).toBe(1)
    expect(await top(synchronize)).toBe(before)
    expect(await synchronize.isDisabled()).toBe(true)
    expect(await synchronize.getAttribute('title')).toBe('Cluster ground-2 is unreachable')
    expect(await panel.textContent()).toContain('Synchronize waits until it answers')
    await startApiserver(groundDir, 2)
    stopped = false
    await expect.poll(() => synchronize.isEnabled(), { timeout: 120_000 }).toBe(true)
  })

  it('the project editor: Save never covers the editor; leaving with unsaved edits asks in the app (Stay keeps them, Leave goes)', { timeout: 120_000 }, async () => {
    await page.goto(`${base}#/projects`)
    await page.getByRole('button', { name: 'New project' }).click()
    const editor = page.getByRole('region', { name: 'Project new-project YAML' })
    const lines = editor.locator('.monaco-editor .view-lines')
    const text = () => lines.evaluate((el) => (el as unknown as { innerText: string }).innerText.replace(/\u00a0/g, ' '))
    await expect.poll(text, { timeout: 30_000 }).toContain('kind: AppProject')
    const save = editor.getByRole('button', { name: 'Save', exact: true })
    const box = async (l: ReturnType<Page['locator']>) => l.evaluate((e) => e.getBoundingClientRect().toJSON() as { top: number; bottom: number })
    // Save is not over any part of the editor (its sticky bar sat over the editor's last lines
    // when the editor went past the window's bottom: a lower window shows it at 1280 px too).
    await page.setViewportSize({ width: 1280, height: 560 })
    const [saveBox, editorBox] = [await box(save), await box(editor.locator('.monaco-editor').first())]
    await page.setViewportSize({ width: 1280, height: 800 })
    expect(saveBox.bottom <= editorBox.top || saveBox.top >= editorBox.bottom).toBe(true)
    // Nothing typed yet: leaving asks nothing.
    const banner = page.getByRole('banner')
    await banner.getByRole('button', { name: 'Clusters' }).click()
    await expect.poll(() => page.url()).toContain('#/clusters')
    await page.goto(`${base}#/projects`)
    await page.getByRole('button', { name: 'New project' }).click()
    await expect.poll(text, { timeout: 30_000 }).toContain('kind: AppProject')
    await editor.locator('.monaco-editor').first().click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('# unsaved-edit')
    await expect.poll(text).toContain('# unsaved-edit')
    await banner.getByRole('button', { name: 'Clusters' }).click()
    const ask = page.getByRole('alertdialog', { name: 'Leave without saving?' })
    await ask.waitFor()
    await ask.getByRole('button', { name: 'Stay' }).click()
    await ask.waitFor({ state: 'detached' })
    expect(page.url()).toContain('#/projects/new-project')
    expect(await text()).toContain('# unsaved-edit')
    // The browser's Back asks too; the page and its address stay.
    await page.goBack()
    await ask.waitFor()
    await ask.getByRole('button', { name: 'Stay' }).click()
    await ask.waitFor({ state: 'detached' })
    expect(page.url()).toContain('#/projects/new-project')
    expect(await text()).toContain('# unsaved-edit')
    // Leave goes where it was asked to, and the edits are given up.
    await banner.getByRole('button', { name: 'Clusters' }).click()
    await ask.getByRole('button', { name: 'Leave' }).click()
    await expect.poll(() => page.url()).toContain('#/clusters')
    await ask.waitFor({ state: 'detached' })
  })
})
