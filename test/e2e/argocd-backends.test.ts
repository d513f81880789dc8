import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Issue 36, shown: an app of the ground's Argo CD in the app list beside the local ones, marked
// with its instance (argocd@ground-1), filterable by it, and its page saying its status is Argo CD's.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const namespace = inject('argocdNamespace')
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['guestbook'])
const names = ['e2e-argo', 'e2e-argo-later']
const application = (name: string) => JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace, annotations: { 'argocd.argoproj.io/refresh': 'hard' } }, spec: { project: 'default', source: { repoURL: repo.url, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: name } } })

describe('Argo CD apps in the app list, in Chromium', () => {
  let ui: OpenUi
  let page: Page

  beforeAll(async () => {
    kubectl.run(['apply', '-f', '-'], application('e2e-argo'))
    ui = await openUi('argocd-backends', kubeconfig, bin.binDir)
    page = ui.page
  })
  afterAll(async () => {
    for (const name of names) kubectl('-n', namespace, 'delete', 'application', name, '--ignore-not-found', '--wait=false')
    await ui?.close()
    repo.remove()
  })

  it('lists the Argo CD app marked argocd@ground-1 with its status from Argo CD, filters by instance, and opens its page', async () => {
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'e2e-argo', exact: true }) })
    await row.waitFor({ timeout: 60_000 })
    await expect.poll(() => row.getByText('argocd@ground-1', { exact: true }).isVisible(), { timeout: 30_000 }).toBe(true)
    expect(await row.getByTitle('In Argo CD argocd@ground-1: status from Argo CD').count()).toBe(1)
    // Argo CD compares it (OutOfSync: nothing is deployed), and the row shows Argo CD's verdict.
    await expect.poll(() => row.getByTitle('Sync: OutOfSync').count(), { timeout: 120_000, interval: 500 }).toBe(1)

    // An Application created now appears without a reload: the watch on Argo CD's Applications brings it.
    kubectl.run(['apply', '-f', '-'], application('e2e-argo-later'))
    await page.getByRole('button', { name: 'e2e-argo-later', exact: true }).waitFor({ timeout: 30_000 })

    // Filtered by instance: the desk's own apps only, then this Argo CD's.
    await page.getByLabel('Filter by instance').selectOption('local')
    await expect.poll(() => page.getByRole('button', { name: 'e2e-argo', exact: true }).count(), { timeout: 10_000 }).toBe(0)
    await page.getByLabel('Filter by instance').selectOption('argocd@ground-1')
    await page.getByRole('button', { name: 'e2e-argo', exact: true }).waitFor({ timeout: 10_000 })
    expect(page.url()).toContain('instance=argocd%40ground-1')
    await page.screenshot({ path: join(artifactsDir, 'argocd-apps.png') })

    await page.getByRole('button', { name: 'e2e-argo', exact: true }).click()
    await page.getByRole('heading', { name: 'e2e-argo', level: 1 }).waitFor({ timeout: 30_000 })
    expect(await page.getByText(/^Status from Argo CD: read from the Application in argocd of ground-1/).isVisible()).toBe(true)
    await page.getByRole('heading', { name: 'History', level: 2 }).waitFor()
    expect(ui.problems).toEqual([])
  })
})
