import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { artifactsDir, openUi, type OpenUi } from './browser'

// The resource panel's Diff tab is the same Monaco diff as the diff page: live on the left, Git on
// the right, unchanged regions collapsed, sized to the panel. A resource with nothing in Git says so.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['guestbook'])
const app = 'pd-gb'
const deployment = `apps/Deployment/${app}/guestbook-ui`
const appYaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${app}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {name: ground-1, namespace: ${app}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')

describe("the resource panel's Diff tab", () => {
  let ui: OpenUi
  let page: Page
  const gitops = <T,>(call: (api: GitopsApi) => Promise<T>) => page.evaluate(`(${call.toString()})(globalThis.gitops)`) as Promise<T>

  beforeAll(async () => {
    ui = await openUi('panel-diff', kubeconfig, bin.binDir)
    page = ui.page
    await page.evaluate((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(text), appYaml)
    await page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.syncApp(name), app)
    // The sync's end: its History entry (a condition, checked every half second).
    await vi.waitFor(
      async () => {
        const history = await page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.appHistory(name), app)
        if (history.length !== 1) throw new Error(`${app} not synced yet`)
      },
      { timeout: 120_000, interval: 500 },
    )
    // A change made in the cluster, not in Git: the diff has one hunk in a long manifest.
    kubectl('-n', app, 'scale', 'deployment', 'guestbook-ui', '--replicas=3')
  }, 240_000)
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  const panel = () => page.getByRole('dialog', { name: 'Deployment guestbook-ui' })

  it('shows live against desired side by side in Monaco, unchanged lines collapsed, within the panel', { timeout: 180_000 }, async () => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${page.url().replace(/#.*$/, '')}#/apps/${app}?resource=${encodeURIComponent(deployment)}&tab=diff`)
    const diff = panel().getByTestId('panel-diff')
    const editor = diff.locator('.monaco-diff-editor')
    await editor.waitFor({ timeout: 60_000 })
    // Both sides, as on the diff page: live (scaled to 3) on the left, Git's 1 on the right.
    await expect.poll(() => diff.locator('.editor.original .view-lines').textContent(), { timeout: 30_000 }).toMatch(/replicas:\s*3/)
    await expect.poll(() => diff.locator('.editor.modified .view-lines').textContent()).toMatch(/replicas:\s*1/)
    expect(await diff.getByRole('textbox', { name: `Live: ${deployment} in the cluster` }).count()).toBe(1)
    // Side by side although the panel is narrower than Monaco's own inline breakpoint: two editors, each a real width.
    const [left, right] = await Promise.all([diff.locator('.editor.original').boundingBox(), diff.locator('.editor.modified').boundingBox()])
    expect(left!.width).toBeGreaterThan(250)
    expect(right!.width).toBeGreaterThan(250)
    expect(right!.x).toBeGreaterThan(left!.x + 200)
    // Collapse unchanged is on: the lines around the change are folded into Monaco's hidden-lines bars.
    expect(await diff.getByRole('checkbox', { name: 'Collapse unchanged' }).isChecked()).toBe(true)
    await expect.poll(() => diff.locator('.diff-hidden-lines').count()).toBeGreaterThan(0)
    // Sized to the panel: it fills the panel's width and stays inside it.
    const [inner, outer] = await Promise.all([editor.boundingBox(), panel().boundingBox()])
    expect(inner!.height).toBeGreaterThanOrEqual(300)
    expect(inner!.x).toBeGreaterThanOrEqual(outer!.x)
    expect(inner!.x + inner!.width).toBeLessThanOrEqual(outer!.x + outer!.width)
    expect(inner!.y + inner!.height).toBeLessThanOrEqual(outer!.y + outer!.height)
    expect(inner!.width).toBeGreaterThan(outer!.width * 0.8)
    await page.screenshot({ path: join(artifactsDir, 'panel-diff.png') })

    // Collapse off: every line is shown.
    await diff.getByRole('checkbox', { name: 'Collapse unchanged' }).click()
    await expect.poll(() => diff.locator('.diff-hidden-lines').count()).toBe(0)
    await diff.locator('.monaco-diff-editor').waitFor()
    // "Open in the diff view" goes to the diff page on this resource.
    await diff.getByRole('button', { name: 'Open in the diff view' }).click()
    await expect.poll(() => page.url()).toContain(`#/diff/${app}/${encodeURIComponent(deployment)}`)
    expect(ui.problems).toEqual([])
  })

  it('a resource with no desired state says so: an owned ReplicaSet, and an extra Service', { timeout: 180_000 }, async () => {
    const base = page.url().replace(/#.*$/, '')
    const rs = JSON.parse(kubectl('-n', app, 'get', 'replicaset', '-o', 'json')) as { items: { metadata: { name: string } }[] }
    const replicaSet = rs.items[0]!.metadata.name
    await page.goto(`${base}#/apps/${app}?resource=${encodeURIComponent(`apps/ReplicaSet/${app}/${replicaSet}`)}&tab=diff`)
    const owned = page.getByRole('dialog', { name: `ReplicaSet ${replicaSet}` })
    await expect.poll(() => owned.getByTestId('panel-diff-none').textContent(), { timeout: 60_000 }).toMatch(/No desired state: owned by Deployment guestbook-ui/)
    expect(await owned.locator('.monaco-diff-editor').count()).toBe(0)

    kubectl.run(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'stray', namespace: app, annotations: { 'argocd.argoproj.io/tracking-id': `${app}:/Service:${app}/stray` } }, spec: { ports: [{ port: 80 }], selector: { app: 'stray' } } }))
    await expect.poll(() => gitops((api) => api.refreshApp('pd-gb')).then((status) => status?.resources.some((r) => r.key === '/Service/pd-gb/stray')), { timeout: 60_000, interval: 500 }).toBe(true)
    await page.goto(`${base}#/apps/${app}?resource=${encodeURIComponent(`/Service/${app}/stray`)}&tab=diff`)
    const extra = page.getByRole('dialog', { name: 'Service stray' })
    await expect.poll(() => extra.getByTestId('panel-diff-none').textContent(), { timeout: 60_000 }).toMatch(/Not in Git \(an extra resource\)/)
    await extra.locator('.monaco-diff-editor').waitFor({ timeout: 30_000 })
    await expect.poll(() => extra.locator('.editor.original .view-lines').textContent()).toMatch(/stray/)
    expect(ui.problems).toEqual([])
  })
})
