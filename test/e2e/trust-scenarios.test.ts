import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { openUi, type OpenUi } from './browser'
import { kubectl } from '../support/kubectl'

// Issue 29's reproduced scenarios, done with the UI's own clicks: deleting an app with auto-sync,
// switching the active cluster under an in-cluster app with auto-sync, and auto-sync on a
// protected context. Each checks the clusters with kubectl: nothing changes that was not asked for.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const exists = (context: string, namespace: string, what: string) => kubectl(context, '-n', namespace, 'get', what, '--ignore-not-found', '-o', 'name').trim() !== ''
const repo = FixtureRepo.create(['guestbook'])
const appYaml = (name: string, destination: string, extra = '') =>
  ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${name}${extra}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, `  destination: {${destination}, namespace: ${name}}`, '  syncPolicy: {automated: {prune: true, selfHeal: true}, syncOptions: [CreateNamespace=true]}'].join('\n')

describe('trust scenarios in the UI (issue 29)', () => {
  let ui: OpenUi
  let page: Page
  /** Calls the page's API (window.gitops), as the console would. */
  const gitops = <T, A extends string | boolean | null = string>(call: (arg: A) => Promise<T>, arg: A): Promise<T> => page.evaluate(call as (arg: unknown) => Promise<T>, arg)
  const historyLength = (name: string) => gitops(async (n) => (await (globalThis as unknown as { gitops: GitopsApi }).gitops.getApp(n)).history.length, name)
  const open = async (name: string) => {
    await page.getByRole('button', { name: 'GitOps Desk' }).click()
    await page.locator(`[data-app="${name}"]`).getByRole('button', { name, exact: true }).click()
    await page.getByRole('region', { name: `Application ${name}` }).waitFor()
  }
  const conditions = () => page.getByRole('list', { name: 'Conditions' }).textContent({ timeout: 1000 }).then((t) => t ?? '', () => '')
  const switchCluster = async (context: string) => {
    await page.getByRole('button', { name: /^Cluster:/ }).click()
    await page.locator(`.palette [role="option"][data-context="${context}"]`).click()
    await expect.poll(() => page.getByRole('button', { name: /^Cluster:/ }).getAttribute('aria-label')).toMatch(new RegExp(`^Cluster: ${context}(?![\\w-])`))
  }

  beforeAll(async () => {
    process.env.GITOPS_DESK_DELETION_TIMEOUT_SECONDS = '5'
    try {
      ui = await openUi('trust', kubeconfig, bin.binDir)
    } finally {
      delete process.env.GITOPS_DESK_DELETION_TIMEOUT_SECONDS
    }
    page = ui.page
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('deleting an app with auto-sync never brings its resources back, and a stuck deletion says why', { timeout: 240_000 }, async () => {
    const name = 'trust-del'
    await gitops((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(text).then(() => undefined), appYaml(name, 'name: ground-1', ', finalizers: [resources-finalizer.argocd.argoproj.io]'))
    await expect.poll(() => exists('ground-1', name, 'service/guestbook-ui'), { timeout: 90_000, interval: 500 }).toBe(true) // auto-sync deployed it
    await expect.poll(() => historyLength(name), { timeout: 30_000 }).toBe(1)
    // The Service is held by a finalizer: the deletion cannot finish, which gives auto-sync every chance to act.
    kubectl('ground-1', '-n', name, 'patch', 'service', 'guestbook-ui', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}')
    await open(name)
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    const dialog = page.getByRole('form', { name: 'Delete app' })
    await dialog.getByRole('radio', { name: /^Foreground/ }).check()
    await dialog.getByLabel('Confirm deletion').fill(name)
    await dialog.getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => page.locator('.deletion-banner').textContent(), { timeout: 90_000, interval: 250 }).toMatch(/could not finish/)
    // A compare and a self-heal chance later, the Deployment is still gone and no operation ran.
    await gitops((n) => (globalThis as unknown as { gitops: GitopsApi }).gitops.refreshApp(n).then(() => undefined, () => undefined), name)
    expect(exists('ground-1', name, 'deployment/guestbook-ui')).toBe(false)
    expect(await historyLength(name)).toBe(1)
    // A sync asked for while the deletion stands is refused with the reason.
    const refused = await gitops((n) => (globalThis as unknown as { gitops: GitopsApi }).gitops.syncApp(n).then(() => 'started', (e: unknown) => (e as { message?: string }).message ?? JSON.stringify(e)), name)
    expect(refused).toMatch(/delet/i)
    kubectl('ground-1', '-n', name, 'patch', 'service', 'guestbook-ui', '--type=merge', '-p', '{"metadata":{"finalizers":null}}')
    await page.locator('.deletion-banner').getByRole('button', { name: 'Retry deletion' }).click()
    await expect.poll(() => gitops(async () => (await (globalThis as unknown as { gitops: GitopsApi }).gitops.listApps()).map((a) => a.name), null), { timeout: 60_000 }).not.toContain(name)
    expect(exists('ground-1', name, 'deployment/guestbook-ui')).toBe(false)
  })

  it('switching the active cluster never deploys an in-cluster app there; the app says where its auto-sync acts', { timeout: 240_000 }, async () => {
    const name = 'trust-pin'
    await gitops((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(text).then(() => undefined), appYaml(name, 'server: "https://kubernetes.default.svc"'))
    await expect.poll(() => exists('ground-1', name, 'deployment/guestbook-ui'), { timeout: 90_000, interval: 500 }).toBe(true)
    await expect.poll(() => historyLength(name), { timeout: 30_000 }).toBe(1)
    await open(name)
    try {
      await switchCluster('ground-2')
      await expect.poll(conditions, { timeout: 60_000, interval: 250 }).toMatch(`AutoSyncWarning: auto-sync acts on context ground-1, where ${name} was last synced; sync manually to use ground-2`)
      await gitops((n) => (globalThis as unknown as { gitops: GitopsApi }).gitops.refreshApp(n).then(() => undefined), name)
      expect(exists('ground-2', name, 'deployment/guestbook-ui')).toBe(false)
      expect(await historyLength(name)).toBe(1)
    } finally {
      await switchCluster('ground-1')
    }
    await gitops((n) => (globalThis as unknown as { gitops: GitopsApi }).gitops.deleteApp(n, { cascade: 'foreground', consent: { resources: true } }).then(() => undefined), name)
  })

  it('auto-sync on a protected context says why at once, and goes ahead when the protection is removed', { timeout: 240_000 }, async () => {
    const name = 'trust-protected'
    await gitops((on) => (globalThis as unknown as { gitops: GitopsApi }).gitops.protectCluster('ground-1', on).then(() => undefined), true)
    try {
      await gitops((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(text).then(() => undefined), appYaml(name, 'name: ground-1'))
      await open(name)
      await expect.poll(conditions, { timeout: 60_000, interval: 250 }).toMatch(/SyncError: auto-sync refused: ground-1 is a protected context/)
      expect(exists('ground-1', name, 'deployment/guestbook-ui')).toBe(false)
      expect(await historyLength(name)).toBe(0)
    } finally {
      await gitops((on) => (globalThis as unknown as { gitops: GitopsApi }).gitops.protectCluster('ground-1', on).then(() => undefined), false)
    }
    // No refresh asked for: removing the protection is enough, and the page follows.
    await expect.poll(() => exists('ground-1', name, 'deployment/guestbook-ui'), { timeout: 90_000, interval: 500 }).toBe(true)
    await expect.poll(conditions, { timeout: 60_000, interval: 250 }).not.toMatch(/SyncError/)
    await expect.poll(() => historyLength(name), { timeout: 30_000 }).toBe(1)
    await gitops((n) => (globalThis as unknown as { gitops: GitopsApi }).gitops.deleteApp(n, { cascade: 'foreground', consent: { resources: true } }).then(() => undefined), name)
    expect(ui.problems).toEqual([])
  })
})
