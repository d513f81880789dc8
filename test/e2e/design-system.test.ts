import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { artifactsDir, openUi, type OpenUi } from './browser'

// The design system's look: every main screen at two window sizes in both themes passes axe
// (wcag2a/aa), keeps its headings in scale (h1 > h2 > h3), and changes no state through a native
// <select>. Nothing here syncs ds-gb: it stays OutOfSync, which is what the screens show most; a
// second app is synced once, before, so History and the resource panel have something to show.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const app = 'ds-gb'
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
/** Synced once before the screens: History has an entry with results, the resource panel a live object. */
const synced = 'ds-synced'
const syncedYaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${synced}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {name: ground-1, namespace: ${synced}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')
const project = 'ds-team'
const projectYaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: AppProject', `metadata: {name: ${project}}`, 'spec:', "  sourceRepos: ['*']", "  destinations: [{name: '*', namespace: '*'}]", "  syncWindows: [{kind: allow, schedule: '0 22 * * *', duration: 1h, applications: ['*']}]"].join('\n')
const deployment = `apps/Deployment/${synced}/guestbook-ui`
const appYaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${app}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {name: ground-1, namespace: ${app}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')

/** Native selects that may stay: they narrow what a view shows or fill a form field saved later, and change nothing by themselves. */
const viewOnlySelects = [/^Filter by /, /^Container$/]

interface Screen {
  name: string
  hash: string
  /** Waits until the screen shows what it is for. */
  ready(page: Page): Promise<unknown>
  /** Puts away what the screen opened over the page (the palette is a modal dialog). */
  leave?(page: Page): Promise<unknown>
}
const region = (page: Page, name: string) => page.getByRole('region', { name: `Application ${name}` })
/** The resource panel on one tab, with what the tab shows loaded. */
const panelTab = (tab: string, label: string, shows?: string): Screen => ({
  name: `panel-${tab}`,
  hash: `#/apps/${synced}?resource=${encodeURIComponent(deployment)}&tab=${tab}`,
  ready: async (page) => {
    const panel = page.getByRole('dialog', { name: 'Deployment guestbook-ui' })
    await expect.poll(() => panel.getByRole('tab', { name: label, exact: true }).getAttribute('aria-selected'), { timeout: 30_000 }).toBe('true')
    if (shows) await panel.locator(shows).first().waitFor({ timeout: 30_000 })
    await expect.poll(() => panel.getByRole('tabpanel').getByRole('status').count(), { timeout: 30_000 }).toBe(0)
  },
})
const screens: Screen[] = [
  { name: 'list', hash: '#/', ready: (page) => page.locator(`[data-app="${app}"]`).waitFor() },
  { name: 'app', hash: `#/apps/${app}`, ready: (page) => expect.poll(() => page.getByRole('region', { name: `Application ${app}` }).locator('.details-head').textContent(), { timeout: 30_000 }).toMatch(/OutOfSync/) },
  { name: 'diff', hash: `#/diff/${app}`, ready: (page) => page.locator('.monaco-diff-editor').waitFor({ timeout: 30_000 }) },
  { name: 'new-app', hash: '#/new', ready: (page) => page.getByLabel('Name', { exact: true }).waitFor() },
  { name: 'clusters', hash: '#/clusters', ready: (page) => expect.poll(() => page.getByRole('article', { name: 'Cluster ground-1', exact: true }).textContent(), { timeout: 30_000 }).toMatch(/Reachable/) },
  { name: 'appsets', hash: '#/appsets', ready: (page) => page.getByRole('form', { name: 'ApplicationSet editor' }).waitFor() },
  { name: 'settings', hash: '#/settings', ready: (page) => page.getByRole('radiogroup', { name: 'Theme' }).waitFor() },
  { name: 'projects', hash: '#/projects', ready: (page) => page.getByRole('table', { name: 'Project list' }).getByRole('button', { name: project }).waitFor({ timeout: 30_000 }) },
  { name: 'project', hash: `#/projects/${project}`, ready: (page) => Promise.all([page.getByRole('region', { name: `Project ${project} YAML` }).locator('.monaco-editor').waitFor({ timeout: 30_000 }), page.getByRole('region', { name: 'Sync windows timeline' }).waitFor({ timeout: 30_000 })]) },
  { name: 'repos', hash: '#/repos', ready: (page) => page.getByRole('table', { name: 'Repository list' }).waitFor({ timeout: 30_000 }) },
  {
    name: 'parameters',
    hash: `#/apps/${app}`,
    ready: async (page) => {
      await region(page, app).getByRole('tab', { name: 'Parameters' }).click()
      await region(page, app).getByRole('region', { name: 'Parameters' }).waitFor({ timeout: 30_000 })
    },
  },
  {
    name: 'history-results',
    hash: `#/apps/${synced}`,
    ready: async (page) => {
      const history = region(page, synced).getByRole('table', { name: 'History' })
      await history.getByRole('button', { name: /^Show \d+ results?$/ }).click({ timeout: 30_000 })
      await region(page, synced).getByRole('table', { name: 'What sync 1 did to each resource' }).scrollIntoViewIfNeeded()
    },
  },
  {
    name: 'palette',
    hash: '#/',
    ready: async (page) => {
      await page.locator(`[data-app="${app}"]`).waitFor()
      await page.keyboard.press('k')
      await page.locator('.palette').waitFor()
    },
    leave: async (page) => {
      await page.keyboard.press('Escape')
      await page.locator('.palette').waitFor({ state: 'detached' })
    },
  },
  panelTab('summary', 'Summary', '.summary'),
  panelTab('live', 'Live manifest', '.monaco-editor'),
  panelTab('desired', 'Desired manifest', '.monaco-editor'),
  panelTab('diff', 'Diff', '.monaco-diff-editor'),
  panelTab('events', 'Events'),
]
const sizes = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
]

describe('the design system on every main screen', () => {
  let ui: OpenUi
  let page: Page

  beforeAll(async () => {
    ui = await openUi('design-system', kubeconfig, bin.binDir)
    page = ui.page
    const gitops = (text: string) => page.evaluate((t) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(t), text)
    await gitops(appYaml)
    await gitops(projectYaml)
    await gitops(syncedYaml)
    await page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.syncApp(name), synced)
    // The sync's end: its History entry (a condition, checked every half second).
    await vi.waitFor(
      async () => {
        const history = await page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.appHistory(name), synced)
        if (history.length !== 1) throw new Error(`${synced} not synced yet`)
      },
      { timeout: 120_000, interval: 500 },
    )
  }, 240_000)
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  const visit = async (screen: Screen) => {
    await page.goto(page.url().replace(/#.*$/, '') + screen.hash)
    await screen.ready(page)
  }
  const seriousAxeViolations = async (where: string) => {
    // Evaluated through the debugger protocol: the page's CSP (no inline scripts) stays on.
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
  }
  /** The font sizes of the visible headings, by level. */
  const headingSizes = () =>
    page.evaluate(`(() => {
      const sizes = (tag) => [...document.querySelectorAll(tag)].filter((h) => h.offsetParent !== null).map((h) => parseFloat(getComputedStyle(h).fontSize))
      return { h1: sizes('h1'), h2: sizes('h2'), h3: sizes('h3') }
    })()`) as Promise<{ h1: number[]; h2: number[]; h3: number[] }>
  /** Every native <select> a user can reach (Radix's hidden form mirrors are aria-hidden), by its accessible name. */
  const nativeSelects = () =>
    page.evaluate(`[...document.querySelectorAll('select')]
      .filter((s) => s.getAttribute('aria-hidden') !== 'true' && s.offsetParent !== null)
      .map((s) => s.getAttribute('aria-label') ?? s.labels?.[0]?.textContent?.trim() ?? '(unnamed)')`) as Promise<string[]>
  /** Checkboxes and radios that do not sit beside their label's text (their centres more than 6 px apart vertically). */
  const checksNotBesideLabels = () =>
    page.evaluate(`[...document.querySelectorAll('label')]
      .filter((l) => l.offsetParent !== null)
      .flatMap((l) => [...l.querySelectorAll(':scope > input[type=checkbox], :scope > input[type=radio]')].map((input) => {
        const a = input.getBoundingClientRect(), b = l.getBoundingClientRect()
        return Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) > 6 ? l.textContent.trim() : null
      }))
      .filter((t) => t !== null)`) as Promise<string[]>
  const chooseTheme = async (theme: 'Light' | 'Dark') => {
    await visit(screens.find((s) => s.name === 'settings')!)
    const radio = page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme })
    await radio.click()
    await expect.poll(() => radio.getAttribute('aria-checked')).toBe('true')
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe(theme.toLowerCase())
  }

  it('each screen at 1280×800 and 1920×1080, light and dark: axe finds nothing serious, h1 > h2 > h3, no native <select> changes state', { timeout: 900_000 }, async () => {
    const problems: string[] = []
    for (const theme of ['Light', 'Dark'] as const) {
      await chooseTheme(theme)
      for (const size of sizes) {
        await page.setViewportSize(size)
        for (const screen of screens) {
          const where = `${screen.name} ${size.width}x${size.height} ${theme.toLowerCase()}`
          await visit(screen)
          await page.screenshot({ path: join(artifactsDir, `ds-${screen.name}-${size.width}x${size.height}-${theme.toLowerCase()}.png`) })
          problems.push(...(await seriousAxeViolations(where)))

          const { h1, h2, h3 } = await headingSizes()
          expect(h1.length, `${where}: one h1`).toBe(1)
          if (h2.length) expect(Math.min(...h1), `${where}: h1 larger than every h2`).toBeGreaterThan(Math.max(...h2))
          if (h3.length) expect(Math.min(...(h2.length ? h2 : h1)), `${where}: h3 smaller than every h2`).toBeGreaterThan(Math.max(...h3))

          expect(await checksNotBesideLabels(), `${where}: a checkbox beside its label`).toEqual([])
          // One primary action per screen; on the app page it is Sync (the cluster switch never is).
          const primaries = (await page.evaluate(`[...document.querySelectorAll('button.primary')].filter((b) => b.offsetParent !== null).map((b) => b.textContent.trim())`)) as string[]
          expect(primaries.length, `${where}: primary buttons ${primaries.join(', ')}`).toBeLessThanOrEqual(1)
          if (screen.name === 'app') expect(primaries).toEqual(['Sync'])

          const selects = await nativeSelects()
          if (screen.name === 'settings') expect(selects, `${where}: settings change state, none through a <select>`).toEqual([])
          expect(selects.filter((name) => !viewOnlySelects.some((allowed) => allowed.test(name))), `${where}: a <select> that changes state`).toEqual([])
          await screen.leave?.(page)
        }
      }
    }
    expect(problems).toEqual([])
    expect(ui.problems).toEqual([])
  })

  it('the theme is a radio group: Dark and Light apply at once and are stored', async () => {
    await chooseTheme('Dark')
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(22, 24, 29)')
    await page.reload()
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark')
    await chooseTheme('Light')
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(255, 255, 255)')
  })

  it('a sync started from the app page is told in a toast when it starts and when it ends', async () => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await visit(screens.find((s) => s.name === 'app')!)
    const details = page.getByRole('region', { name: `Application ${app}` })
    // The sync panel: its options are checkboxes beside their labels, in frameless groups.
    await details.getByRole('button', { name: 'Sync options' }).click()
    await details.locator('.sync-panel').waitFor()
    expect(await checksNotBesideLabels()).toEqual([])
    const frames = (await page.evaluate(`[...document.querySelectorAll('.sync-panel fieldset')].map((f) => getComputedStyle(f).borderTopStyle)`)) as string[]
    expect(frames.length).toBeGreaterThan(0)
    expect(frames.filter((style) => style !== 'none')).toEqual([])
    await page.screenshot({ path: join(artifactsDir, 'ds-sync-panel-1280x800-light.png') })
    expect(await seriousAxeViolations('sync panel')).toEqual([])
    await details.getByRole('button', { name: 'Sync options' }).click()
    await details.getByRole('button', { name: 'Sync', exact: true }).click()
    const toasts = page.locator('.toast-viewport')
    await toasts.getByText(`${app}: sync started`).waitFor({ timeout: 30_000 })
    await toasts.getByText(`${app}: sync succeeded`).waitFor({ timeout: 60_000 })
    // The pointer on a toast holds it (Radix pauses its timer), as for a user reading it.
    await toasts.locator('.toast', { hasText: 'sync succeeded' }).hover()
    await page.screenshot({ path: join(artifactsDir, 'ds-toast-1280x800-light.png') })
    expect(await seriousAxeViolations('toast')).toEqual([])
    // A toast is dismissed by its own button, and only it goes.
    await toasts.locator('.toast', { hasText: 'sync succeeded' }).getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => toasts.getByText(`${app}: sync succeeded`).count()).toBe(0)
  })
})
