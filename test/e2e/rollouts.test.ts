import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Issue 34's Rollout view, against the real Argo Rollouts controller (built from its Go module,
// running against ground-2): a canary with a pause step shows its steps and the current one; Promote
// asks first (the protected context's name), then the controller moves on, runs the analysis (a web
// metric asking a server of this test) and completes the Rollout.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const rollouts = inject('rollouts')
const context = rollouts.context
const kubectl = kubectlOn(context)
const repo = FixtureRepo.create([])
const namespace = 'ro-canary'
const key = `argoproj.io/Rollout/${namespace}/web`
type Gitops = { gitops: GitopsApi }

const manifests = (image: string, port: number) => [
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name: 'answer' }, spec: { metrics: [{ name: 'answer', count: 1, successCondition: 'result == "yes"', provider: { web: { url: `http://127.0.0.1:${port}/answer`, jsonPath: '{$.answer}' } } }] } },
  {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
      strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }, { analysis: { templates: [{ templateName: 'answer' }] } }] } },
    },
  },
]

describe('a Rollout on the ground (Argo Rollouts controller), in Chromium', () => {
  let ui: OpenUi
  let page: Page
  let server: Server
  let asked = 0
  const rolloutStatus = () => kubectl.json<{ status?: { phase?: string; currentStepIndex?: number; pauseConditions?: unknown[] } }>('-n', namespace, 'get', 'rollout', 'web').status ?? {}
  const syncAndWait = async () => {
    const started = await page.evaluate(() => (globalThis as unknown as Gitops).gitops.syncApp('ro-app'))
    expect(started.phase, started.message).toBe('Running')
    const operation = () => page.evaluate(() => (globalThis as unknown as Gitops).gitops.getOperation('ro-app'))
    await expect.poll(async () => (await operation())?.phase, { timeout: 120_000, interval: 500 }).toMatch(/Succeeded|Failed|Error/)
    expect((await operation())?.phase, (await operation())?.message).toBe('Succeeded')
  }

  beforeAll(async () => {
    server = createServer((_req, res) => {
      asked++
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ answer: 'yes' }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    ui = await openUi('rollouts', kubeconfig, bin.binDir)
    page = ui.page
  })
  afterAll(async () => {
    await ui?.close()
    await new Promise((resolve) => server?.close(resolve))
    repo.remove()
    kubectl.run(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false'])
  })

  it('a canary paused at its pause step shows its steps with the current one; Promote asks, then the controller runs the analysis and completes it', { timeout: 420_000 }, async () => {
    const port = (server.address() as AddressInfo).port
    mkdirSync(join(repo.dir, 'rollout'), { recursive: true })
    const write = (image: string) => writeFileSync(join(repo.dir, 'rollout', 'all.yaml'), manifests(image, port).map((o) => JSON.stringify(o)).join('\n---\n'))
    write('example.com/web:v1')
    repo.commit('a canary Rollout')
    const app = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata: {name: ro-app}', 'spec:', `  source: {repoURL: "${repo.url}", path: rollout}`, `  destination: {name: ${context}, namespace: ${namespace}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')
    await page.evaluate((yaml) => (globalThis as unknown as Gitops).gitops.saveAppYaml(yaml), app)

    // The first revision goes straight to 100% (no stable one yet): the controller makes it Healthy.
    await syncAndWait()
    await expect.poll(() => rolloutStatus().phase, { timeout: 180_000, interval: 1000, message: `the Rollout on ${context}; controller log: ${rollouts.log}` }).toBe('Healthy')

    // A new image: the controller sets the canary to 50% (one of two pods) and pauses at step 2.
    write('example.com/web:v2')
    repo.commit('web v2')
    await syncAndWait()
    await expect.poll(() => rolloutStatus().phase, { timeout: 180_000, interval: 1000, message: `the Rollout on ${context}; controller log: ${rollouts.log}` }).toBe('Paused')
    expect(rolloutStatus().currentStepIndex).toBe(1)

    // The context is protected first, so the Promote below must ask for its name (the page learns it on load).
    await page.evaluate((c) => (globalThis as unknown as Gitops).gitops.protectCluster(c, true), context)
    await page.goto(page.url().replace(/#.*$/, '') + `#/apps/ro-app?resource=${encodeURIComponent(key)}&tab=rollout`)
    await page.reload()
    const panel = page.getByRole('dialog', { name: 'Rollout web' })
    const view = panel.getByRole('region', { name: 'Rollout' })
    await expect.poll(() => view.getByTestId('rollout-phase').textContent(), { timeout: 60_000 }).toBe('Paused')
    const steps = view.getByRole('list', { name: 'Canary steps' }).getByRole('listitem')
    expect((await steps.allTextContents()).map((t) => t.replace(/^[✓▶○]/, '').replace(' · paused', ''))).toEqual(['setWeight: 50', 'pause', 'analysis'])
    expect(await steps.evaluateAll((items) => items.map((i) => i.getAttribute('data-state')))).toEqual(['done', 'current', 'pending'])
    expect(await view.locator('[aria-current="step"]').textContent()).toMatch(/^▶pause/)
    expect(await view.getByTestId('rollout-weights').textContent()).toBe('Canary weight: 50% (the steps ask for 50%)')
    const rows = await view.getByRole('table', { name: 'ReplicaSets by revision' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
    expect(rows.map((r) => [r[0], r[2], r[5]])).toEqual([
      ['2', 'canary', 'example.com/web:v2'],
      ['1', 'stable', 'example.com/web:v1'],
    ])
    // Which buttons apply is Argo CD's discovery.lua: Promote, Promote full and Abort now; Retry only after an abort.
    await expect.poll(() => view.getByRole('button', { name: 'Promote', exact: true }).isEnabled(), { timeout: 30_000 }).toBe(true)
    expect(await Promise.all(['Promote full', 'Abort', 'Retry'].map((name) => view.getByRole('button', { name, exact: true }).isEnabled()))).toEqual([true, true, false])
    await page.screenshot({ path: join(artifactsDir, 'rollout-paused.png') })

    // Promote on a protected context: the dialog names the action and asks for the context's name.
    await view.getByRole('button', { name: 'Promote', exact: true }).click()
    const confirm = page.getByRole('alertdialog', { name: `Run resume on ${key}?` })
    await confirm.waitFor({ timeout: 30_000 })
    const run = confirm.getByRole('button', { name: 'Run resume' })
    expect(await run.isDisabled()).toBe(true)
    // Nothing ran yet: the Rollout is still paused at the same step.
    expect([rolloutStatus().phase, rolloutStatus().currentStepIndex]).toEqual(['Paused', 1])
    await confirm.getByLabel('Confirm context name').fill(context)
    await run.click()

    // The controller moves past the pause, asks the web metric once, and completes the Rollout.
    await expect.poll(() => rolloutStatus().phase, { timeout: 180_000, interval: 1000, message: `the Rollout on ${context}; controller log: ${rollouts.log}` }).toBe('Healthy')
    expect(asked).toBeGreaterThanOrEqual(1)
    await expect.poll(() => view.getByTestId('rollout-phase').textContent(), { timeout: 60_000 }).toBe('Healthy')
    // Fully promoted: none of the four applies any more.
    await expect.poll(() => Promise.all(['Promote', 'Promote full', 'Abort', 'Retry'].map((name) => view.getByRole('button', { name, exact: true }).isEnabled())), { timeout: 30_000 }).toEqual([false, false, false, false])
    await expect.poll(() => steps.evaluateAll((items) => items.map((i) => i.getAttribute('data-state'))), { timeout: 60_000 }).toEqual(['done', 'done', 'done'])
    expect(await view.getByTestId('rollout-weights').textContent()).toBe('Canary weight: 100% (the steps ask for 100%)')
    const runs = view.locator('.rollout-run')
    await expect.poll(() => runs.first().locator('summary').textContent(), { timeout: 60_000 }).toMatch(/revision 2 · Successful/)
    await runs.first().locator('summary').click() // a finished run's measurements are folded
    const measurements = await runs.first().getByRole('table', { name: 'Measurements of answer' }).locator('tbody tr td').allTextContents()
    // The web provider records the value as JSON, as the controller stores it.
    expect([measurements[0], measurements[1]]).toEqual(['Successful', '"yes"'])
    await page.screenshot({ path: join(artifactsDir, 'rollout-promoted.png') })
    expect(ui.problems).toEqual([])
  })
})
