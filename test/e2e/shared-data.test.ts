import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { openDeskStore } from '../../main/engine/store/desk-store'
import { launchChromium, repoRoot, startWebHarnessProcess, type RunningHarness } from './browser'

// The desktop app (here its web harness, the same engine) and the CLI on one data folder, as the
// README promises: what the CLI adds shows in the running app, and the app's own changes keep it.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-shared-'))
const env = { ...process.env, KUBECONFIG: kubeconfig, GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` }
const cli = (args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })
const appYaml = (name: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
spec:
  project: default
  source:
    repoURL: https://example.com/nowhere.git
    path: ${name}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${name}
`
const storedNames = () => (JSON.parse(readFileSync(join(dataDir, 'gitops-desk.json'), 'utf8')) as { apps: { metadata: { name: string } }[] }).apps.map((a) => a.metadata.name).sort()

describe('the running app and the CLI on one data folder', () => {
  let harness: RunningHarness
  let browser: Browser
  let page: Page
  const gitops = <T>(call: (api: GitopsApi) => Promise<T>) => page.evaluate(`(${call.toString()})(globalThis.gitops)`) as Promise<T>
  beforeAll(async () => {
    harness = await startWebHarnessProcess(env)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(harness.url)
    await page.getByRole('region', { name: 'Applications' }).waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await harness?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('an app the CLI adds shows in the running app without a restart, and a settings change there keeps it', async () => {
    const file = join(dataDir, 'clob.yaml')
    writeFileSync(file, appYaml('clob'))
    const added = cli(['app', 'add', file])
    expect(added.status, added.stderr).toBe(0)
    // The list on screen follows (an event, no reload of the page), and so does listApps.
    await page.locator('[role="row"][data-app="clob"]').waitFor({ timeout: 20_000 })
    expect((await gitops((api) => api.listApps())).map((a) => a.name)).toContain('clob')

    await gitops((api) => api.updateSettings({ theme: 'dark' }))
    expect(storedNames()).toContain('clob')
    expect(cli(['app', 'list']).stdout).toContain('clob')
  })

  it('a settings change by another process reaches the running app, and its next write keeps it', async () => {
    await page.getByRole('button', { name: 'Settings' }).click()
    const interval = page.getByRole('spinbutton', { name: 'Reconcile interval (seconds)' })
    await expect.poll(() => interval.inputValue()).toBe('120')
    openDeskStore(dataDir).update((data) => void (data.settings.reconcileIntervalSeconds = 300))
    // The open Settings page shows it (an event), and so does the API.
    await expect.poll(() => interval.inputValue(), { timeout: 10_000 }).toBe('300')
    await expect.poll(() => gitops((api) => api.getSettings().then((s) => s.reconcileIntervalSeconds)), { timeout: 10_000 }).toBe(300)
    await gitops((api) => api.updateSettings({ theme: 'light' }))
    const stored = JSON.parse(readFileSync(join(dataDir, 'gitops-desk.json'), 'utf8')) as { settings: { reconcileIntervalSeconds: number; theme: string } }
    expect(stored.settings).toMatchObject({ reconcileIntervalSeconds: 300, theme: 'light' })
    expect(storedNames()).toContain('clob')
  })
})

describe('the web harness on a store it cannot use', () => {
  const start = (folder: string) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['out/main/web.js'], { cwd: repoRoot, env: { ...process.env, GITOPS_DESK_DATA: folder, GITOPS_DESK_WEB_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.once('exit', (code) => resolve({ code, output }))
    })
  const cliIn = (folder: string) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', 'app', 'list'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, GITOPS_DESK_DATA: folder }, timeout: 60_000 })

  it.each([
    ['a newer version wrote it', { store: JSON.stringify({ schemaVersion: 99, apps: 'new shape' }), backup: undefined as string | undefined }, /was written by a newer GitOps Desk \(schema version 99/],
    ['it and its backup are damaged', { store: '{"apps": [trunc', backup: 'GARBAGE-BACKUP' }, /is damaged .* and so is its backup/],
  ])('%s: the same clean message as the CLI, exit 2, no stack, nothing changed', async (_case, files, message) => {
    const folder = mkdtempSync(join(tmpdir(), 'gitops-desk-unusable-'))
    const path = join(folder, 'gitops-desk.json')
    writeFileSync(path, files.store)
    if (files.backup) writeFileSync(`${path}.bak`, files.backup)
    const harness = await start(folder)
    const line = cliIn(folder).stderr.trim()
    expect(harness.code).toBe(2)
    expect(harness.output).toMatch(message)
    expect(harness.output.trim()).toBe(line)
    expect(harness.output).not.toMatch(/\n\s+at |UserError|GARBAGE/)
    expect(readFileSync(path, 'utf8')).toBe(files.store)
    rmSync(folder, { recursive: true, force: true })
  })
})
