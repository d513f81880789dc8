import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { artifactsDir, openUi, type OpenUi } from './browser'

// A new user's walk of the resource panel of an Argo CD app: it follows the live object (an edit and
// a scale with kubectl show without reopening), a deleted resource and a deleted app while it is
// open, and opening and reading writes nothing (no field manager of the desk on the object).
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const namespace = inject('argocdNamespace')
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['guestbook'])
const name = 'e2e-argo-follow'
const application = JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace }, spec: { project: 'default', source: { repoURL: repo.url, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: name }, syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] } } })

describe('the resource panel of an Argo CD app follows the live object, in Chromium', () => {
  let ui: OpenUi
  let page: Page

  beforeAll(async () => {
    kubectl.run(['apply', '-f', '-'], application)
    ui = await openUi('argocd-follow', kubeconfig, bin.binDir)
    page = ui.page
  })
  afterAll(async () => {
    kubectl('-n', namespace, 'delete', 'application', name, '--ignore-not-found', '--wait=false')
    kubectl('delete', 'namespace', name, '--ignore-not-found', '--wait=false')
    await ui?.close()
    repo.remove()
  })

  it('an annotate and a scale show in the open Live manifest; a deleted resource and a deleted app are said; nothing is written by reading', { timeout: 480_000 }, async () => {
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name, exact: true }) })
    await row.waitFor({ timeout: 60_000 })
    await expect.poll(() => row.getByTitle('Sync: Synced').count(), { timeout: 180_000, interval: 1000 }).toBe(1)
    await row.getByRole('button', { name, exact: true }).click()
    await page.getByRole('heading', { name, level: 1 }).waitFor({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Open Deployment guestbook-ui' }).click({ timeout: 60_000 })
    const panel = page.getByRole('dialog', { name: 'Deployment guestbook-ui' })
    await panel.getByRole('tab', { name: 'Live manifest' }).click({ timeout: 30_000 })
    const live = () => panel.getByRole('tabpanel').textContent()
    await expect.poll(live, { timeout: 30_000 }).toMatch(/kind:\s*Deployment/)

    kubectl('-n', name, 'annotate', 'deployment', 'guestbook-ui', 'trial/edited-by=kubectl')
    await expect.poll(live, { timeout: 30_000, interval: 250 }).toMatch(/trial\/edited-by:\s*kubectl/)
    kubectl('-n', name, 'scale', 'deployment', 'guestbook-ui', '--replicas=3')
    await expect.poll(live, { timeout: 30_000, interval: 250 }).toMatch(/spec:\s*replicas:\s*3/)

    // Switching between resources and tabs, back and forth.
    for (const tab of ['Summary', 'Events', 'Diff', 'Live manifest']) await panel.getByRole('tab', { name: tab }).click()
    const managers = JSON.parse(kubectl('-n', name, 'get', 'deployment', 'guestbook-ui', '-o', 'json')) as { metadata: { managedFields?: { manager: string }[] } }
    expect(managers.metadata.managedFields?.map((f) => f.manager) ?? []).not.toContain('gitops-desk')
    const app = JSON.parse(kubectl('-n', namespace, 'get', 'application', name, '-o', 'json')) as { metadata: { managedFields?: { manager: string }[]; annotations?: Record<string, string> } }
    expect(app.metadata.managedFields?.map((f) => f.manager) ?? []).not.toContain('gitops-desk')

    kubectl('-n', name, 'delete', 'deployment', 'guestbook-ui', '--wait=true')
    await expect.poll(live, { timeout: 30_000, interval: 250 }).not.toContain('trial/edited-by')
    await expect.poll(live, { timeout: 30_000, interval: 250 }).toContain('Not in the cluster (Missing).')

    kubectl('-n', namespace, 'delete', 'application', name, '--wait=true', '--timeout=120s')
    // The app deleted in Argo CD while its page is open: the page says so and offers no command (the list dropped it).
    await expect.poll(() => page.getByRole('alert').filter({ hasText: `${name} is no longer listed by Argo CD` }).count(), { timeout: 60_000, interval: 500 }).toBe(1)
    expect(await page.getByRole('group', { name: 'Commands' }).getByRole('button', { name: 'Sync' }).isVisible()).toBe(false)
    await page.screenshot({ path: join(artifactsDir, 'argocd-follow-app-deleted.png') })
    expect(ui.problems).toEqual([])
  })
})
