import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { GitopsApi } from '../../shared/api'
import { openUi, type OpenUi } from './browser'

// Settings' numeric fields in Chromium: a bad value is refused beside the field where it was
// typed (aria-invalid, the allowed range, what is kept), nothing is sent, and a good one saves.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')

describe('numeric settings', () => {
  let ui: OpenUi
  let page: Page
  const stored = () => page.evaluate(() => (globalThis as unknown as { gitops: GitopsApi }).gitops.getSettings())
  beforeAll(async () => {
    ui = await openUi('settings-numbers', kubeconfig, bin.binDir)
    page = ui.page
    await page.getByRole('button', { name: 'Settings' }).click()
  })
  afterAll(async () => {
    await ui?.close()
  })

  const field = (name: string) => page.getByRole('spinbutton', { name, exact: false })

  it.each(['0', '-5', '99999', '2.5', ''])('Exec timeout %j: the message is beside the field, nothing is saved', async (typed) => {
    const input = field('Exec timeout (seconds)')
    await input.fill(typed)
    await input.press('Tab')
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true')
    const describedBy = await input.getAttribute('aria-describedby')
    const message = page.locator(`[id="${describedBy}"]`)
    await expect.poll(() => message.textContent()).toMatch(/^Enter a whole number from 1 to 3600.* Not saved: it stays 90\.$/)
    // Beside the field: inside its label, and no page-level alert with the API's wording.
    expect(await input.locator('xpath=ancestor::label').locator('.field-error').count()).toBe(1)
    expect(await page.getByText(/Invalid argument|execTimeoutSeconds/).count()).toBe(0)
    expect(await input.inputValue()).toBe(typed)
    expect((await stored()).execTimeoutSeconds).toBe(90)
  })

  it('a good value clears the message and is saved', async () => {
    const input = field('Exec timeout (seconds)')
    await input.fill('120')
    expect(await input.getAttribute('aria-invalid')).toBeNull()
    await input.press('Tab')
    await expect.poll(async () => (await stored()).execTimeoutSeconds).toBe(120)
    expect(await page.locator('.field-error').count()).toBe(0)
  })

  it('the reconcile interval is checked the same way', async () => {
    const input = field('Reconcile interval (seconds)')
    await input.fill('5')
    await input.press('Tab')
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator(`[id="${await input.getAttribute('aria-describedby')}"]`).textContent()).toBe('Enter a whole number from 10 to 86400: 5 is too small. Not saved: it stays 120.')
    expect((await stored()).reconcileIntervalSeconds).toBe(120)
  })

  it('operations running at once: checked the same way, a good value saved', async () => {
    const input = field('Operations running at once')
    expect(await input.inputValue()).toBe('10')
    await input.fill('0')
    await input.press('Tab')
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator(`[id="${await input.getAttribute('aria-describedby')}"]`).textContent()).toBe('Enter a whole number from 1 to 1000: 0 is too small. Not saved: it stays 10.')
    expect((await stored()).maxRunningOperations).toBe(10)
    await input.fill('3')
    await input.press('Tab')
    await expect.poll(async () => (await stored()).maxRunningOperations).toBe(3)
  })
})
