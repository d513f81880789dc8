import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { openUi, type OpenUi } from './browser'
import { kubectlOn } from '../support/kubectl'

// A deletion that cannot finish (a resource held by a finalizer) shows why on the details page;
// Retry and Cancel act only when pressed, and nothing else touches the cluster meanwhile.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const exists = (what: string) => kubectl('-n', 'db-gb', 'get', what, '--ignore-not-found', '-o', 'name').trim() !== ''
const hold = (on: boolean) => kubectl('-n', 'db-gb', 'patch', 'service', 'guestbook-ui', '--type=merge', '-p', JSON.stringify({ metadata: { finalizers: on ? ['example.com/hold'] : null } }))
const repo = FixtureRepo.create(['guestbook'])
const appYaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata: {name: db-gb, finalizers: [resources-finalizer.argocd.argoproj.io]}', 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, '  destination: {name: ground-1, namespace: db-gb}', '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')

describe('the deletion banner', () => {
  let ui: OpenUi
  let page: Page

  beforeAll(async () => {
    process.env.GITOPS_DESK_DELETION_TIMEOUT_SECONDS = '3'
    try {
      ui = await openUi('delbanner', kubeconfig, bin.binDir)
    } finally {
      delete process.env.GITOPS_DESK_DELETION_TIMEOUT_SECONDS
    }
    page = ui.page
    await page.evaluate((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(text), appYaml)
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  const deleteInUi = async () => {
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    const dialog = page.getByRole('form', { name: 'Delete app' })
    await dialog.getByLabel('Confirm deletion').fill('db-gb')
    await dialog.getByRole('button', { name: 'Delete' }).click()
  }
  const banner = () => page.locator('.deletion-banner')
  const apps = () => page.evaluate(async () => (await (globalThis as unknown as { gitops: GitopsApi }).gitops.listApps()).map((a) => a.name))

  it('says why a deletion could not finish; Cancel keeps the app, Retry finishes it once the resource can go', async () => {
    await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.syncApp('db-gb'))
    await expect.poll(() => exists('service/guestbook-ui'), { timeout: 60_000 }).toBe(true)
    hold(true)
    await page.getByRole('button', { name: 'GitOps Desk' }).click()
    await page.locator('[data-app="db-gb"]').getByRole('button', { name: 'db-gb', exact: true }).click()
    await deleteInUi()
    await expect.poll(() => banner().textContent(), { timeout: 60_000, interval: 250 }).toMatch(/Deleting db-gb from ground-1 could not finish:.*still waiting for \/Service\/db-gb\/guestbook-ui/)
    expect(await page.getByRole('form', { name: 'Delete app' }).count()).toBe(0) // the banner takes over from the dialog
    expect(exists('deployment/guestbook-ui')).toBe(false)
    await banner().getByRole('button', { name: 'Cancel deletion' }).click()
    await expect.poll(() => banner().count(), { timeout: 30_000 }).toBe(0)
    expect(await apps()).toContain('db-gb')
    expect(await page.getByRole('region', { name: 'Application db-gb' }).count()).toBe(1)
    expect(exists('deployment/guestbook-ui')).toBe(false) // cancelling brought nothing back

    await deleteInUi()
    await expect.poll(() => banner().textContent(), { timeout: 60_000, interval: 250 }).toMatch(/could not finish/)
    hold(false)
    await banner().getByRole('button', { name: 'Retry deletion' }).click()
    await expect.poll(() => apps(), { timeout: 60_000 }).not.toContain('db-gb')
    await expect.poll(() => page.getByRole('region', { name: 'Application db-gb' }).count(), { timeout: 30_000 }).toBe(0)
    expect(exists('service/guestbook-ui')).toBe(false)
    expect(ui.problems).toEqual([])
  })
})
