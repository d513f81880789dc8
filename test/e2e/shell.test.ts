import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }
import type { GitopsApi } from '../../shared/api'
import { artifactsDir, launchChromium, startWebHarnessProcess, type RunningHarness } from './browser'

describe('app shell in Chromium through the web harness', () => {
  let harness: RunningHarness
  let browser: Browser

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true })
    harness = await startWebHarnessProcess()
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

  it('tells the user when the engine refuses the page (wrong token)', async () => {
    const page = await browser.newPage()
    await page.goto(harness.url.replace(/token=[^&]+/, 'token=wrong'))
    const status = page.getByText(/Engine unavailable/)
    await status.waitFor()
    expect(await status.textContent()).toMatch(/Cannot reach the GitOps Desk engine/)
  })
})
