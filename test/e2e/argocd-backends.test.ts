import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
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
// 60 characters: longer than the list's name column and, in a narrow window, the page header.
const longName = 'e2e-argo-a-long-application-name-that-goes-on'.padEnd(60, '-x').replace(/-$/, 'x')
const names = ['e2e-argo', 'e2e-argo-later', 'e2e-argo-tools', 'e2e-export', longName]
const application = (name: string, more: Record<string, unknown> = {}) => JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace, annotations: { 'argocd.argoproj.io/refresh': 'hard' } }, spec: { project: 'default', source: { repoURL: repo.url, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: name }, ...more } })
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

type Box = { x: number; y: number; width: number; height: number }

describe('Argo CD apps in the app list, in Chromium', () => {
  let ui: OpenUi
  let page: Page

  beforeAll(async () => {
    kubectl.run(['apply', '-f', '-'], application('e2e-argo'))
    kubectl.run(['apply', '-f', '-'], application(longName))
    // Argo CD's controller deploys this one itself (auto-sync): its resources are live to look into.
    kubectl.run(['apply', '-f', '-'], application('e2e-argo-tools', { syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] } }))
    ui = await openUi('argocd-backends', kubeconfig, bin.binDir)
    page = ui.page
  })
  afterAll(async () => {
    for (const name of names) kubectl('-n', namespace, 'delete', 'application', name, '--ignore-not-found', '--wait=false')
    kubectl('delete', 'namespace', 'e2e-argo-tools', '--ignore-not-found', '--wait=false')
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

    // Never synced: its resources are only in Git (Argo CD: OutOfSync, health Missing). A cascading
    // delete deletes what is live, so its preview lists none of them and says they are skipped.
    await page.getByRole('group', { name: 'Commands' }).getByRole('button', { name: 'Delete' }).click()
    const dialog = page.getByRole('form', { name: 'Delete app' })
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Will delete 0 resources from ground-1')
    expect(await dialog.textContent()).toContain('Skipped: 2 resources in Git but not live (nothing to delete).')
    expect(await dialog.textContent()).not.toContain('guestbook-ui')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(ui.problems).toEqual([])
  })

  const seriousAxeViolations = async () => {
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
  }

  it("opens an Argo CD app's resource in the resource panel (live manifest, events, the diff rendered here) and runs Argo CD's restart action after asking", { timeout: 480_000 }, async () => {
    // Back to the list, still filtered to this Argo CD.
    await page.goBack()
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'e2e-argo-tools', exact: true }) })
    await row.waitFor({ timeout: 60_000 })
    // Argo CD's controller synced it (auto-sync): its Deployment is live.
    await expect.poll(() => row.getByTitle('Sync: Synced').count(), { timeout: 180_000, interval: 1000 }).toBe(1)
    await row.getByRole('button', { name: 'e2e-argo-tools', exact: true }).click()
    await page.getByRole('heading', { name: 'e2e-argo-tools', level: 1 }).waitFor({ timeout: 30_000 })

    await page.getByRole('button', { name: 'Open Deployment guestbook-ui' }).click({ timeout: 60_000 })
    const panel = page.getByRole('dialog', { name: 'Deployment guestbook-ui' })
    await panel.getByRole('tab', { name: 'Summary' }).waitFor({ timeout: 30_000 })
    expect(page.url()).toContain('resource=apps%2FDeployment%2Fe2e-argo-tools%2Fguestbook-ui')
    // Its health is Argo CD's verdict, said so (not a check run here).
    await expect.poll(() => panel.getByTestId('health-source').textContent(), { timeout: 30_000 }).toBe('from Argo CD')
    await expect.poll(() => panel.getByText('ground-1', { exact: true }).count(), { timeout: 30_000 }).toBeGreaterThan(0)
    // Reads only, and Argo CD's actions: no Edit live, Delete or Shell on an Argo CD app's resource.
    expect(await panel.getByRole('button', { name: 'Delete' }).count()).toBe(0)
    await panel.getByRole('tab', { name: 'Live manifest' }).click()
    await expect.poll(() => panel.getByRole('tabpanel').textContent(), { timeout: 30_000 }).toMatch(/kind:\s*Deployment/)
    expect(await panel.getByRole('button', { name: 'Edit live' }).count()).toBe(0)
    await panel.getByRole('tab', { name: 'Events' }).click()
    await panel.getByRole('tab', { name: 'Diff' }).click()
    // The target is rendered here from the same file:// repository: live and desired are compared.
    await panel.getByTestId('panel-diff').waitFor({ timeout: 60_000 })
    expect(await seriousAxeViolations()).toEqual([])
    await page.screenshot({ path: join(artifactsDir, 'argocd-resource-panel.png') })

    // Argo CD's restart action: listed, asked, then the live Deployment is patched.
    await panel.getByRole('button', { name: 'Actions' }).click()
    const actions = page.getByRole('dialog', { name: 'Actions of apps/Deployment/e2e-argo-tools/guestbook-ui' })
    await actions.getByRole('button', { name: 'restart', exact: true }).click({ timeout: 30_000 })
    const confirm = page.getByRole('alertdialog', { name: 'Run restart on apps/Deployment/e2e-argo-tools/guestbook-ui?' })
    await confirm.waitFor()
    expect(kubectl('-n', 'e2e-argo-tools', 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.template.metadata.annotations}')).not.toContain('restartedAt')
    expect(await seriousAxeViolations()).toEqual([])
    await confirm.getByRole('button', { name: 'Run restart' }).click()
    await expect.poll(() => kubectl('-n', 'e2e-argo-tools', 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.template.metadata.annotations}'), { timeout: 30_000 }).toContain('kubectl.kubernetes.io/restartedAt')
    await expect.poll(() => page.getByText(/^restart: .* in ground-1$/).count(), { timeout: 30_000 }).toBe(1)
    expect(ui.problems).toEqual([])
  })

  it("the Clusters page lists each cluster's Argo CD with its apps; a local app is exported to it only after its preview is confirmed", { timeout: 300_000 }, async () => {
    await page.goto(page.url().replace(/#.*$/, '') + '#/clusters')
    await page.getByRole('heading', { name: 'Clusters', level: 1 }).waitFor({ timeout: 30_000 })
    const instances = page.getByRole('list', { name: 'Argo CD instances on ground-1' })
    await expect.poll(() => instances.textContent(), { timeout: 60_000 }).toMatch(/argocd@ground-1 \d+ apps? in argocd/)
    // At least the three Applications this file made, counted from the list the watch keeps.
    expect(Number((await instances.textContent())!.match(/(\d+) apps? in argocd/)![1])).toBeGreaterThanOrEqual(3)
    expect(await seriousAxeViolations()).toEqual([])
    await instances.getByRole('button', { name: 'argocd@ground-1', exact: true }).click()
    await page.getByRole('button', { name: 'e2e-argo', exact: true }).waitFor({ timeout: 30_000 })
    expect(page.url()).toContain('instance=argocd%40ground-1')

    // A local app, exported from its page: the preview names the instance and shows the YAML; nothing is written before Export.
    const app = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: e2e-export\nspec:\n  project: default\n  source: {repoURL: '${repo.url}', path: guestbook}\n  destination: {server: 'https://kubernetes.default.svc', namespace: e2e-export}\n`
    await page.evaluate((t) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(t), app)
    await page.goto(page.url().replace(/#.*$/, '') + '#/apps/e2e-export')
    await page.getByRole('heading', { name: 'e2e-export', level: 1 }).waitFor({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Export to Argo CD' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Export e2e-export to Argo CD?' })
    await dialog.waitFor()
    await dialog.getByRole('radio', { name: /^argocd@ground-1 / }).click()
    await expect.poll(() => dialog.getByLabel('Application YAML to write').textContent(), { timeout: 30_000 }).toMatch(/kind: Application\n[\s\S]*namespace: argocd/)
    expect(await dialog.getByText(/Into namespace argocd of ground-1/).count()).toBe(1)
    expect(kubectl('-n', namespace, 'get', 'application', 'e2e-export', '--ignore-not-found', '-o', 'name').trim()).toBe('')
    expect(await seriousAxeViolations()).toEqual([])
    await page.screenshot({ path: join(artifactsDir, 'argocd-export.png') })
    await dialog.getByRole('button', { name: 'Export', exact: true }).click()
    await expect.poll(() => kubectl('-n', namespace, 'get', 'application', 'e2e-export', '--ignore-not-found', '-o', 'name').trim(), { timeout: 30_000 }).toBe('application.argoproj.io/e2e-export')
    expect(ui.problems).toEqual([])
  })

  it("Sync of an Argo CD app offers Argo CD's sync panel: prune and one resource chosen are what its controller runs", { timeout: 300_000 }, async () => {
    await page.goto(page.url().replace(/#.*$/, '') + '#/')
    await page.getByRole('button', { name: 'e2e-argo', exact: true }).click()
    await page.getByRole('heading', { name: 'e2e-argo', level: 1 }).waitFor({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Sync', exact: true }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Sync e2e-argo?' })
    await dialog.waitFor()
    // Every resource chosen at first, as Argo CD's panel: keep only the Service.
    const boxes = dialog.getByRole('group', { name: /^Resources/ }).getByRole('checkbox')
    await expect.poll(() => boxes.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2)
    for (const box of await boxes.all()) if (!(await box.evaluate((b) => b.parentElement?.textContent ?? '')).includes('/Service/')) await box.uncheck()
    await dialog.getByRole('checkbox', { name: 'Prune', exact: true }).check()
    expect(await seriousAxeViolations()).toEqual([])
    // Nothing written while the dialog is open.
    expect(kubectl('-n', namespace, 'get', 'application', 'e2e-argo', '-o', 'jsonpath={.status.operationState.phase}').trim()).toBe('')
    await dialog.getByRole('button', { name: 'Synchronize' }).click()
    const ran = () => JSON.parse(kubectl('-n', namespace, 'get', 'application', 'e2e-argo', '-o', 'jsonpath={.status.operationState.operation.sync}') || '{}') as { prune?: boolean; resources?: { kind: string; name: string }[] }
    await expect.poll(() => ran().resources?.map((r) => `${r.kind}/${r.name}`), { timeout: 60_000 }).toEqual(['Service/guestbook-ui'])
    expect(ran().prune).toBe(true)
    expect(ui.problems).toEqual([])
  })

  it('a 60-character name ends in an ellipsis (whole in its title) and the argocd@ marker stays visible beside it, in the list and the page header', { timeout: 120_000 }, async () => {
    expect(longName).toHaveLength(60)
    const box = async (l: Locator) => (await l.boundingBox())!
    const inside = (inner: Box, outer: Box) => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5
    const apart = (a: Box, b: Box) => a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5
    const truncated = (l: Locator) => l.evaluate((e) => e.scrollWidth > e.clientWidth)

    await page.goto(page.url().replace(/#.*$/, '') + '#/')
    const name = page.getByRole('button', { name: longName, exact: true })
    await name.waitFor({ timeout: 60_000 })
    const cell = page.getByRole('cell').filter({ has: name })
    const marker = cell.getByText('argocd@ground-1', { exact: true })
    expect(await marker.isVisible()).toBe(true)
    expect(await name.getAttribute('title')).toContain(longName)
    expect(await truncated(name)).toBe(true)
    expect(inside(await box(marker), await box(cell))).toBe(true)
    expect(apart(await box(marker), await box(name))).toBe(true)

    await page.setViewportSize({ width: 800, height: 900 })
    try {
      await name.click()
      const heading = page.getByRole('heading', { name: longName, level: 1 })
      await heading.waitFor({ timeout: 30_000 })
      const headerMarker = page.locator('.app-header').getByText('argocd@ground-1', { exact: true })
      expect(await headerMarker.isVisible()).toBe(true)
      expect(await heading.getAttribute('title')).toContain(longName)
      expect(await truncated(heading)).toBe(true)
      const [h, m] = [await box(heading), await box(headerMarker)]
      expect(apart(h, m)).toBe(true)
      expect(m.x + m.width).toBeLessThanOrEqual(800)
      expect(m.y + m.height / 2).toBeGreaterThan(h.y) // on the name's line, not wrapped below it
      expect(m.y + m.height / 2).toBeLessThan(h.y + h.height)
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 })
    }
    expect(ui.problems).toEqual([])
  })
})
