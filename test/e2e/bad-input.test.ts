import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { GitopsApi } from '../../shared/api'
import { FixtureRepo } from '../ground/git-fixture'
import { openUi, type OpenUi } from './browser'

// The New app form and the YAML editor in Chromium refuse bad input where it was typed, and
// store nothing: the browser's own check of the name, the engine's check of the path, every
// problem of a YAML text listed with its line while Save stays on screen.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])

describe('bad input in the UI', () => {
  let ui: OpenUi
  let page: Page
  beforeAll(async () => {
    ui = await openUi('bad-input', kubeconfig, bin.binDir)
    page = ui.page
  })
  afterAll(async () => {
    await ui?.close()
    repo.remove()
  })

  const storedApps = () => page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.listApps().then((apps) => apps.map((a) => a.name)))
  const editorText = () => page.locator('.monaco-editor .view-lines').evaluate((el) => (el as unknown as { innerText: string }).innerText.replace(/\u00a0/g, ' '))

  it('the form: the browser refuses a name that is no Kubernetes name; a path missing from the repository is marked on the Path field; nothing is stored', async () => {
    await page.getByRole('button', { name: 'Add an application' }).click()
    const name = page.getByLabel('Name', { exact: true })
    const mismatch = () => name.evaluate((input) => (input as unknown as { validity: { patternMismatch: boolean } }).validity.patternMismatch)
    for (const bad of ['Bad_Name', 'guestbook-DEV', '-edge']) {
      await name.fill(bad)
      expect(await mismatch(), bad).toBe(true) // the pattern compiles under Chrome's v flag, so it is checked
    }
    await name.fill('bad-input.ui')
    expect(await mismatch()).toBe(false)
    expect(await name.evaluate((input) => (input as unknown as { maxLength: number }).maxLength)).toBe(253)

    await page.getByLabel('Repository URL', { exact: true }).fill(repo.url)
    await page.getByLabel('Path', { exact: true }).fill('no-such-folder')
    await page.getByRole('radiogroup', { name: 'Destination cluster' }).getByRole('radio', { name: 'ground-1', exact: true }).click()
    await page.getByLabel('Namespace', { exact: true }).fill('bad-input')
    await page.getByRole('button', { name: 'Save' }).click()
    const path = page.getByLabel('Path', { exact: true })
    await expect.poll(() => path.getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true')
    const described = await path.getAttribute('aria-describedby')
    expect(await page.locator(`#${described}`).textContent()).toMatch(/^app path does not exist: "no-such-folder" is not a folder of .* at HEAD/)
    expect(await page.getByRole('alert').textContent()).not.toMatch(/saveAppForm|argument 0/)
    expect(await storedApps()).toEqual([])
  })

  it('switching to YAML carries what was typed; a YAML with several problems lists each with its line, marks the lines, keeps Save on screen, stores nothing', async () => {
    await page.getByRole('button', { name: 'YAML', exact: true }).click()
    await expect.poll(editorText, { timeout: 30_000 }).toMatch(/name: bad-input\.ui/)
    const carried = await editorText()
    expect(carried).toMatch(/path: no-such-folder/)
    expect(carried).toMatch(/repoURL: file:\/\//)
    expect(carried).toMatch(/name: ground-1/)

    const text = ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata:', '  name: Bad_Name', 'spec:', '  project: default', '  source:', `    repoURL: ${repo.url}`, '    targetRevison: HEAD', '    path: guestbook', '  destination:', '    name: ground-1', '    namespace: bad-input', '  syncPolicy:', '    automatic: {prune: true}', ''].join('\n')
    await page.locator('input[type=file]').setInputFiles({ name: 'bad.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) })
    await expect.poll(editorText).toMatch(/targetRevison: HEAD/)
    const save = page.getByRole('button', { name: 'Save' })
    await save.click()
    const list = page.getByRole('list', { name: 'Problems in the YAML' })
    await list.waitFor({ timeout: 30_000 })
    const items = (await list.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' '))
    expect(items).toEqual([
      expect.stringMatching(/^Line 4 metadata\.name: invalid name "Bad_Name": must be a lower-case DNS-1123 name/),
      'Line 9 spec.source.targetRevison: unknown field "spec.source.targetRevison" (did you mean "targetRevision"?)',
      'Line 15 spec.syncPolicy.automatic: unknown field "spec.syncPolicy.automatic" (did you mean "automated"?)',
    ])
    await expect.poll(() => page.locator('.monaco-editor .squiggly-error').count()).toBeGreaterThanOrEqual(3)
    const box = await save.boundingBox()
    const viewport = page.viewportSize()!
    expect(box && box.y >= 0 && box.y + box.height <= viewport.height, `Save at ${JSON.stringify(box)} in ${JSON.stringify(viewport)}`).toBe(true)
    expect(await storedApps()).toEqual([])
    expect(ui.problems).toEqual([])
  })
})
