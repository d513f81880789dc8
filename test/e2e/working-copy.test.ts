import { execFileSync } from 'node:child_process'
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { artifactsDir, openUi, type OpenUi } from './browser'

// "Use my working copy" on the diff page: an edit of the checkout shows in the diff without a
// click; "Sync working copy" asks for its own consent (on a protected context the typed name too),
// deploys, and History says local:…; the app page's header marks the working copy in use.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['kustomize-guestbook'])
const checkout = `${repo.dir}-checkout`
execFileSync('git', ['clone', '--quiet', repo.url, checkout])
const app = 'e2e-wc'
const file = join(realpathSync(checkout), 'kustomize-guestbook/guestbook-ui-deployment.yaml')
const appYaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${app}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: kustomize-guestbook}`, `  destination: {name: ground-1, namespace: ${app}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')
const replicas = () => kubectl('-n', app, 'get', 'deployment', 'kustomize-guestbook-ui', '-o', 'jsonpath={.spec.replicas}')

describe('a working copy in the UI', () => {
  let ui: OpenUi
  let page: Page

  beforeAll(async () => {
    ui = await openUi('working-copy', kubeconfig, bin.binDir)
    page = ui.page
    await page.evaluate((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(text), appYaml)
    await page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.syncApp(name), app)
    await vi.waitFor(
      async () => {
        const history = await page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.appHistory(name), app)
        if (history.length !== 1) throw new Error(`${app} not synced yet`)
      },
      { timeout: 120_000, interval: 500 },
    )
  }, 240_000)
  afterAll(async () => {
    await ui?.close()
    rmSync(checkout, { recursive: true, force: true })
    repo.remove()
  })

  it('an edit shows in the diff without a click; Sync working copy deploys it; History says local:…', { timeout: 240_000 }, async () => {
    await page.goto(`${page.url().replace(/#.*$/, '')}#/diff/${app}`)
    await page.getByRole('button', { name: 'Use my working copy' }).click()
    await page.getByLabel('Folder of a checkout of this app’s repository').fill(checkout)
    await page.getByRole('button', { name: 'Use', exact: true }).click()
    const bar = page.getByLabel('Working copy')
    await bar.getByText('working copy (uncommitted)').waitFor({ timeout: 60_000 })
    await expect.poll(() => bar.getByText('No changes from HEAD.').count(), { timeout: 60_000 }).toBe(1)

    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 1', 'replicas: 4'))
    // No click: the engine's event brings the new diff and the changed file.
    await expect.poll(() => page.locator('.editor.modified .view-lines').textContent(), { timeout: 60_000 }).toMatch(/replicas:\s*4/)
    await expect.poll(() => bar.getByRole('list', { name: 'Changed files' }).textContent(), { timeout: 30_000 }).toContain('kustomize-guestbook/guestbook-ui-deployment.yaml')
    await page.screenshot({ path: join(artifactsDir, 'working-copy.png') })

    // While the working copy fails to render, Sync working copy is off and says why.
    const kustomization = join(realpathSync(checkout), 'kustomize-guestbook/kustomization.yaml')
    const kept = readFileSync(kustomization, 'utf8')
    const syncButton = bar.getByRole('button', { name: 'Sync working copy' })
    writeFileSync(kustomization, kept.replace('- guestbook-ui-svc.yaml', '- missing-file.yaml'))
    await expect.poll(() => syncButton.isDisabled(), { timeout: 60_000 }).toBe(true)
    expect(await syncButton.getAttribute('title')).toMatch(/^The working copy fails to render \(.*missing-file\.yaml/)
    expect(await bar.getByRole('alert').textContent()).toContain('Sync working copy is off until it renders.')
    writeFileSync(kustomization, kept)
    await expect.poll(() => syncButton.isEnabled(), { timeout: 60_000 }).toBe(true)

    await syncButton.click()
    const dialog = page.getByRole('alertdialog', { name: `Deploy uncommitted changes of ${app}?` })
    await dialog.getByRole('button', { name: 'Deploy uncommitted changes' }).click()
    await expect.poll(replicas, { timeout: 120_000, interval: 500 }).toBe('4')

    await page.goto(`${page.url().replace(/#.*$/, '')}#/apps/${app}`)
    const history = page.getByRole('table', { name: 'History' })
    await expect.poll(() => history.textContent(), { timeout: 60_000 }).toMatch(/local:[0-9a-f]{12}/)
    expect(await history.textContent()).toContain('1 uncommitted file')
    // The app page says a working copy is in use, and leads to its diff.
    const marker = page.locator('.app-header').getByRole('button', { name: 'working copy (uncommitted)' })
    await marker.waitFor({ timeout: 30_000 })
    await marker.click()
    await expect.poll(() => page.url()).toContain(`#/diff/${app}`)
    await page.getByLabel('Working copy').getByText('working copy (uncommitted)').waitFor({ timeout: 30_000 })
    expect(ui.problems).toEqual([])
  })

  it('on a protected context the dialog asks for the typed name and the uncommitted consent; nothing is deployed before both', { timeout: 240_000 }, async () => {
    const protect = (on: boolean) => page.evaluate((yes) => (globalThis as unknown as { gitops: GitopsApi }).gitops.protectCluster('ground-1', yes), on)
    const revisions = () => page.evaluate(async (name) => (await (globalThis as unknown as { gitops: GitopsApi }).gitops.appHistory(name)).map((h) => h.revisions[0]), app)
    await protect(true)
    try {
      const synced = (await revisions()).length
      await page.goto(`${page.url().replace(/#.*$/, '')}#/diff/${app}`)
      const bar = page.getByLabel('Working copy')
      await bar.getByText('working copy (uncommitted)').waitFor({ timeout: 60_000 })
      writeFileSync(file, readFileSync(file, 'utf8').replace(/replicas: \d+/, 'replicas: 5'))
      await expect.poll(() => page.locator('.editor.modified .view-lines').textContent(), { timeout: 60_000 }).toMatch(/replicas:\s*5/)

      await bar.getByRole('button', { name: 'Sync working copy' }).click()
      const dialog = page.getByRole('alertdialog', { name: `Deploy uncommitted changes of ${app}?` })
      const deploy = dialog.getByRole('button', { name: 'Deploy uncommitted changes' })
      const typed = dialog.getByRole('textbox', { name: 'Confirm context name' })
      await typed.waitFor()
      expect(await dialog.textContent()).toContain('ground-1 is a protected context.')
      expect(await deploy.isDisabled()).toBe(true)
      await typed.fill('ground-2')
      expect(await deploy.isDisabled()).toBe(true)
      await typed.fill('ground-1')
      await expect.poll(() => deploy.isEnabled()).toBe(true)
      // The name alone deploys nothing: the uncommitted consent is the dialog's button.
      expect((await revisions()).length).toBe(synced)
      expect(replicas()).toBe('4')
      await page.screenshot({ path: join(artifactsDir, 'working-copy-protected.png') })

      await deploy.click()
      await expect.poll(replicas, { timeout: 120_000, interval: 500 }).toBe('5')
      await expect.poll(async () => (await revisions()).length, { timeout: 60_000 }).toBe(synced + 1)
      expect((await revisions()).at(-1)).toMatch(/^local:[0-9a-f]{12}$/)
      expect(ui.problems).toEqual([])
    } finally {
      await protect(false)
    }
  })
})
