import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Issue 33, shown: the Parameters tab edits a Helm app's source as `argocd app set -p` would,
// showing the Application YAML diff before Save; Save re-renders the app with it and syncs
// nothing. Preview changes answers per resource (configured: spec.replicas), grouped and
// counted; the sync panel offers Argo CD's options.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['helm-guestbook', 'guestbook', 'kustomize-guestbook'])
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

describe('Parameters, sync options and the preview, in Chromium', () => {
  let ui: OpenUi
  let page: Page
  const gitops = <T,>(method: keyof GitopsApi, ...args: unknown[]) =>
    page.evaluate(({ method, args }) => (globalThis as unknown as { gitops: Record<string, (...a: unknown[]) => Promise<unknown>> }).gitops[method]!(...args), { method, args }) as Promise<T>
  const accessibility = async (selector: string) => {
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document.querySelector(${JSON.stringify(selector)}), { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${selector}: ${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([])
  }
  /** Adds an app and syncs it to its end through the API (the setup, not what is tested). */
  const syncedApp = async (name: string, path: string) => {
    const yaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${name}}`, 'spec:', `  source: {repoURL: "${repo.url}", path: ${path}}`, `  destination: {name: ground-1, namespace: ${name}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')
    await gitops('saveAppYaml', yaml)
    await gitops('syncApp', name)
    await expect.poll(async () => (await gitops<{ phase: string } | null>('getOperation', name))?.phase, { timeout: 90_000, interval: 500 }).toMatch(/Succeeded|Failed|Error/)
    const done = await gitops<{ phase: string; message: string }>('getOperation', name)
    expect(done.phase, `${done.message}\n${ui.harness.output()}`).toBe('Succeeded')
  }
  const open = async (name: string) => {
    await page.goto(page.url().replace(/#.*$/, '') + `#/apps/${name}`)
    const details = page.getByRole('region', { name: `Application ${name}` })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 60_000, interval: 500 }).toMatch(/Synced|OutOfSync/)
    return details
  }

  beforeAll(async () => {
    ui = await openUi('params', kubeconfig, bin.binDir)
    page = ui.page
    await page.setViewportSize({ width: 1280, height: 800 })
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('a Helm parameter set in the Parameters tab shows the Application YAML diff, and Save re-renders the app with it; nothing syncs', { timeout: 240_000 }, async () => {
    await syncedApp('params-helm', 'helm-guestbook')
    const details = await open('params-helm')
    await details.getByRole('tab', { name: 'Parameters' }).click()
    const params = details.getByRole('region', { name: 'Parameters' })
    await params.getByRole('button', { name: 'Set Helm options' }).click()
    await params.getByRole('button', { name: 'Add parameter' }).click()
    await params.getByLabel('Helm parameter 1 name').fill('replicaCount')
    await params.getByLabel('Helm parameter 1 value').fill('3')

    // The change as the Application YAML diff, before anything is stored.
    const diff = params.getByRole('region', { name: 'Changes to the Application' })
    await diff.waitFor()
    const unified = (await diff.getByTestId('params-unified-diff').textContent()) ?? ''
    expect(unified.split('\n').filter((l) => /^[+-](?![+-])/.test(l))).toEqual(['+    helm:', '+      parameters:', '+        - name: replicaCount', '+          value: "3"'])
    await expect.poll(() => diff.locator('.monaco-diff-editor .editor.modified').textContent(), { timeout: 30_000 }).toContain('replicaCount')
    expect(await gitops<{ yaml: string }>('getApp', 'params-helm').then((d) => d.yaml)).not.toContain('replicaCount') // not saved yet
    await diff.locator('.monaco-diff-editor .line-insert').first().waitFor({ timeout: 30_000 }) // the diff is computed: the added lines are marked
    await page.screenshot({ path: join(artifactsDir, 'parameters.png') })
    await accessibility('.params')

    await params.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => params.getByRole('status').allTextContents(), { timeout: 60_000 }).toContain('Saved. The app was rendered again with it; nothing was synced.')
    expect(await params.getByRole('region', { name: 'Changes to the Application' }).count()).toBe(0)
    expect(await params.getByLabel('Helm parameter 1 value').inputValue()).toBe('3') // the fields start from the stored app

    // The app is rendered with the new value: its desired Deployment has 3 replicas, the live one still 1.
    const appDiff = await gitops<{ resources: { key: string; status: string; targetYaml: string; liveYaml: string }[] }>('diffApp', 'params-helm')
    const deployment = appDiff.resources.find((r) => r.key.startsWith('apps/Deployment/'))!
    expect(deployment.status).toBe('OutOfSync')
    expect(deployment.targetYaml).toMatch(/^ {2}replicas: 3$/m)
    expect(deployment.liveYaml).toMatch(/^ {2}replicas: 1$/m)
    expect(kubectl('-n', 'params-helm', 'get', 'deployment', '-o', 'jsonpath={.items[*].spec.replicas}')).toBe('1')
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 30_000 }).toMatch(/OutOfSync/)
    expect(ui.problems).toEqual([])
  })

  it('Kustomize replicas set in the Parameters tab: the diff shows them, Save renders the app with them', { timeout: 180_000 }, async () => {
    const yaml = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata: {name: params-kust}', 'spec:', `  source: {repoURL: "${repo.url}", path: kustomize-guestbook}`, '  destination: {name: ground-1, namespace: params-kust}'].join('\n')
    await gitops('saveAppYaml', yaml)
    const details = await open('params-kust')
    await details.getByRole('tab', { name: 'Parameters' }).click()
    const params = details.getByRole('region', { name: 'Parameters' })
    await params.getByRole('button', { name: 'Set Kustomize options' }).click()
    await params.getByRole('button', { name: 'Add replicas' }).click()
    await params.getByLabel('Replicas 1 resource name').fill('guestbook-ui')
    await params.getByLabel('Replicas 1 count').fill('4')
    const unified = (await params.getByRole('region', { name: 'Changes to the Application' }).getByTestId('params-unified-diff').textContent()) ?? ''
    expect(unified.split('\n').filter((l) => /^[+-](?![+-])/.test(l))).toEqual(['+    kustomize:', '+      replicas:', '+        - name: guestbook-ui', '+          count: 4'])
    await params.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => params.getByRole('status').allTextContents(), { timeout: 60_000 }).toContain('Saved. The app was rendered again with it; nothing was synced.')
    const appDiff = await gitops<{ resources: { key: string; targetYaml: string }[] }>('diffApp', 'params-kust')
    expect(appDiff.resources.find((r) => r.key === 'apps/Deployment/params-kust/kustomize-guestbook-ui')?.targetYaml).toMatch(/^ {2}replicas: 4$/m)
    expect(ui.problems).toEqual([])
  })

  it("the sync panel offers Argo CD's options; Preview after scaling a Deployment in Git lists it as configured: spec.replicas, grouped and counted", { timeout: 240_000 }, async () => {
    await syncedApp('params-gb', 'guestbook')
    const file = join(repo.dir, 'guestbook', 'guestbook-ui-deployment.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 1', 'replicas: 3'))
    repo.commit('scale guestbook-ui to 3')
    await gitops('refreshApp', 'params-gb', { hard: true })
    const details = await open('params-gb')
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 30_000 }).toMatch(/OutOfSync/)

    await details.getByRole('button', { name: 'Sync options' }).click()
    const panel = page.getByRole('region', { name: 'Sync options' })
    for (const option of ['Prune (', 'Dry run', 'Force (', 'Prune last (after every wave)', 'Apply out-of-sync only', 'Replace (kubectl replace/create instead of apply)', 'Server-side apply', 'Respect ignore differences', 'Skip schema validation', 'Auto-create namespace', 'Retry a failed sync']) {
      expect(await panel.getByRole('checkbox', { name: option }).count(), option).toBe(1)
    }
    // Filled in from the app's own syncOptions, as Argo CD's panel does.
    await expect.poll(() => panel.getByRole('checkbox', { name: 'Auto-create namespace' }).isChecked()).toBe(true)
    expect(await panel.getByRole('radiogroup', { name: 'Prune propagation policy' }).getByRole('radio').count()).toBe(3)
    await panel.getByRole('checkbox', { name: 'Retry a failed sync' }).check()
    for (const field of ['Limit', 'Backoff duration', 'Factor', 'Max duration', 'Revision']) expect(await panel.getByLabel(field, { exact: true }).count(), field).toBe(1)
    await panel.getByLabel('Backoff duration', { exact: true }).fill('5 seconds')
    expect(await panel.getByRole('alert').textContent()).toBe('Backoff duration: a duration like 5s, 3m or 1h30m')
    expect(await panel.getByRole('button', { name: 'Synchronize' }).isDisabled()).toBe(true)
    await panel.getByLabel('Backoff duration', { exact: true }).fill('5s')
    expect(await panel.locator('select').count()).toBe(0)

    await panel.getByRole('button', { name: 'Preview changes' }).click()
    const preview = panel.getByRole('region', { name: 'What the sync would do' })
    await expect.poll(() => preview.textContent(), { timeout: 60_000 }).toMatch(/Dry run Succeeded/)
    const configured = preview.getByRole('region', { name: 'Configured (1)' })
    expect(await configured.getByRole('listitem').textContent()).toBe('Deployment params-gb/guestbook-ui configured: spec.replicas')
    expect(await preview.getByRole('region', { name: 'Unchanged (1)' }).getByRole('listitem').textContent()).toBe('Service params-gb/guestbook-ui unchanged')
    expect(await preview.getByTestId('preview-counts').textContent()).toBe('1 configured · 1 unchanged')
    expect(kubectl('-n', 'params-gb', 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.replicas}')).toBe('1') // a dry run changes nothing
    await preview.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(artifactsDir, 'sync-preview.png') })
    await accessibility('.sync-panel')
    expect(ui.problems).toEqual([])
  })
})
