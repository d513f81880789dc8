import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DeskEvent, GitopsApi, MenuAction } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { artifactsDir, openUi, type OpenUi, type RunningHarness } from './browser'
import { kubectlOn } from '../support/kubectl'

// Commands are calls on the app on screen, never state replayed on a later mount; syncs are
// operations whose progress the details view shows live; each consent is asked on its own.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const exists = (namespace: string, what: string) => kubectl('-n', namespace, 'get', what, '--ignore-not-found', '-o', 'name').trim() !== ''
const repo = FixtureRepo.create(['guestbook', 'helm-guestbook', 'kustomize-guestbook'])
const appYaml = (name: string, path: string, namespace: string) =>
  ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${name}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: ${path}}`, `  destination: {name: ground-1, namespace: ${namespace}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')

/** A Deployment that can never become healthy (no node matches it), with a later wave behind it. */
function slowApp(): void {
  mkdirSync(join(repo.dir, 'slow'), { recursive: true })
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'stuck', annotations: { 'argocd.argoproj.io/sync-wave': '0' } }, spec: { replicas: 1, selector: { matchLabels: { app: 'stuck' } }, template: { metadata: { labels: { app: 'stuck' } }, spec: { nodeSelector: { 'gitops-desk.test/never': 'true' }, containers: [{ name: 'c', image: 'busybox' }] } } } }
  const later = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later', annotations: { 'argocd.argoproj.io/sync-wave': '1' } }, data: { a: '1' } }
  writeFileSync(join(repo.dir, 'slow', 'all.yaml'), `${JSON.stringify(deployment)}\n---\n${JSON.stringify(later)}\n`)
  repo.commit('a slow app')
}

