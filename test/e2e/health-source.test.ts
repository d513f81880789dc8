import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { artifactsDir, openUi, repoRoot, type OpenUi } from './browser'

// Issue 32, shown: Settings lists the kinds Argo CD v3.2.11 ships health checks and actions for
// (searchable, counted), and a resource's panel says which check gave its health verdict.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['guestbook'])
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// What the build bundled, read from its own index (not through the app), to check the page against.
const index = JSON.parse(readFileSync(join(repoRoot, 'resources/argocd-scripts/index.json'), 'utf8')) as { version: string; kinds: Record<string, { health?: string; actions?: { names: Record<string, string> } }> }
const bundledKeys = Object.keys(index.kinds)
const withHealth = bundledKeys.filter((k) => index.kinds[k]!.health).length
const withActions = bundledKeys.filter((k) => Object.keys(index.kinds[k]!.actions?.names ?? {}).length > 0).length

const rolloutCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'rollouts.argoproj.io' },
  spec: { group: 'argoproj.io', scope: 'Namespaced', names: { kind: 'Rollout', plural: 'rollouts', singular: 'rollout', listKind: 'RolloutList' }, versions: [{ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
}
const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web' }, spec: { replicas: 1, strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } }, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } }

describe("where health comes from, in Chromium", () => {
  let ui: OpenUi
  let page: Page
  const accessibility = async (selector: string) => {
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document.querySelector(${JSON.stringify(selector)}), { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string }[] }
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${selector}: ${v.id} ${v.help}`)).toEqual([])
  }

  beforeAll(async () => {
    ui = await openUi('health-source', kubeconfig, bin.binDir)
    page = ui.page
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it("Settings lists Argo CD's bundled kinds with counts; a search for rollout finds argoproj.io/Rollout and its actions", async () => {
    expect(withHealth).toBeGreaterThan(200) // the build bundled Argo CD's scripts at all
    await page.getByRole('button', { name: 'Settings' }).click()
    const section = page.getByRole('region', { name: `Argo CD's health checks and actions (${index.version})` })
    await section.waitFor({ timeout: 30_000 })
    expect(await section.getByTestId('bundled-counts').textContent()).toBe(`${withHealth} kinds with health checks, ${withActions} with actions`)
    expect(await section.getByRole('status', { name: 'Shown kinds' }).textContent()).toBe(`${bundledKeys.length} of ${bundledKeys.length}`)
    // Virtualized: far fewer rows on the page than kinds.
    expect(await section.getByRole('row').count()).toBeLessThan(bundledKeys.length / 2)

    await section.getByRole('searchbox', { name: 'Search kinds' }).fill('rollout')
    const matching = bundledKeys.filter((k) => k.toLowerCase().includes('rollout'))
    await expect.poll(() => section.getByRole('status', { name: 'Shown kinds' }).textContent()).toBe(`${matching.length} of ${bundledKeys.length}`)
    const row = section.locator('[data-kind="argoproj.io/Rollout"]')
    const cells = await row.getByRole('cell').allTextContents()
    expect(cells[0]).toBe('argoproj.io/Rollout')
    expect(cells[1]).toBe('health')
    expect(cells[2]?.split(', ')).toEqual(expect.arrayContaining(['abort', 'promote-full', 'resume']))
    expect(await section.locator('[data-kind]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).toEqual(matching.sort((a, b) => a.localeCompare(b)))
    await section.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(artifactsDir, 'bundled-kinds.png') })
    await accessibility('.bundled-kinds')

    // Case does not matter; a search for another kind hides the Rollout.
    await section.getByRole('searchbox', { name: 'Search kinds' }).fill('KAFKA.STRIMZI')
    await expect.poll(() => section.locator('[data-kind="argoproj.io/Rollout"]').count()).toBe(0)
    expect(await section.locator('[data-kind="kafka.strimzi.io/Kafka"]').getByRole('cell').first().textContent()).toBe('kafka.strimzi.io/Kafka')
    await section.getByRole('searchbox', { name: 'Search kinds' }).fill('no kind is called this')
    await expect.poll(() => section.textContent()).toContain('No bundled kind matches.')
    expect(ui.problems).toEqual([])
  })

  it("a resource's panel names the check behind its health: gitops-engine's compiled rule for a Deployment, Argo CD's script for a Rollout; the Rollout's actions are Argo CD's", { timeout: 180_000 }, async () => {
    kubectl.run(['apply', '--server-side', '-f', '-'], JSON.stringify(rolloutCrd))
    kubectl('wait', '--for=condition=Established', 'crd/rollouts.argoproj.io', '--timeout=60s')
    mkdirSync(join(repo.dir, 'guestbook'), { recursive: true })
    writeFileSync(join(repo.dir, 'guestbook', 'rollout.yaml'), JSON.stringify(rollout))
    repo.commit('a Rollout beside the guestbook')
    const app = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata: {name: hs-app}', 'spec:', `  source: {repoURL: "${repo.url}", path: guestbook}`, '  destination: {name: ground-1, namespace: hs-app}', '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')
    await page.evaluate((yaml) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(yaml), app)
    const started = await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.syncApp('hs-app'))
    expect(started.phase, started.message).toBe('Running')
    const operation = () => page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.getOperation('hs-app'))
    await expect.poll(async () => (await operation())?.phase, { timeout: 90_000, interval: 500 }).toMatch(/Succeeded|Failed|Error/)
    expect((await operation())?.phase, `${(await operation())?.message}\n${ui.harness.output()}`).toBe('Succeeded')

    // Paused at a canary step, as Argo Rollouts' controller would write it (through the status subresource).
    const generation = kubectl('-n', 'hs-app', 'get', 'rollout', 'web', '-o', 'jsonpath={.metadata.generation}')
    kubectl('-n', 'hs-app', 'patch', 'rollout', 'web', '--subresource=status', '--type', 'merge', '-p', JSON.stringify({ status: { observedGeneration: generation, phase: 'Paused', message: 'CanaryPauseStep', currentPodHash: 'new', stableRS: 'old', currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-11-29T00:00:00Z' }] } }))

    await page.goto(page.url().replace(/#.*$/, '') + '#/apps/hs-app')
    const details = page.getByRole('region', { name: 'Application hs-app' })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 60_000, interval: 500 }).toMatch(/Synced/)

    await details.getByRole('button', { name: 'Open Deployment guestbook-ui' }).click()
    const deployment = page.getByRole('dialog', { name: 'Deployment guestbook-ui' })
    await expect.poll(() => deployment.getByTestId('health-source').textContent(), { timeout: 30_000 }).toBe("from Argo CD's compiled check for Deployment (gitops-engine)")
    await accessibility('.resource-panel .panel-head')
    await deployment.getByRole('button', { name: 'Close the resource panel' }).click()

    await details.getByRole('button', { name: 'Open Rollout web' }).click()
    const panel = page.getByRole('dialog', { name: 'Rollout web' })
    await expect.poll(() => panel.getByTestId('health-source').textContent(), { timeout: 30_000 }).toBe(`from Argo CD ${index.version}'s health check for argoproj.io/Rollout`)
    // Argo CD's script: a paused Rollout is Suspended (the hand-written rule said Progressing).
    await expect.poll(() => panel.locator('.panel-head .badge[class*="health-"]').textContent(), { timeout: 30_000 }).toMatch(/Suspended/)

    await page.screenshot({ path: join(artifactsDir, 'health-source.png') })
    await panel.getByRole('button', { name: 'Actions', exact: true }).click()
    const actions = page.getByRole('dialog', { name: /Actions of argoproj.io\/Rollout\/hs-app\/web/ })
    const promote = actions.getByRole('button', { name: 'promote-full', exact: true })
    await promote.waitFor({ timeout: 30_000 })
    expect(await promote.getAttribute('title')).toMatch(/Argo CD's action$/)
    await actions.getByRole('button', { name: 'Close' }).click()
    expect(ui.problems).toEqual([])
  })
})
