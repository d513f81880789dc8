import { execFileSync } from 'node:child_process'
import { appendFileSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { criLogLine, podLogFiles } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { artifactsDir, openUi, type OpenUi, type RunningHarness } from './browser'
import { kubectlOn } from '../support/kubectl'

// A new user's path through the UI in Chromium, through `npm run web`, on the test ground.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['guestbook'])
const podLogs = podLogFiles(join(inject('groundDir'), 'cluster-1'))
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

describe('the UI in Chromium', () => {
  let ui: OpenUi
  let harness: RunningHarness
  let page: Page
  let problems: string[] = []

  beforeAll(async () => {
    ui = await openUi('ui', kubeconfig, bin.binDir)
    ;({ harness, page, problems } = ui)
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  const appRow = (name: string) => page.locator(`[data-app="${name}"]`)
  /** The switcher is a command palette: open it, click the context (a click or Enter chooses, arrows do not). */
  const switchCluster = async (context: string) => {
    await page.getByRole('button', { name: /^Cluster:/ }).click()
    await page.locator(`.palette [role="option"][data-context="${context}"]`).click()
  }
  const accessibility = async (where: string) => {
    // Evaluated through the debugger protocol: the page's CSP (no inline scripts) stays on.
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([])
  }

  it('a new user adds guestbook from a local repo: OutOfSync/Missing, the diff shows the target, one click on Sync makes it Synced and Healthy', async () => {
    await page.getByRole('button', { name: 'Add an application' }).click()
    await page.getByLabel('Name', { exact: true }).fill('ui-gb')
    await page.getByLabel('Repository URL', { exact: true }).fill(repo.url)
    await page.getByLabel('Path', { exact: true }).fill('guestbook')
    await page.getByRole('radiogroup', { name: 'Destination cluster' }).getByRole('radio', { name: 'ground-1', exact: true }).click()
    await page.getByLabel('Namespace', { exact: true }).fill('ui-gb')
    await page.getByRole('button', { name: 'Save' }).click()

    const details = page.getByRole('region', { name: 'Application ui-gb' })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 30_000 }).toMatch(/OutOfSync.*Missing/)
    await page.screenshot({ path: join(artifactsDir, 'details.png') })
    await accessibility('details')

    await page.getByRole('button', { name: 'GitOps Desk' }).click()
    await expect.poll(() => appRow('ui-gb').textContent(), { timeout: 10_000 }).toMatch(/OutOfSync/)
    await page.screenshot({ path: join(artifactsDir, 'list.png') })
    await accessibility('list')
    await appRow('ui-gb').getByRole('button', { name: 'ui-gb', exact: true }).click()

    await page.getByRole('button', { name: 'Diff', exact: true }).click()
    await page.locator('.monaco-diff-editor').waitFor({ timeout: 30_000 })
    const unified = await page.getByTestId('unified-diff').textContent()
    expect(unified).toMatch(/^\+kind: (Service|Deployment)$/m)
    expect(unified?.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([]) // nothing live yet
    await expect.poll(() => page.locator('.monaco-diff-editor .editor.modified').textContent()).toContain('guestbook-ui')
    await page.screenshot({ path: join(artifactsDir, 'diff.png') })

    await page.getByRole('button', { name: '← Back' }).click()
    await page.getByRole('button', { name: 'Sync', exact: true }).click()
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 90_000, interval: 500 }).toMatch(/Synced.*Healthy/)
    expect(kubectl('-n', 'ui-gb', 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.status.readyReplicas}')).toBe('1')
    expect(problems).toEqual([])
  })

  it('a kubectl change shows as OutOfSync within seconds, the diff shows that field only, and Sync reverts it', async () => {
    kubectl('-n', 'ui-gb', 'scale', 'deployment', 'guestbook-ui', '--replicas=2')
    const details = page.getByRole('region', { name: 'Application ui-gb' })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 15_000, interval: 250 }).toMatch(/OutOfSync/)
    await page.getByRole('button', { name: 'Diff', exact: true }).click()
    await page.locator('.monaco-diff-editor').waitFor({ timeout: 30_000 })
    const unified = (await page.getByTestId('unified-diff').textContent()) ?? ''
    const changed = unified.split('\n').filter((l) => /^[-+]\s/.test(l))
    expect(changed).toEqual(['-  replicas: 2', '+  replicas: 1'])
    // The whole app in one diff: every resource a document, the changed one first.
    const inDiff = page.getByRole('navigation', { name: 'Resources in this diff' })
    expect((await inDiff.textContent())?.replace(/\s+/g, ' ')).toMatch(/^ ?OutOfSync Deployment guestbook-ui ?Synced Service guestbook-ui ?$/)
    await accessibility('whole-app diff')
    await inDiff.getByRole('button', { name: /Service guestbook-ui/ }).click()
    await expect.poll(() => page.locator('.monaco-diff-editor .editor.modified').textContent()).toMatch(/#\sService\sui-gb\/guestbook-ui:\sSynced/)
    // The diff is acted on where it is read: resources named by kind and name, Sync on the page.
    const diffView = page.getByRole('region', { name: 'Diff of ui-gb' })
    await diffView.getByRole('button', { name: 'One resource' }).click()
    expect(await diffView.getByRole('list', { name: 'Resources to compare' }).textContent()).toMatch(/OutOfSync\s*Deployment guestbook-ui ui-gb/)
    await diffView.getByRole('button', { name: 'Sync', exact: true }).click()
    await expect.poll(() => kubectl('-n', 'ui-gb', 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.replicas}'), { timeout: 30_000 }).toBe('1')
    await expect.poll(() => diffView.locator('.details-head').textContent(), { timeout: 30_000 }).toMatch(/Diff: ui-gb\s*✓?\s*Synced/)
    expect(await diffView.getByRole('button', { name: 'Sync', exact: true }).isDisabled()).toBe(true)
    await page.getByRole('button', { name: '← Back' }).click()
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 30_000 }).toMatch(/Synced/)
  })

  it('switching the active context re-targets an in-cluster app', async () => {
    await page.evaluate(([url]) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(['apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata: {name: ui-incluster}', 'spec:', `  source: {repoURL: "${url}", path: guestbook}`, '  destination: {server: "https://kubernetes.default.svc", namespace: ui-gb-two}', '  syncPolicy: {syncOptions: [CreateNamespace=true]}'].join('\n')), [repo.url])
    const started = await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.syncApp('ui-incluster').catch((e: unknown) => ({ phase: 'Rejected', message: JSON.stringify(e) })))
    expect(started.phase, `${started.message}\n${harness.output()}`).toBe('Running') // returns at once
    const ended = () => page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.getOperation('ui-incluster'))
    await expect.poll(async () => (await ended())?.phase, { timeout: 90_000, interval: 500 }).toMatch(/Succeeded|Failed|Error/)
    const synced = (await ended())!
    expect(synced.phase, `${synced.message}\n${harness.output()}`).toBe('Succeeded')
    await page.getByRole('button', { name: 'GitOps Desk' }).click()
    await expect.poll(() => appRow('ui-incluster').textContent(), { timeout: 30_000 }).toMatch(/Synced.*ground-1\/ui-gb-two/)

    await switchCluster('ground-2')
    await expect.poll(() => appRow('ui-incluster').textContent(), { timeout: 30_000 }).toMatch(/OutOfSync.*Missing.*ground-2\/ui-gb-two/)
    expect(await appRow('ui-gb').textContent()).toMatch(/ground-1\/ui-gb/) // named destinations stay put
    await page.screenshot({ path: join(artifactsDir, 'switched.png') })
    await switchCluster('ground-1')
    await expect.poll(() => appRow('ui-incluster').textContent(), { timeout: 30_000 }).toMatch(/Synced.*ground-1/)
  })

  it('prunes with confirmation on a protected context', async () => {
    rmSync(join(repo.dir, 'guestbook/guestbook-ui-svc.yaml'))
    repo.commit('drop the service')
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByLabel('Protect ground-1', { exact: true }).check()
    await expect.poll(() => page.getByRole('button', { name: /^Cluster:/ }).getAttribute('aria-label')).toContain('ground-1 (protected)')
    await page.getByRole('button', { name: 'GitOps Desk' }).click()
    await appRow('ui-gb').getByRole('button', { name: 'ui-gb', exact: true }).click()
    const details = page.getByRole('region', { name: 'Application ui-gb' })
    await page.getByRole('button', { name: 'Refresh', exact: true }).click()
    await expect.poll(() => details.getByRole('tree', { name: 'Resources' }).textContent(), { timeout: 30_000 }).toMatch(/Service.*Extra/)
    await page.getByRole('button', { name: 'Sync options' }).click()
    await page.getByLabel(/Prune \(/).check()
    await expect(page.getByText('Will delete: /Service/ui-gb/guestbook-ui').textContent()).resolves.toBeTruthy()
    // What the sync would do, from a dry run, before anything is confirmed (no name needed for a dry run).
    await page.getByRole('button', { name: 'Preview changes' }).click()
    const preview = page.getByLabel('What the sync would do')
    await expect.poll(() => preview.textContent(), { timeout: 60_000 }).toMatch(/Dry run Succeeded/)
    expect(await preview.getByRole('region', { name: 'Would be pruned (1)' }).textContent()).toMatch(/Service ui-gb\/guestbook-ui would be pruned/)
    expect(await preview.getByRole('region', { name: 'Unchanged (1)' }).textContent()).toMatch(/Deployment ui-gb\/guestbook-ui unchanged/)
    expect(kubectl('-n', 'ui-gb', 'get', 'service', '-o', 'name').trim()).toBe('service/guestbook-ui') // a dry run deletes nothing
    await accessibility('sync preview')
    const go = page.getByRole('button', { name: 'Synchronize' })
    expect(await go.isDisabled()).toBe(true) // until the context name is typed
    await page.getByLabel('Confirm context name').fill('ground-1')
    await go.click()
    await expect.poll(() => kubectl('-n', 'ui-gb', 'get', 'service', '-o', 'name'), { timeout: 60_000 }).toBe('')
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 30_000 }).toMatch(/Synced/)
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByLabel('Protect ground-1', { exact: true }).uncheck()
    await expect.poll(() => page.getByRole('button', { name: /^Cluster:/ }).getAttribute('aria-label')).not.toContain('protected')
    await page.goBack()
  })

  it('a failed sync shows the failing resource and its message', async () => {
    const file = join(repo.dir, 'guestbook/guestbook-ui-deployment.yaml')
    const good = readFileSync(file, 'utf8')
    execFileSync('sed', ['-i', 's/replicas: 1/replicas: many/', file])
    repo.commit('break the deployment')
    const details = page.getByRole('region', { name: 'Application ui-gb' })
    await page.getByRole('button', { name: 'Refresh', exact: true }).click()
    await page.getByRole('button', { name: 'Sync', exact: true }).click()
    const result = details.getByRole('status', { name: 'Sync result' })
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/Sync Failed/)
    expect(await result.textContent()).toMatch(/apps\/Deployment\/ui-gb\/guestbook-ui: .*replicas/)
    await page.screenshot({ path: join(artifactsDir, 'failed-sync.png') })
    execFileSync('sh', ['-c', `cat > '${file}' <<'EOF'\n${good}EOF`])
    repo.commit('fix the deployment')
    expect(problems).toEqual([])
  })

  it('the New app form offers the charts and versions of a Helm chart repository, and the app renders from it', async () => {
    const chartRepo = inject('chartRepo')
    await page.evaluate(([url, username, password, caData]) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveRepo({ url: url!, username, password, caData, type: 'helm' } as Parameters<GitopsApi['saveRepo']>[0]), [chartRepo.url, chartRepo.username, chartRepo.password, readFileSync(chartRepo.caFile, 'utf8')])
    await page.getByRole('button', { name: 'GitOps Desk' }).click()
    await page.getByRole('button', { name: 'New app' }).click()
    await page.getByLabel('Name', { exact: true }).fill('ui-chart')
    await page.getByLabel('Repository URL', { exact: true }).fill(chartRepo.url)
    await page.getByLabel('Helm chart repository').check()
    const chartNames = () => page.locator('#chart-names option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value))
    await expect.poll(chartNames, { timeout: 30_000 }).toEqual(['hello', 'needs-kube'])
    await page.getByLabel('Chart', { exact: true }).fill('hello')
    const versions = await page.locator('#chart-versions option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value))
    expect(versions.slice(-2)).toEqual(['1.1.0', '1.0.0'])
    await page.getByLabel('Version', { exact: true }).fill('1.*')
    await page.getByRole('radiogroup', { name: 'Destination cluster' }).getByRole('radio', { name: 'ground-1', exact: true }).click()
    await page.getByLabel('Namespace', { exact: true }).fill('ui-chart')
    await page.screenshot({ path: join(artifactsDir, 'new-app-chart.png') })
    await page.getByRole('button', { name: 'Save' }).click()
    const details = page.getByRole('region', { name: 'Application ui-chart' })
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 30_000 }).toMatch(/OutOfSync.*Missing/)
    // The chart and its version are in the header's summary.
    expect(await details.locator('.app-facts').textContent()).toMatch(/Chart\s*hello.*Target revision.*1\.\d\.\d/)
    await page.evaluate((url) => (globalThis as unknown as { gitops: GitopsApi }).gitops.removeRepo(url), chartRepo.url)
    expect(problems).toEqual([])
  })

  it("an argocd-cm pasted in Settings shows its customizations by kind; Edit shows the YAML that is applied; Remove takes one away", async () => {
    await page.getByRole('button', { name: 'Settings' }).click()
    const cm = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: argocd-cm}',
      'data:',
      '  resource.customizations.health.example.com_Gizmo: |',
      '    return {status = "Healthy"}',
      '  resource.customizations.ignoreDifferences.all: |',
      '    jsonPointers: [/metadata/labels/tier]',
      '  resource.customizations.knownTypeFields.apps_Deployment: |',
      '    - {field: spec.template.spec, type: core/v1/PodSpec}',
    ].join('\n')
    await page.getByLabel('argocd-cm YAML').fill(cm)
    await page.getByRole('button', { name: 'Apply', exact: true }).click()
    const status = page.locator('section.settings > p[role=status]')
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/Applied: health check +example.com\/Gizmo; ignore rule +\*\/\*.*skipped .*knownTypeFields/)
    const table = page.getByRole('table', { name: 'Resource customizations' })
    await expect.poll(() => table.textContent()).toMatch(/Health check \(Lua\)example.com\/Gizmo1 line of Lua.*Ignore differencesall kinds\/metadata\/labels\/tier/)
    await page.screenshot({ path: join(artifactsDir, 'settings-customizations.png') })
    await accessibility('settings')
    await table.getByRole('row', { name: /all kinds/ }).getByRole('button', { name: 'Edit' }).click()
    await expect.poll(() => page.getByLabel('argocd-cm YAML').inputValue()).toMatch(/resource.customizations.ignoreDifferences.all: \|\n\s+jsonPointers:\n\s+- \/metadata\/labels\/tier/)
    await table.getByRole('row', { name: /Gizmo/ }).getByRole('button', { name: 'Remove' }).click()
    await expect.poll(() => table.textContent()).not.toMatch(/Gizmo/)
    await table.getByRole('row', { name: /all kinds/ }).getByRole('button', { name: 'Remove' }).click()
    await expect.poll(() => page.getByText(/None yet/).count()).toBe(1)
    expect(problems).toEqual([])
  })

  it('an ApplicationSet pasted on its page is previewed (apps to create) before Apply creates them; a generated app names its ApplicationSet and is not edited directly', async () => {
    await page.getByRole('button', { name: 'ApplicationSets' }).click()
    const set = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: ApplicationSet',
      'metadata: {name: ui-teams}',
      'spec:',
      '  generators:',
      '  - list:',
      '      elements: [{team: red}, {team: blue}]',
      '  template:',
      "    metadata: {name: 'ui-{{team}}'}",
      '    spec:',
      '      project: default',
      `      source: {repoURL: '${repo.url}', path: guestbook}`,
      "      destination: {name: ground-1, namespace: 'ui-{{team}}'}",
    ].join('\n')
    // The editor is Monaco: the text comes in as a file, as a user's would.
    await page.getByRole('form', { name: 'ApplicationSet editor' }).locator('input[type=file]').setInputFiles({ name: 'teams.yaml', mimeType: 'application/yaml', buffer: Buffer.from(set) })
    await expect.poll(() => page.getByRole('form', { name: 'ApplicationSet editor' }).locator('.monaco-editor .view-lines').textContent(), { timeout: 30_000 }).toContain('ui-teams')
    const apply = page.getByRole('button', { name: 'Apply', exact: true })
    expect(await apply.isDisabled()).toBe(true) // preview first
    await page.getByRole('button', { name: 'Preview', exact: true }).click()
    const preview = page.getByRole('region', { name: 'Preview of ui-teams' })
    await expect.poll(() => preview.textContent(), { timeout: 30_000 }).toMatch(/\+ ui-red will be created.*\+ ui-blue will be created/)
    expect(await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.listAppSets())).toEqual([]) // nothing stored yet
    await page.screenshot({ path: join(artifactsDir, 'appset-preview.png') })
    await apply.click()
    const list = page.getByRole('table', { name: 'ApplicationSet list' })
    await expect.poll(() => list.textContent(), { timeout: 30_000 }).toMatch(/ui-teams.*list.*sync.*ui-blue.*ui-red/)
    await accessibility('appsets')
    await list.getByRole('button', { name: 'ui-red' }).click()
    const details = page.getByRole('region', { name: 'Application ui-red' })
    await expect.poll(() => details.locator('.app-facts').textContent(), { timeout: 30_000 }).toMatch(/from ApplicationSet ui-teams/)
    expect(await details.getByRole('button', { name: 'Edit', exact: true }).isDisabled()).toBe(true)
    expect(problems).toEqual([])
  })

  it("a plugin.yaml added in Settings is listed with its discovery and parameters; its secret is stored write-only and never shown", async () => {
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByLabel('plugin.yaml').fill(['apiVersion: argoproj.io/v1alpha1', 'kind: ConfigManagementPlugin', 'metadata: {name: ui-cmp}', 'spec:', '  version: v1', '  generate: {command: [cat, all.yaml]}', '  discover: {fileName: "*.cmp"}', '  parameters: {static: [{name: size, string: small}]}'].join('\n'))
    await page.getByRole('button', { name: 'Add plugin' }).click()
    const table = page.getByRole('table', { name: 'Plugins' })
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toMatch(/ui-cmp-v1fileName \*\.cmpsize/)
    await page.getByRole('form', { name: 'Plugin secret' }).getByRole('radiogroup', { name: 'Plugin' }).getByRole('radio', { name: 'ui-cmp-v1' }).click()
    await page.getByLabel('Environment variable').fill('VAULT_TOKEN')
    await page.getByLabel('Secret value').fill('ui-very-secret-token')
    await page.getByRole('button', { name: 'Store secret' }).click()
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toMatch(/VAULT_TOKEN \(set\)/)
    expect(await page.content()).not.toContain('ui-very-secret-token')
    expect(await page.getByLabel('Secret value').inputValue()).toBe('')
    await page.screenshot({ path: join(artifactsDir, 'settings-plugins.png') })
    await table.getByRole('row', { name: /ui-cmp-v1/ }).getByRole('button', { name: 'Remove' }).click()
    await expect.poll(() => page.getByRole('table', { name: 'Plugins' }).count()).toBe(0)
    expect(problems).toEqual([])
  })

  it("an app's plugin parameters are fields in its editor (static and dynamic, with defaults); a value typed goes into its YAML", async () => {
    const plugin = ['apiVersion: argoproj.io/v1alpha1', 'kind: ConfigManagementPlugin', 'metadata: {name: ui-params}', 'spec:', '  generate: {command: [cat, all.yaml]}', '  parameters:', '    static: [{name: size, title: Size, string: small}]', `    dynamic: {command: [sh, -c, 'echo "[{\\"name\\": \\"region\\", \\"title\\": \\"Region\\", \\"string\\": \\"eu\\"}]"']}`].join('\n')
    await page.evaluate((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.addPlugins(text), plugin)
    const app = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata: {name: ui-plug}', 'spec:', '  project: default', '  source:', `    repoURL: '${repo.url}'`, '    path: guestbook', '    plugin: {name: ui-params}   # rendered by our plugin', '  destination: {name: ground-1, namespace: ui-plug}'].join('\n')
    await page.evaluate((text) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(text), app)
    await page.goto(page.url().replace(/#.*$/, '') + '#/edit/ui-plug')
    const fields = page.getByRole('group', { name: 'Plugin parameters' })
    await expect.poll(() => fields.textContent(), { timeout: 30_000 }).toMatch(/Plugin parameters \(ui-params\).*Size.*Region/)
    expect(await fields.getByLabel('Parameter region').getAttribute('placeholder')).toBe('eu')
    await fields.getByLabel('Parameter region').fill('us')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(async () => (await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.getApp('ui-plug'))).yaml, { timeout: 10_000 }).toMatch(/parameters:\s*\n\s*- name: region\n\s*string: us/)
    expect(problems).toEqual([])
  })

  it('deleting a resource asks which way (orphan keeps its ReplicaSet) and, on a protected context, its name; the app shows it Missing and lists the event', async () => {
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByLabel('Protect ground-1', { exact: true }).check()
    await expect.poll(() => page.getByRole('button', { name: /^Cluster:/ }).getAttribute('aria-label')).toContain('ground-1 (protected)')
    await page.goto(page.url().replace(/#.*$/, '') + '#/apps/ui-gb')
    const details = page.getByRole('region', { name: 'Application ui-gb' })
    const replicaSets = () => kubectl('-n', 'ui-gb', 'get', 'replicasets', '-o', 'name').split('\n').filter(Boolean)
    const before = replicaSets()
    expect(before.length).toBeGreaterThan(0)
    await details.getByRole('button', { name: 'Delete Deployment guestbook-ui' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Delete apps/Deployment/ui-gb/guestbook-ui' })
    await dialog.getByLabel(/Orphan/).check()
    const go = dialog.getByRole('button', { name: 'Delete', exact: true })
    expect(await go.isDisabled()).toBe(true) // the protected context's name first
    await accessibility('delete resource')
    await dialog.getByLabel('Confirm context name').fill('ground-1')
    await go.click()
    await expect.poll(() => kubectl('-n', 'ui-gb', 'get', 'deployment', '--ignore-not-found', '-o', 'name').trim(), { timeout: 30_000 }).toBe('')
    expect(replicaSets()).toEqual(before) // orphaned, not deleted
    await expect.poll(() => details.getByRole('tree', { name: 'Resources' }).textContent(), { timeout: 30_000 }).toMatch(/Deployment.*guestbook-ui.*Missing/)
    await expect.poll(() => details.getByRole('table', { name: 'Events' }).textContent(), { timeout: 30_000 }).toMatch(/delete.*apps\/Deployment\/ui-gb\/guestbook-ui.*orphan/)
    await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.protectCluster('ground-1', false))
    expect(problems).toEqual([])
  })

  it("a resource's panel: its live manifest (managed fields folded, Monaco's icon font loaded), its scaling events as they happen, its pods' logs streaming with the container and previous pickers", async () => {
    const details = page.getByRole('region', { name: 'Application ui-gb' })
    await page.goto(page.url().replace(/#.*$/, '') + '#/apps/ui-gb')
    await page.reload() // ground-1 was unprotected through the API: the page reads its clusters again
    await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.syncApp('ui-gb')) // the Deployment was deleted above
    await expect.poll(() => details.locator('.details-head').textContent(), { timeout: 90_000, interval: 500 }).toMatch(/Synced.*Healthy/)
    await details.getByRole('button', { name: 'Open Deployment guestbook-ui' }).click()
    const panel = page.getByRole('dialog', { name: 'Deployment guestbook-ui' })
    await expect.poll(() => panel.getByRole('tabpanel').textContent(), { timeout: 30_000 }).toMatch(/Clusterground-1/)
    await accessibility('resource panel')

    await panel.getByRole('tab', { name: 'Live manifest' }).click()
    const lines = panel.locator('.monaco-editor .view-lines')
    await expect.poll(() => lines.textContent(), { timeout: 30_000 }).toMatch(/kind:\s*Deployment/)
    await expect.poll(() => panel.locator('.codicon-folding-collapsed').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await lines.textContent()).not.toContain('f:metadata') // managedFields folded
    await accessibility('live manifest')
    const codicon = (await page.evaluate(`document.fonts.load('16px codicon').then((faces) => faces.map((f) => f.status))`)) as string[]
    expect(codicon).toEqual(['loaded'])

    await panel.getByRole('tab', { name: 'Events' }).click()
    // The Deployment was re-created above (it adopted its ReplicaSet: no scaling yet); its ReplicaSet's and pods' events show.
    const kubeEvents = panel.getByRole('table', { name: 'Kubernetes events' })
    await expect.poll(() => kubeEvents.textContent(), { timeout: 30_000 }).toMatch(/ReplicaSet\/guestbook-ui-\w+/)
    kubectl('-n', 'ui-gb', 'scale', 'deployment', 'guestbook-ui', '--replicas=2')
    await expect.poll(() => kubeEvents.textContent(), { timeout: 30_000 }).toMatch(/Scaled up replica set guestbook-ui-\w+ from 1 to 2/)

    await panel.getByRole('tab', { name: 'Logs' }).click()
    const logLines = panel.getByLabel('Log lines', { exact: true })
    await expect.poll(async () => (await logLines.textContent())?.match(/ground: container started/g)?.length, { timeout: 30_000 }).toBe(2) // both pods, named
    expect(await logLines.textContent()).toMatch(/guestbook-ui-\w+-\w+\/guestbook-ui ground: container started/)
    const marker = `written while the panel is open ${Date.now()}`
    appendFileSync(podLogs.current, criLogLine(marker))
    await expect.poll(async () => (await logLines.textContent())?.split(marker).length, { timeout: 10_000, interval: 100 }).toBe(3)
    await panel.getByLabel('Filter log lines').fill('while the panel')
    await expect.poll(() => logLines.locator('mark').count()).toBe(2)
    await page.screenshot({ path: join(artifactsDir, 'logs.png') })
    await accessibility('logs')
    await panel.getByLabel('Filter log lines').fill('')
    await panel.getByLabel('Container', { exact: true }).selectOption('guestbook-ui')
    await panel.getByLabel('Previous container').check()
    await expect.poll(() => logLines.textContent(), { timeout: 30_000 }).toContain('ground: the previous container, before its restart')
    expect(await logLines.textContent()).not.toContain(marker)
    // Escape closes the panel, and only the panel: the app stays on screen.
    await page.keyboard.press('Escape')
    await expect.poll(() => panel.count()).toBe(0)
    expect(await details.isVisible()).toBe(true)
    kubectl('-n', 'ui-gb', 'scale', 'deployment', 'guestbook-ui', '--replicas=1')
    expect(problems).toEqual([])
  })

  it('the graph shows the app, Deployment → ReplicaSet → Pod with their health; filtering by Degraded leaves the degraded pod and its path; kind icons are drawn (checked by pixel)', async () => {
    const details = page.getByRole('region', { name: 'Application ui-gb' })
    const openPanel = page.getByRole('button', { name: 'Close the resource panel' })
    if (await openPanel.count()) await openPanel.click() // left open by a failure above
    const pod = kubectl('-n', 'ui-gb', 'get', 'pods', '-o', 'name').split('\n').filter(Boolean)[0]!
    kubectl('-n', 'ui-gb', 'patch', pod, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' } }))
    await details.getByRole('button', { name: 'Graph', exact: true }).click()
    await details.getByRole('button', { name: 'Refresh', exact: true }).click()
    const graph = page.getByTestId('graph')
    const failed = `/Pod/ui-gb/${pod.replace('pod/', '')}`
    await expect.poll(() => graph.locator(`[data-node="${failed}"]`).getAttribute('data-health'), { timeout: 30_000 }).toBe('Degraded')
    for (const prefix of ['app:ui-gb', 'apps/Deployment/ui-gb/guestbook-ui', 'apps/ReplicaSet/ui-gb/guestbook-ui-', '/Pod/ui-gb/guestbook-ui-']) expect(await graph.locator(`[data-node^="${prefix}"]`).count()).toBeGreaterThan(0)
    await expect.poll(() => graph.locator('[data-node="apps/Deployment/ui-gb/guestbook-ui"]').getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/Deployment guestbook-ui: Healthy, Synced/)
    await page.screenshot({ path: join(artifactsDir, 'graph.png') })
    await accessibility('graph')

    // The Deployment's icon is drawn: pixels of the icon colour, not an empty box.
    await graph.scrollIntoViewIfNeeded()
    const box = (await graph.locator('[data-node="apps/Deployment/ui-gb/guestbook-ui"] .graph-icon').boundingBox())!
    const png = (await page.screenshot({ clip: box })).toString('base64')
    const inked = await page.evaluate(`new Promise((resolve) => {
      const img = new Image()
      img.onload = () => {
        const canvas = document.createElement('canvas')
        canvas.width = img.width
        canvas.height = img.height
        const g = canvas.getContext('2d')
        g.drawImage(img, 0, 0)
        const data = g.getImageData(0, 0, img.width, img.height).data
        let count = 0
        for (let i = 0; i < data.length; i += 4) if (data[i + 2] - data[i] > 60) count++
        resolve({ count, total: img.width * img.height })
      }
      img.src = 'data:image/png;base64,${png}'
    })`) as { count: number; total: number }
    expect(inked.count).toBeGreaterThan(15)
    expect(inked.count).toBeLessThan(inked.total * 0.6) // a glyph, not a filled box

    const filters = page.getByRole('group', { name: 'Graph filters' })
    await filters.locator('summary', { hasText: 'Health' }).click()
    await filters.getByLabel('Degraded').check()
    const shown = () => graph.locator('[data-node]').evaluateAll((nodes) => nodes.map((n) => `${(n as unknown as { dataset: Record<string, string> }).dataset.node}${n.classList.contains('on-path') ? ' (path)' : ''}`).sort())
    // Sorted: the degraded pod, the app (the root), and the pod's owners shown as its path.
    await expect.poll(shown).toEqual([failed, 'app:ui-gb', 'apps/Deployment/ui-gb/guestbook-ui (path)', expect.stringMatching(/^apps\/ReplicaSet\/ui-gb\/guestbook-ui-\w+ \(path\)$/)])
    await filters.getByLabel('Degraded').uncheck()
    kubectl('-n', 'ui-gb', 'delete', pod, '--wait=false')
    await details.getByRole('button', { name: 'Tree', exact: true }).click()
    expect(problems).toEqual([])
  })

  it("an orphaned ConfigMap in the app's namespace raises OrphanedResourceWarning and is listed, when the project watches orphans", async () => {
    await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml('apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: default}\nspec:\n  sourceRepos: ["*"]\n  destinations: [{server: "*", name: "*", namespace: "*"}]\n  clusterResourceWhitelist: [{group: "*", kind: "*"}]\n  orphanedResources: {warn: true}\n'))
    kubectl('-n', 'ui-gb', 'create', 'configmap', 'left-behind', '--from-literal=a=b')
    const details = page.getByRole('region', { name: 'Application ui-gb' })
    const engineSays = () => page.evaluate(async () => (await (globalThis as unknown as { gitops: GitopsApi }).gitops.getApp('ui-gb')).status?.conditions.map((c) => `${c.type}: ${c.message}`).join('; ') ?? '')
    await expect.poll(engineSays, { timeout: 60_000 }).toMatch(/OrphanedResourceWarning: Application has 1 orphaned resources/)
    await expect.poll(() => details.getByRole('list', { name: 'Conditions' }).textContent(), { timeout: 30_000 }).toMatch(/OrphanedResourceWarning: Application has 1 orphaned resources/)
    await details.locator('.orphaned summary').click()
    expect(await details.getByRole('list', { name: 'Orphaned resources' }).textContent()).toMatch(/ConfigMap left-behind/)
    await page.screenshot({ path: join(artifactsDir, 'orphaned.png') })
    await accessibility('orphaned resources')
    kubectl('-n', 'ui-gb', 'delete', 'configmap', 'left-behind')
    await expect.poll(async () => (await details.getByRole('list', { name: 'Conditions' }).count()) === 0 || !/Orphaned/.test((await details.getByRole('list', { name: 'Conditions' }).textContent()) ?? ''), { timeout: 60_000 }).toBe(true)
    // Back to a project that does not watch orphans (the apps use it: it is replaced, not deleted).
    await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml('apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: default}\nspec:\n  sourceRepos: ["*"]\n  destinations: [{server: "*", name: "*", namespace: "*"}]\n  clusterResourceWhitelist: [{group: "*", kind: "*"}]\n'))
  })

  it('the clusters page shows each context with its reachability, version and apps by status; one click filters the app list by it', async () => {
    await page.getByRole('button', { name: 'Clusters', exact: true }).click()
    const tile = page.getByRole('article', { name: 'Cluster ground-1', exact: true })
    await expect.poll(() => tile.textContent(), { timeout: 30_000 }).toMatch(/Reachable · Kubernetes v?1\.\d+/)
    expect(await page.getByRole('article', { name: 'Cluster ground-2', exact: true }).textContent()).toMatch(/Reachable/)
    expect(await tile.getByLabel('Apps on ground-1 by status').textContent()).toMatch(/Synced\s*\d+|OutOfSync\s*\d+/)
    await page.screenshot({ path: join(artifactsDir, 'clusters.png') })
    await accessibility('clusters')
    await tile.getByRole('button', { name: /Show its \d+ apps?/ }).click()
    await expect.poll(() => page.getByLabel('Filter by cluster').inputValue()).toBe('ground-1')
    expect(await appRow('ui-gb').count()).toBe(1)
    await page.getByLabel('Filter by cluster').selectOption('')

    // The dark theme is as readable as the light one.
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).click()
    await page.getByRole('button', { name: 'Clusters', exact: true }).click()
    await page.screenshot({ path: join(artifactsDir, 'clusters-dark.png') })
    await accessibility('clusters, dark theme')
    await page.goto(page.url().replace(/#.*$/, '') + '#/apps/ui-gb')
    await page.getByRole('region', { name: 'Application ui-gb' }).getByRole('button', { name: 'Graph', exact: true }).click()
    await page.getByTestId('graph').locator('[data-node]').first().waitFor()
    await page.screenshot({ path: join(artifactsDir, 'graph-dark.png') })
    await accessibility('details and graph, dark theme')
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Follow the system' }).click()
  })
})
