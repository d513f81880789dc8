import { join } from 'node:path'
import type { Page } from 'playwright-core'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Issue 34, side by side: one ApplicationSet makes guestbook for ground-1 and ground-2; one value
// changed on ground-2; from the app page, the ApplicationSet's pair in one click:
// the whole-app diff of the two live apps shows exactly that field. Then a live edit from the
// resource panel: a dry run's diff first, Apply, and the app shows the drift it made.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const namespace = 'cmpe-gb'
const appset = YAML.stringify({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name: 'cmpe' },
  spec: {
    generators: [{ list: { elements: [{ cluster: 'ground-1' }, { cluster: 'ground-2' }] } }],
    template: { metadata: { name: 'cmpe-{{cluster}}' }, spec: { project: 'default', source: { repoURL: repo.url, path: 'guestbook' }, destination: { name: '{{cluster}}', namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } },
  },
})
const changedLines = (text: string | null) => (text ?? '').split('\n').filter((l) => /^[-+][^-+]/.test(l))

describe('compare side by side, and edit live', () => {
  let ui: OpenUi
  let page: Page
  const gitops = <T,>(call: (api: GitopsApi) => Promise<T>) => page.evaluate(`(${call.toString()})(globalThis.gitops)`) as Promise<T>

  beforeAll(async () => {
    ui = await openUi('compare', kubeconfig, bin.binDir)
    page = ui.page
    await page.evaluate((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppSet(text), appset)
    for (const app of ['cmpe-ground-1', 'cmpe-ground-2']) {
      await page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.syncApp(name), app)
      await vi.waitFor(
        async () => {
          const history = await page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.appHistory(name), app)
          if (history.length !== 1) throw new Error(`${app} not synced yet`)
        },
        { timeout: 120_000, interval: 500 },
      )
    }
    kubectlOn('ground-2')('-n', namespace, 'scale', 'deployment', 'guestbook-ui', '--replicas=3')
  }, 300_000)
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('guestbook on ground-1 vs ground-2, live: the ApplicationSet pair in one click shows exactly the changed field', { timeout: 180_000 }, async () => {
    await page.goto(`${page.url().replace(/#.*$/, '')}#/apps/cmpe-ground-1`)
    // The app page offers the other app of its ApplicationSet as a pair: one click compares both live.
    await page.getByRole('button', { name: 'vs cmpe-ground-2', exact: true }).click()
    await expect.poll(() => page.url()).toContain('#/compare/cmpe-ground-1?left=live&right=cmpe-ground-2&rightAt=live')
    await expect.poll(() => page.getByRole('navigation', { name: 'Same ApplicationSet' }).getByRole('button', { name: 'vs cmpe-ground-2 (live)' }).count()).toBe(1)
    const summary = page.getByTestId('compare-summary')
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toMatch(/^cmpe-ground-1@ground-1 vs cmpe-ground-2@ground-2: 1 of 2 resources differ/)
    expect(changedLines(await page.getByTestId('unified-diff').textContent())).toEqual(['-  replicas: 1', '+  replicas: 3'])
    // The Monaco diff: left is ground-1's live object, right ground-2's, each side named.
    const editor = page.locator('.compare-view .monaco-diff-editor')
    await editor.waitFor({ timeout: 60_000 })
    await expect.poll(() => page.locator('.compare-view .editor.original .view-lines').textContent(), { timeout: 30_000 }).toMatch(/replicas:\s*1/)
    await expect.poll(() => page.locator('.compare-view .editor.modified .view-lines').textContent()).toMatch(/replicas:\s*3/)
    expect(await page.getByRole('textbox', { name: 'cmpe-ground-2@ground-2: all 2 resources' }).count()).toBe(1)
    await page.screenshot({ path: join(artifactsDir, 'compare-live.png') })

    // The picker: ground-1's Git against ground-2's Git is the same (the change is only live).
    await page.getByRole('radiogroup', { name: 'Right: what' }).getByRole('radio', { name: 'Git (target revision)' }).click()
    await page.getByRole('radiogroup', { name: 'Left: what' }).getByRole('radio', { name: 'Git (target revision)' }).click()
    await page.getByRole('button', { name: 'Compare', exact: true }).click()
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toMatch(/^cmpe-ground-1@HEAD vs cmpe-ground-2@HEAD: the same/)
    expect(ui.problems).toEqual([])
  })

  it('Edit live: the dry run shows the change, Apply makes it, and the app shows OutOfSync', { timeout: 180_000 }, async () => {
    const key = `apps/Deployment/${namespace}/guestbook-ui`
    await page.goto(`${page.url().replace(/#.*$/, '')}#/apps/cmpe-ground-1?resource=${encodeURIComponent(key)}&tab=live`)
    const panel = page.getByRole('dialog', { name: 'Deployment guestbook-ui' })
    await panel.getByRole('button', { name: 'Edit live' }).click()
    const editor = panel.getByTestId('live-editor')
    await editor.locator('.monaco-editor').waitFor({ timeout: 60_000 })
    // Typing in Monaco: find the replicas line and change its value.
    await editor.locator('.view-line', { hasText: /^\s*replicas:\s1$/ }).first().click()
    await page.keyboard.press('End')
    await page.keyboard.press('Backspace')
    await page.keyboard.type('2')
    // Escape in the editor is the editor's: the panel stays open and the typed text is kept.
    await page.keyboard.press('Escape')
    await expect.poll(() => editor.locator('.view-line', { hasText: /^\s*replicas:\s2$/ }).count()).toBe(1)
    expect(await panel.isVisible()).toBe(true)
    await editor.getByRole('button', { name: 'Preview changes' }).click()
    await expect.poll(() => editor.getByTestId('unified-diff').textContent(), { timeout: 60_000 }).toBeTruthy()
    expect(changedLines(await editor.getByTestId('unified-diff').textContent())).toEqual(['-  replicas: 1', '+  replicas: 2'])
    // Nothing changed yet: a dry run.
    expect(kubectlOn('ground-1')('-n', namespace, 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.replicas}')).toBe('1')
    await editor.getByRole('button', { name: 'Apply to ground-1' }).click()
    await expect.poll(() => kubectlOn('ground-1')('-n', namespace, 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.replicas}'), { timeout: 30_000 }).toBe('2')
    await expect.poll(() => gitops((api) => api.getApp('cmpe-ground-1')).then((d) => d.status?.sync), { timeout: 60_000, interval: 500 }).toBe('OutOfSync')
    await page.screenshot({ path: join(artifactsDir, 'edit-live.png') })
    expect(ui.problems).toEqual([])
  })
})