describe('commands in the UI', () => {
  let ui: OpenUi
  let harness: RunningHarness
  let page: Page
  let problems: string[] = []

  beforeAll(async () => {
    slowApp()
    ui = await openUi('cmd', kubeconfig, bin.binDir)
    ;({ harness, page, problems } = ui)
    for (const [name, path] of [['cmd-gb', 'guestbook'], ['cmd-helm', 'helm-guestbook'], ['cmd-kust', 'kustomize-guestbook'], ['cmd-slow', 'slow']] as const) {
      await page.evaluate((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(text), appYaml(name, path, name))
    }
    // Every sync and refresh the page asks for, in order: a command acts once, on the app on screen.
    await page.evaluate(() => {
      const w = globalThis as unknown as { gitops: GitopsApi; calls: string[]; desk: DeskEvent[] }
      w.calls = []
      w.desk = []
      w.gitops.onEvents((events) => w.desk.push(...events))
      const api = w.gitops as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
      for (const method of ['syncApp', 'refreshApp', 'rollbackApp', 'terminateOperation']) {
        const inner = api[method]!
        api[method] = (...args: unknown[]) => (w.calls.push(`${method} ${String(args[0])}${(args[1] as { hard?: boolean } | undefined)?.hard ? ' hard' : ''}`), inner(...args))
      }
    })
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  const history = (app: string) => page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.appHistory(name), app)
  const operation = (app: string) => page.evaluate((name) => (globalThis as unknown as { gitops: GitopsApi }).gitops.getOperation(name), app)
  const protect = (context: string, on: boolean) => page.evaluate(([name, value]) => (globalThis as unknown as { gitops: GitopsApi }).gitops.protectCluster(name, value), [context, on] as const)
  const calls = () => page.evaluate(() => [...(globalThis as unknown as { calls: string[] }).calls])
  const deskEvents = () => page.evaluate(() => [...(globalThis as unknown as { desk: DeskEvent[] }).desk])
  const menu = async (action: MenuAction, app?: string) => {
    const url = new URL(harness.url)
    const pressed = (await deskEvents()).filter((e) => e.type === 'menu').length
    const response = await fetch(`${url.origin}/menu?token=${url.searchParams.get('token')}`, { method: 'POST', body: JSON.stringify({ action, ...(app ? { app } : {}) }) })
    expect(response.status).toBe(204)
    // The page has it (as a window has a menu click) before the test moves on.
    await expect.poll(async () => (await deskEvents()).filter((e) => e.type === 'menu').length).toBe(pressed + 1)
  }
  const open = async (name: string) => {
    await page.getByRole('button', { name: 'GitOps Desk' }).click()
    await page.locator(`[data-app="${name}"]`).getByRole('button', { name, exact: true }).click()
    await expect.poll(() => page.getByRole('region', { name: `Application ${name}` }).locator('.details-head').textContent(), { timeout: 30_000 }).toMatch(/Synced|OutOfSync/)
  }
  const head = (name: string) => page.getByRole('region', { name: `Application ${name}` }).locator('.details-head')
  /** Lets a replayed command (the bug) show itself before we look. */
  const settle = () => page.waitForTimeout(2500)
  const press = async (key: string) => {
    await page.evaluate('document.activeElement && document.activeElement.blur()') // keys go to the page, not a field
    await page.keyboard.press(key)
  }
  /** The result of the next operation shown for an app (not the one on screen before). */
  const nextResult = async (app: string, pattern: RegExp, act: () => Promise<void>) => {
    const result = page.getByRole('region', { name: `Application ${app}` }).getByRole('status', { name: 'Sync result' })
    const before = (await result.count()) ? await result.getAttribute('data-operation') : null
    await act()
    await expect.poll(async () => ((await result.count()) && (await result.getAttribute('data-operation')) !== before ? await result.textContent() : ''), { timeout: 90_000, interval: 250 }).toMatch(pattern)
    return result
  }

  it('syncing one app with `s` and then opening another syncs nothing else', async () => {
    await open('cmd-gb')
    await press('s')
    await expect.poll(() => head('cmd-gb').textContent(), { timeout: 90_000, interval: 500 }).toMatch(/Synced.*Healthy/)
    await press('Escape')
    await open('cmd-helm')
    await settle()
    expect(await calls()).toEqual(['syncApp cmd-gb'])
    expect(await history('cmd-helm')).toEqual([])
    expect(await operation('cmd-helm')).toBeNull()
    expect(kubectl('get', 'namespace', 'cmd-helm', '--ignore-not-found', '-o', 'name').trim()).toBe('')
    expect(await page.getByText('No sync yet.').isVisible()).toBe(true)
    expect(await head('cmd-helm').textContent()).toMatch(/OutOfSync.*Missing/)
  })

  it('every shortcut and menu action acts once, on the app on screen, and never after a navigation', async () => {
    const before = (await calls()).length
    const since = async () => (await calls()).slice(before)
    await open('cmd-kust')
    await press('r')
    await expect.poll(since).toEqual(['refreshApp cmd-kust'])
    await menu('refresh')
    await menu('hard-refresh')
    await expect.poll(since).toEqual(['refreshApp cmd-kust', 'refreshApp cmd-kust', 'refreshApp cmd-kust hard'])

    // The diff page, settings, the list and the editor have no app on screen: s, r and the menu's sync do nothing there.
    await press('d')
    await expect.poll(() => page.url()).toContain('#/diff/cmd-kust')
    await press('s')
    await press('r')
    await menu('sync')
    await page.getByRole('button', { name: 'Settings' }).click()
    await press('s')
    await menu('sync')
    await menu('refresh')
    await press('Escape')
    await expect.poll(() => page.url()).toMatch(/#\/$/)
    await press('s')
    await menu('sync')
    await press('n')
    await expect.poll(() => page.url()).toContain('#/new')
    await menu('sync')
    await press('Escape')
    // Back through every page to the app: nothing is replayed on any mount.
    for (let i = 0; i < 8 && !page.url().includes('#/apps/cmd-kust'); i++) await page.goBack()
    expect(page.url()).toContain('#/apps/cmd-kust')
    await settle()
    expect(await since()).toEqual(['refreshApp cmd-kust', 'refreshApp cmd-kust', 'refreshApp cmd-kust hard'])

    // open-app navigates; then the menu's sync acts on that app, once.
    await menu('open-app', 'cmd-helm')
    await expect.poll(() => head('cmd-helm').textContent(), { timeout: 30_000 }).toMatch(/OutOfSync/)
    await settle()
    expect((await since()).filter((c) => c.startsWith('syncApp'))).toEqual([])
    await menu('sync')
    await expect.poll(() => head('cmd-helm').textContent(), { timeout: 90_000, interval: 500 }).toMatch(/Synced/)
    await press('Escape')
    await open('cmd-kust')
    await settle()
    expect((await since()).filter((c) => c.startsWith('syncApp'))).toEqual(['syncApp cmd-helm'])
    expect(kubectl('get', 'namespace', 'cmd-kust', '--ignore-not-found', '-o', 'name').trim()).toBe('')

    // Focus shortcuts and their menu items.
    const focused = () => page.evaluate("document.activeElement && (document.activeElement.getAttribute('aria-label') || document.activeElement.tagName)")
    // k opens the command palette (the cluster switcher) on its search; Esc closes it.
    await press('k')
    await expect.poll(focused).toBe('Search contexts and apps')
    await page.keyboard.press('Escape')
    await page.locator('.palette').waitFor({ state: 'detached' })
    await page.keyboard.press('/')
    expect(await focused()).toBe('Search applications')
    await menu('switch-cluster')
    await expect.poll(focused).toBe('Search contexts and apps')
    await page.keyboard.press('Escape')
    await page.locator('.palette').waitFor({ state: 'detached' })
    await menu('find')
    await expect.poll(focused).toBe('Search applications')
    await menu('new-app')
    await expect.poll(() => page.url()).toContain('#/new')
    await page.getByRole('button', { name: 'Cancel' }).click()
    expect(problems).toEqual([])
  })

  it('a sync returns at once: the details view shows its progress live, and Terminate stops it', async () => {
    await open('cmd-slow')
    const result = await nextResult('cmd-slow', /Sync Running.*wave 0: waiting for healthy state/, () => page.getByRole('button', { name: 'Sync', exact: true }).click())
    const row = page.locator('[data-key="apps/Deployment/cmd-slow/stuck"]')
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('Synced') // its result, while the operation runs
    await page.screenshot({ path: join(artifactsDir, 'sync-progress.png') })
    // Terminate asks first, as Argo CD does; Esc and Cancel leave the operation running.
    const terminate = page.getByRole('toolbar', { name: 'App commands' }).getByRole('button', { name: 'Terminate' })
    const question = page.getByRole('alertdialog', { name: 'Terminate the operation of cmd-slow' })
    await terminate.click()
    await expect.poll(() => question.textContent()).toContain('Are you sure you want to terminate the operation?')
    await page.keyboard.press('Escape')
    await expect.poll(() => question.count()).toBe(0)
    await terminate.click()
    await question.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => question.count()).toBe(0)
    expect((await calls()).filter((c) => c.includes('cmd-slow'))).toEqual(['syncApp cmd-slow'])
    expect(await result.textContent()).toMatch(/Sync Running/)
    await terminate.click()
    await question.getByRole('button', { name: 'Terminate' }).click()
    await expect.poll(() => result.textContent(), { timeout: 30_000, interval: 250 }).toMatch(/Sync Failed.*operation terminated/)
    expect(exists('cmd-slow', 'configmap/later')).toBe(false) // the next wave never ran
    expect((await calls()).filter((c) => c.includes('cmd-slow'))).toEqual(['syncApp cmd-slow', 'terminateOperation cmd-slow'])
    expect(await page.getByRole('button', { name: 'Sync', exact: true }).isDisabled()).toBe(false)
  })

  it('a rollback shows the same progress and sends a notification', async () => {
    writeFileSync(join(repo.dir, 'guestbook', 'extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: second}\ndata: {a: "1"}\n')
    repo.commit('second revision')
    await open('cmd-gb')
    await page.getByRole('button', { name: 'Refresh', exact: true }).click()
    await nextResult('cmd-gb', /Sync Succeeded/, () => page.getByRole('button', { name: 'Sync', exact: true }).click())
    await expect.poll(() => page.getByRole('table', { name: 'History' }).locator('tbody tr').count(), { timeout: 10_000 }).toBe(2)
    // The entry deployed now offers no rollback; rolling back to another asks first, naming its revision.
    const entries = await history('cmd-gb')
    const rows = page.getByRole('table', { name: 'History' }).locator('tbody tr')
    expect(await rows.first().textContent()).toMatch(/deployed/)
    expect(await rows.first().getByRole('button', { name: /Rollback/ }).count()).toBe(0)
    const before = (await calls()).length
    await page.getByRole('button', { name: 'Rollback to 1' }).click()
    const ask = page.getByRole('alertdialog', { name: 'Roll back to 1?' })
    const revision = entries[0]!.revisions[0]!.slice(0, 7)
    expect(await ask.textContent()).toContain(revision)
    expect((await calls()).slice(before)).toEqual([]) // asked, not started
    await page.keyboard.press('Escape') // Esc closes the question, nothing else
    await ask.waitFor({ state: 'detached' })
    expect((await calls()).slice(before)).toEqual([])
    expect((await history('cmd-gb')).length).toBe(2)
    await page.getByRole('button', { name: 'Rollback to 1' }).click()
    await nextResult('cmd-gb', /Rollback to #1 Succeeded/, () => ask.getByRole('button', { name: `Roll back to ${revision}` }).click())
    expect((await calls()).slice(before)).toEqual(['rollbackApp cmd-gb'])
    const seen = await deskEvents()
    // Operation events of one app are coalesced per batch, so a quick one may arrive only as its end.
    expect(seen.some((e) => e.type === 'operation' && e.app === 'cmd-gb' && e.operation.kind === 'rollback' && e.operation.rollbackTo === 1)).toBe(true)
    await expect.poll(async () => (await deskEvents()).some((e) => e.type === 'notification' && e.notification.title === 'cmd-gb rolled back'), { timeout: 10_000 }).toBe(true)
    await page.screenshot({ path: join(artifactsDir, 'rollback.png') })
  })

  it('on a protected context, typing its name does not confirm Prune=confirm resources or pruning everything: each is asked on its own', async () => {
    // The Service carries Prune=confirm, then leaves Git: an extra that needs its own consent.
    const svc = join(repo.dir, 'guestbook', 'guestbook-ui-svc.yaml')
    execFileSync('sh', ['-c', `sed -i 's/^metadata:$/metadata:\\n  annotations: {argocd.argoproj.io\\/sync-options: Prune=confirm}/' '${svc}'`])
    repo.commit('the service needs a confirmation to be pruned')
    await open('cmd-gb')
    await page.getByRole('button', { name: 'Refresh', exact: true }).click()
    await nextResult('cmd-gb', /Sync Succeeded/, () => page.getByRole('button', { name: 'Sync', exact: true }).click())
    rmSync(svc)
    repo.commit('drop the service')
    await protect('ground-1', true)
    await page.reload()
    await page.getByRole('button', { name: 'Refresh', exact: true }).click()
    const tree = page.getByRole('tree', { name: 'Resources' })
    await expect.poll(() => tree.textContent(), { timeout: 30_000 }).toMatch(/Service.*Extra/)

    // Typed name only: the Service stays.
    await page.getByRole('button', { name: 'Sync options' }).click()
    await page.getByLabel(/Prune \(/).check()
    await page.getByLabel('Confirm context name').fill('ground-1')
    await nextResult('cmd-gb', /Sync Succeeded/, () => page.getByRole('button', { name: 'Synchronize' }).click())
    expect(await page.locator('[data-key="/Service/cmd-gb/guestbook-ui"]').textContent()).toMatch(/PruneSkipped/)
    expect(exists('cmd-gb', 'service/guestbook-ui')).toBe(true)

    // Its own consent: now it goes.
    await page.getByRole('button', { name: 'Sync options' }).click()
    await page.getByLabel(/Prune \(/).check()
    await page.getByLabel(/Also delete 1 resource marked Prune=confirm/).check()
    await page.getByLabel('Confirm context name').fill('ground-1')
    await page.getByRole('button', { name: 'Synchronize' }).click()
    await expect.poll(() => exists('cmd-gb', 'service/guestbook-ui'), { timeout: 60_000 }).toBe(false)

    // Git empties the app: pruning everything needs its own confirmation besides the typed name.
    for (const file of ['guestbook-ui-deployment.yaml', 'extra.yaml']) rmSync(join(repo.dir, 'guestbook', file))
    writeFileSync(join(repo.dir, 'guestbook', '.keep'), '')
    repo.commit('nothing left')
    await page.getByRole('button', { name: 'Refresh', exact: true }).click()
    await expect.poll(() => tree.textContent(), { timeout: 30_000 }).toMatch(/Deployment.*Extra/)
    await page.getByRole('button', { name: 'Sync options' }).click()
    await page.getByLabel(/Prune \(/).check()
    await page.getByLabel('Confirm context name').fill('ground-1')
    // The panel follows the app's status: once it knows Git has nothing left, it asks for that consent.
    const pruneAll = page.getByLabel(/prune all 2 of them/)
    await pruneAll.waitFor({ timeout: 30_000 })
    const go = page.getByRole('button', { name: 'Synchronize' })
    expect(await go.isDisabled()).toBe(true)
    await pruneAll.check()
    await page.screenshot({ path: join(artifactsDir, 'consents.png') })
    await go.click()
    await expect.poll(() => exists('cmd-gb', 'deployment/guestbook-ui'), { timeout: 60_000 }).toBe(false)
    await protect('ground-1', false)
    expect(problems).toEqual([])
  })

  it("a Deployment's actions: restart rolls it (a new ReplicaSet)", async () => {
    await page.reload()
    await open('cmd-helm')
    await nextResult('cmd-helm', /Sync Succeeded/, () => page.getByRole('button', { name: 'Sync', exact: true }).click())
    const replicaSets = () => kubectl('-n', 'cmd-helm', 'get', 'replicasets', '-o', 'name').split('\n').filter(Boolean).length
    const before = replicaSets()
    await page.getByRole('button', { name: 'Actions of Deployment cmd-helm-helm-guestbook' }).click()
    const panel = page.getByRole('dialog', { name: /Actions of apps\/Deployment\/cmd-helm\/cmd-helm-helm-guestbook/ })
    expect(await panel.getByRole('button', { name: 'resume' }).isDisabled()).toBe(true)
    await page.screenshot({ path: join(artifactsDir, 'resource-actions.png') })
    // Choosing an action asks first, naming the action and its target; nothing runs until then.
    await panel.getByRole('button', { name: 'restart' }).click()
    const ask = page.getByRole('alertdialog', { name: 'Run restart on apps/Deployment/cmd-helm/cmd-helm-helm-guestbook?' })
    expect(await ask.textContent()).toMatch(/in ground-1/)
    expect(replicaSets()).toBe(before)
    await ask.getByRole('button', { name: 'Run restart' }).click()
    await expect.poll(() => page.getByRole('status').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/restart: patched apps\/Deployment\/cmd-helm\/cmd-helm-helm-guestbook in ground-1/))
    await expect.poll(replicaSets, { timeout: 60_000 }).toBe(before + 1)
    // scale asks for its parameter; its button waits for a value.
    await page.getByRole('button', { name: 'Actions of Deployment cmd-helm-helm-guestbook' }).click()
    expect(await panel.getByRole('button', { name: 'scale' }).isDisabled()).toBe(true)
    await panel.getByLabel('scale replicas').fill('2')
    await panel.getByRole('button', { name: 'scale' }).click()
    const askScale = page.getByRole('alertdialog', { name: 'Run scale on apps/Deployment/cmd-helm/cmd-helm-helm-guestbook?' })
    expect(await askScale.textContent()).toMatch(/replicas=2/)
    await askScale.getByRole('button', { name: 'Run scale' }).click()
    await expect.poll(() => kubectl('-n', 'cmd-helm', 'get', 'deployment', 'cmd-helm-helm-guestbook', '-o', 'jsonpath={.spec.replicas}'), { timeout: 30_000 }).toBe('2')
    await expect.poll(() => page.getByRole('table', { name: 'Events' }).textContent(), { timeout: 30_000 }).toMatch(/scale.*apps\/Deployment\/cmd-helm\/cmd-helm-helm-guestbook.*restart/)
    expect(problems).toEqual([])
  })

  it("deleting an app offers Argo CD's choice, starting at its resources finalizer: a cascade deletes its resources, non-cascading keeps them", async () => {
    const withFinalizer = appYaml('cmd-kust', 'kustomize-guestbook', 'cmd-kust').replace('metadata: {name: cmd-kust}', 'metadata: {name: cmd-kust, finalizers: [resources-finalizer.argocd.argoproj.io]}')
    await page.evaluate((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(text), withFinalizer)
    // The previous test unprotected ground-1 through the API; the page learns it on load.
    await page.reload()
    for (const name of ['cmd-kust', 'cmd-helm']) {
      await open(name)
      await nextResult(name, /Sync Succeeded/, () => page.getByRole('button', { name: 'Sync', exact: true }).click())
    }
    expect(exists('cmd-kust', 'deployment/kustomize-guestbook-ui')).toBe(true)

    await open('cmd-kust')
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    const dialog = page.getByRole('form', { name: 'Delete app' })
    expect(await dialog.getByRole('radio', { name: /Foreground: delete/ }).isChecked()).toBe(true)
    await expect.poll(() => dialog.textContent()).toMatch(/Will delete 2 resources from ground-1.*Deployment.*Service|Will delete 2 resources from ground-1.*Service.*Deployment/)
    const go = dialog.getByRole('button', { name: 'Delete' })
    expect(await go.isDisabled()).toBe(true)
    await dialog.getByLabel('Confirm deletion').fill('cmd-kust')
    await page.screenshot({ path: join(artifactsDir, 'delete-dialog.png') })
    await go.click()
    await expect.poll(() => exists('cmd-kust', 'deployment/kustomize-guestbook-ui'), { timeout: 60_000 }).toBe(false)
    expect(exists('cmd-kust', 'service/kustomize-guestbook-ui')).toBe(false)
    await expect.poll(() => page.locator('[data-app="cmd-kust"]').count()).toBe(0)

    // No finalizer: the choice starts at non-cascading, and the cluster is left alone.
    await open('cmd-helm')
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    expect(await dialog.getByRole('radio', { name: /Non-cascading: forget/ }).isChecked()).toBe(true)
    await dialog.getByLabel('Confirm deletion').fill('cmd-helm')
    await dialog.getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => page.locator('[data-app="cmd-helm"]').count()).toBe(0)
    expect(exists('cmd-helm', 'deployment/cmd-helm-helm-guestbook')).toBe(true)
    expect(problems).toEqual([])
  })
})
