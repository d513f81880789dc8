import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }
import type { GitopsApi } from '../../shared/api'
import { artifactsDir, launchChromium, startWebHarnessProcess, type RunningHarness } from './browser'

describe('app shell in Chromium through the web harness', () => {
  let harness: RunningHarness
  let browser: Browser

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true })
    // Its own data folder and the test ground's clusters: never the developer's own settings.
    harness = await startWebHarnessProcess({ ...process.env, GITOPS_DESK_DATA: mkdtempSync(join(tmpdir(), 'gitops-desk-web-')), KUBECONFIG: inject('kubeconfig') })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await harness?.stop()
  })

  it('shows the shell and the version that came back from the main side', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    page.on('pageerror', (e) => problems.push(e.message))
    await page.goto(harness.url)
    await expect(page.getByRole('banner').textContent()).resolves.toContain('GitOps Desk')
    const version = page.getByTestId('engine-version')
    await version.waitFor()
    expect(await version.textContent()).toContain(`Engine v${pkg.version}`)
    expect(await version.textContent()).toContain(`Node ${process.versions.node}`)
    await page.screenshot({ path: join(artifactsDir, 'shell.png') })
    expect(problems).toEqual([])
  })

  // Code passed to page.evaluate runs in the page, where window.gitops is globalThis.gitops.
  it('exposes the API as window.gitops in the page', async () => {
    const page = await browser.newPage()
    await page.goto(harness.url)
    const pong = await page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.ping('from the console'))
    expect(pong.pong).toBe('from the console')
    const refusal = await page.evaluate(() => ((globalThis as unknown as { gitops: GitopsApi }).gitops.ping as (x: unknown) => Promise<unknown>)(42).catch((e: unknown) => e))
    expect(refusal).toMatchObject({ name: 'ApiError', code: 'BadRequest' })
  })

  it('reaches the engine from the browser console: apps, clusters and the event stream', async () => {
    const page = await browser.newPage()
    await page.goto(harness.url)
    const appYaml = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: {name: console-app}',
      'spec:',
      '  source: {repoURL: "file:///nonexistent/repo.git", path: guestbook}',
      '  destination: {name: ground-1, namespace: console-app}',
    ].join('\n')
    const result = await page.evaluate(async (yaml) => {
      const api = (globalThis as unknown as { gitops: GitopsApi }).gitops
      const events: string[] = []
      api.onEvents((batch) => batch.forEach((e) => events.push(`${e.type}:${'app' in e ? e.app : ''}`)))
      const saved = await api.saveAppYaml(yaml)
      const clusters = await api.listClusters()
      const status = await api.refreshApp('console-app')
      const apps = await api.listApps()
      await new Promise((r) => setTimeout(r, 1500)) // one event batch
      return { saved, clusters: clusters.map((c) => `${c.name}:${c.reachable}`), status, apps: apps.map((a) => a.name), events }
    }, appYaml)
    expect(result.saved).toEqual({ apps: ['console-app'], projects: [] })
    expect(result.clusters).toEqual(expect.arrayContaining(['ground-1:true', 'ground-2:true']))
    expect(result.apps).toEqual(['console-app'])
    // The repository does not exist: the app is Unknown with a ComparisonError that says why.
    expect(result.status).toMatchObject({ sync: 'Unknown', conditions: [{ type: 'ComparisonError', message: expect.stringMatching(/nonexistent/) }] })
    expect(result.events).toContain('app-status:console-app')
  })

  it('tells the user when the engine refuses the page (wrong token)', async () => {
    const page = await browser.newPage()
    await page.goto(harness.url.replace(/token=[^&]+/, 'token=wrong'))
    const status = page.getByText(/Engine unavailable/)
    await status.waitFor()
    expect(await status.textContent()).toMatch(/Cannot reach the GitOps Desk engine/)
  })
})
