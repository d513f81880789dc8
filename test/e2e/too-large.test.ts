import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { maxUserTextBytes } from '../../shared/limits'
import { openUi, type OpenUi } from './browser'

// An 8 MiB YAML in the app editor (Chromium, the built renderer, the web harness): Save says it is
// too large, in the contract's words, instead of hanging or taking the engine down; the page and
// the harness go on working.
describe('a YAML over the limit in the app editor', () => {
  let ui: OpenUi
  beforeAll(async () => {
    ui = await openUi('too-large', inject('kubeconfig'), inject('groundBinaries').binDir)
  })
  afterAll(() => ui?.close())

  it('Save answers "too large" and stores nothing; the UI still talks to the engine', async () => {
    const { page } = ui
    await page.getByRole('button', { name: 'Add an application' }).click()
    await page.getByRole('button', { name: 'YAML', exact: true }).click()
    const yaml = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: too-large\n  annotations:\n    note: "${'x'.repeat(maxUserTextBytes)}"\n`
    await page.locator('input[type=file]').setInputFiles({ name: 'big.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) })
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('alert').filter({ hasText: 'The Application YAML is 8 MiB and 107 bytes; the limit is 8 MiB (the most GitOps Desk takes at once)' }).waitFor({ timeout: 60_000 })
    expect(await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.listApps().then((apps) => apps.length))).toBe(0)
    expect(await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.ping('after').then((r) => r.pong))).toBe('after')
    expect(ui.harness.process.exitCode).toBeNull()
    expect(ui.problems).toEqual([])
  })
})
