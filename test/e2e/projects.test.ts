import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { artifactsDir, openUi, type OpenUi } from './browser'

// Issue 33: AppProjects (YAML with line errors, sync windows on a timeline), Repositories with a
// Test, the ApplicationSet editor in Monaco, and the collapsed whole-app diff naming its documents.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['guestbook'])
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const application = (name: string, project: string) =>
  ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', `metadata: {name: ${name}}`, 'spec:', `  project: ${project}`, `  source: {repoURL: '${repo.url}', path: guestbook}`, `  destination: {name: ground-1, namespace: ${name}}`, '  syncPolicy: {syncOptions: [CreateNamespace=true]}', ''].join('\n')
const project = (windows: string[]) => ['apiVersion: argoproj.io/v1alpha1', 'kind: AppProject', 'metadata: {name: team}', 'spec:', "  sourceRepos: ['*']", "  destinations: [{server: '*', namespace: '*'}]", "  clusterResourceWhitelist: [{group: '*', kind: '*'}]", '  syncWindows:', ...windows, ''].join('\n')

describe('projects, repositories, the ApplicationSet editor and the collapsed diff, in Chromium', () => {
  let ui: OpenUi
  let page: Page
  const api = <T,>(run: (gitops: GitopsApi) => Promise<T>) => page.evaluate(`(${run.toString()})(globalThis.gitops)`) as Promise<T>
  const accessibility = async (where: string) => {
    await page.evaluate(axeSource)
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })`)) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${where}: ${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([])
  }
  const importYaml = (scope: ReturnType<Page['locator']>, text: string) => scope.locator('input[type=file]').setInputFiles({ name: 'edit.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) })
  /** The timeline's axis labels as drawn: "now" and no two of them overlapping, none outside the axis. */
  const axisLabelsApart = async () => {
    const axis = page.locator('.timeline-axis')
    const box = (await axis.boundingBox())!
    const labels = await axis.locator('span').evaluateAll((spans) => spans.map((s) => {
      const r = (s as unknown as { getBoundingClientRect(): { left: number; right: number } }).getBoundingClientRect()
      return { text: s.textContent, left: r.left, right: r.right }
    }))
    expect(labels.filter((l) => l.text === 'now')).toHaveLength(1)
    const sorted = labels.sort((a, b) => a.left - b.left)
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.left, `${sorted[i - 1]!.text} and ${sorted[i]!.text}`).toBeGreaterThanOrEqual(sorted[i - 1]!.right)
    for (const l of sorted) expect(l.left >= box.x - 0.5 && l.right <= box.x + box.width + 0.5, `${l.text} inside the axis`).toBe(true)
  }
  const editorText = (scope: ReturnType<Page['locator']>) => scope.locator('.monaco-editor .view-lines').evaluate((el) => (el as unknown as { innerText: string }).innerText.replace(/\u00a0/g, ' '))

  beforeAll(async () => {
    ui = await openUi('projects', kubeconfig, bin.binDir)
    page = ui.page
    await page.setViewportSize({ width: 1280, height: 800 })
    const text = `${project(['  - {kind: allow, schedule: "0 6 * * *", duration: 2h, namespaces: [other]}'])}---\n${application('proj-gb', 'team')}---\n${application('proj-diff', 'default')}`
    await page.evaluate((t) => (globalThis as unknown as { gitops: GitopsApi }).gitops.saveAppYaml(t), text)
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  it('the Projects page lists team with its app; a bad window is refused at its line; a deny window saved in YAML shows on the timeline at now and blocks the app’s sync', async () => {
    await page.getByRole('button', { name: 'Projects', exact: true }).click()
    const list = page.getByRole('table', { name: 'Project list' })
    await expect.poll(() => list.getByRole('row').filter({ hasText: 'team' }).textContent(), { timeout: 30_000 }).toMatch(/team.*proj-gb/)
    expect(await list.getByRole('row').filter({ hasText: 'team' }).textContent()).not.toMatch(/proj-diff/)
    await list.getByRole('button', { name: 'team', exact: true }).click()
    const editor = page.getByRole('region', { name: 'Project team YAML' })
    await expect.poll(() => editorText(editor), { timeout: 30_000 }).toMatch(/schedule: 0 6 \* \* \*/)
    const timeline = page.getByRole('region', { name: 'Sync windows timeline' })
    await expect.poll(() => timeline.textContent(), { timeout: 30_000 }).toMatch(/allow.*0 6 \* \* \*.*for 2h.*namespaces other/)

    const bad = project(['  - {kind: deny, schedule: "* * * * *", duration: soon, applications: [proj-gb]}'])
    await importYaml(editor, bad)
    await expect.poll(() => editorText(editor)).toMatch(/duration: soon/)
    await editor.getByRole('button', { name: 'Save', exact: true }).click()
    const problems = editor.getByRole('list', { name: 'Problems in the YAML' })
    await problems.waitFor({ timeout: 30_000 })
    expect((await problems.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' '))).toEqual([expect.stringMatching(/^Line 9 spec\.syncWindows\.0\.duration: "soon" is not a duration/)])
    await expect.poll(() => editor.locator('.monaco-editor .squiggly-error').count()).toBeGreaterThanOrEqual(1)
    expect((await api((g) => g.getProject('team'))).yaml).toMatch(/duration: 2h/) // nothing stored

    await importYaml(editor, bad.replace('duration: soon', 'duration: 1h'))
    await expect.poll(() => editorText(editor)).toMatch(/duration: 1h/)
    await editor.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(() => editor.getByRole('status').textContent(), { timeout: 30_000 }).toBe('Saved team')
    await expect.poll(() => timeline.textContent(), { timeout: 30_000 }).toMatch(/deny.*\* \* \* \* \*.*for 1h.*active now.*apps proj-gb/)
    const now = timeline.getByTestId('timeline-now')
    expect(await now.count()).toBe(1)
    const left = Number.parseFloat((await now.getAttribute('style'))?.match(/left: ([\d.]+)%/)?.[1] ?? 'NaN')
    expect(left).toBeCloseTo(100 / 9, 0) // an eighth of the span before now, 24 h after
    expect(await timeline.getByRole('img').getAttribute('aria-label')).toMatch(/^deny window active /)
    await page.screenshot({ path: join(artifactsDir, 'projects.png') })
    await timeline.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(artifactsDir, 'projects-timeline.png') })
    await accessibility('projects')
    await axisLabelsApart()

    // A 7-day span draws the same window across it, the marker at now again.
    await timeline.getByRole('button', { name: 'Next 7 days' }).click()
    await expect.poll(() => timeline.locator('.timeline-tick').count()).toBeGreaterThanOrEqual(5)
    await axisLabelsApart()

    await list.getByRole('row').filter({ hasText: 'team' }).getByRole('button', { name: 'proj-gb' }).click()
    const details = page.getByRole('region', { name: 'Application proj-gb' })
    // The app's page says so before anyone syncs, and links to the project's timeline.
    const notice = details.locator('.sync-window-notice')
    await expect.poll(() => notice.textContent(), { timeout: 30_000 }).toBe('Sync windows: a sync now is blocked by the active deny window "* * * * *" for 1h (project team’s windows).')
    expect(await notice.getByRole('link').getAttribute('href')).toBe('#/projects/team')
    await details.getByRole('button', { name: 'Sync', exact: true }).click()
    // The operation starts and fails at once with the window's reason, as Argo CD's does.
    await expect.poll(() => details.textContent(), { timeout: 30_000 }).toMatch(/sync refused by a sync window of project team: blocked by the active deny window "\* \* \* \* \*" for 1h/)
    await page.screenshot({ path: join(artifactsDir, 'projects-sync-blocked.png') })
    expect(kubectl('get', 'namespace', 'proj-gb', '--ignore-not-found', '-o', 'name').trim()).toBe('') // nothing reached the cluster
    expect(ui.problems).toEqual([])
  })

  it('Repositories: the app’s repository tests Successful; a URL that does not exist fails with git’s reason', async () => {
    await page.getByRole('button', { name: 'Repositories', exact: true }).click()
    const row = page.locator(`tr[data-repo="${repo.url}"]`)
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toMatch(/proj-gb.*proj-diff/)
    await expect.poll(() => row.getByTestId('connection').textContent(), { timeout: 30_000 }).toMatch(/^Successful: reached .* HEAD is [0-9a-f]{8}$/)
    await row.getByRole('button', { name: `Test ${repo.url}` }).click()
    await expect.poll(() => row.getByTestId('connection').textContent(), { timeout: 30_000 }).toMatch(/^Successful: reached /)

    await page.getByLabel('Repository URL to test').fill(`${repo.url}-missing`)
    await page.getByRole('button', { name: 'Test URL' }).click()
    const tried = page.getByTestId('tried')
    await expect.poll(() => tried.textContent(), { timeout: 30_000 }).toMatch(/^Failed: cannot fetch .*-missing: .*(does not exist|not found|not appear to be a git repository)/)
    expect(await tried.getAttribute('role')).toBe('alert')
    await page.screenshot({ path: join(artifactsDir, 'repositories.png') })
    await accessibility('repositories')
  })

  it('the ApplicationSet editor is Monaco: an unknown generator field is marked at its line, nothing is stored', async () => {
    await page.getByRole('button', { name: 'ApplicationSets', exact: true }).click()
    const form = page.getByRole('form', { name: 'ApplicationSet editor' })
    const set = ['apiVersion: argoproj.io/v1alpha1', 'kind: ApplicationSet', 'metadata: {name: proj-set}', 'spec:', '  generators:', '  - list:', '      elements: [{team: red}]', '      elementz: []', '  template:', "    metadata: {name: 'proj-{{team}}'}", '    spec:', '      project: default', `      source: {repoURL: '${repo.url}', path: guestbook}`, "      destination: {name: ground-1, namespace: 'proj-{{team}}'}", ''].join('\n')
    await importYaml(form, set)
    await expect.poll(() => editorText(form), { timeout: 30_000 }).toMatch(/elementz: \[\]/)
    await form.getByRole('button', { name: 'Preview', exact: true }).click()
    const problems = form.getByRole('list', { name: 'Problems in the YAML' })
    await problems.waitFor({ timeout: 30_000 })
    expect((await problems.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' '))).toEqual([expect.stringMatching(/^Line 8 spec\.generators\.0\.list\.elementz: unknown field/)])
    await expect.poll(() => form.locator('.monaco-editor .squiggly-error').count()).toBeGreaterThanOrEqual(1)
    expect(await api((g) => g.listAppSets())).toEqual([])
    await page.screenshot({ path: join(artifactsDir, 'appset-editor.png') })
    await accessibility('appset editor')
  })

  it('the whole-app diff with unchanged lines collapsed still names every document: in its text or on the bar that hides it', async () => {
    await api((g) => g.syncApp('proj-diff'))
    await expect.poll(async () => (await api((g) => g.getApp('proj-diff'))).status?.sync, { timeout: 90_000, interval: 500 }).toBe('Synced')
    kubectl('-n', 'proj-diff', 'scale', 'deployment', 'guestbook-ui', '--replicas=2')
    await expect.poll(async () => (await api((g) => g.getApp('proj-diff'))).status?.sync, { timeout: 30_000, interval: 250 }).toBe('OutOfSync')
    await page.evaluate("window.location.hash = '#/diff/proj-diff'")
    const pane = page.locator('.monaco-diff-editor')
    await pane.waitFor({ timeout: 30_000 })
    expect(await page.getByLabel('Collapse unchanged').isChecked()).toBe(true)
    const named = async () => {
      const text = await pane.locator('.editor.modified .view-lines').evaluate((el) => (el as unknown as { innerText: string }).innerText.replace(/\u00a0/g, ' '))
      const inText = [...text.matchAll(/^# (\w+) [\w-]+\/([\w-]+): \w+$/gm)].map((m) => `${m[1]} ${m[2]}`)
      const onBars = (await pane.locator('.editor.modified .breadcrumb-label').allTextContents()).map((t) => t.trim())
      return { all: [...new Set([...inText, ...onBars])].sort(), onBars }
    }
    await expect.poll(named, { timeout: 30_000 }).toEqual({ all: ['Deployment guestbook-ui', 'Service guestbook-ui'], onBars: expect.arrayContaining(['Service guestbook-ui']) })
    // A bar's name reveals that document's header.
    await pane.locator('.editor.modified .breadcrumb-label', { hasText: 'Service guestbook-ui' }).first().click()
    await expect.poll(() => pane.locator('.editor.modified .view-lines').textContent()).toMatch(/#\sService\sproj-diff\/guestbook-ui:\sSynced/)
    await page.screenshot({ path: join(artifactsDir, 'diff-collapsed-headers.png') })
    expect(ui.problems).toEqual([])
  })
})
