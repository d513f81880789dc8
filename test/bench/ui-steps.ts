import YAML from 'yaml'
import type { Page } from 'playwright-core'
import type { GitopsApi } from '../../shared/api'

type Gitops = { gitops: GitopsApi }

const appYaml = (name: string, repo: string, path: string, namespace: string, destination: string) =>
  YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo, path }, destination: { name: destination, namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })

/** Seeded through the API, as a user's store would hold them: 1,000 apps on ground-3, and the two big ones (bench-bigfile synced). */
export async function seedApps(page: Page, repoUrl: string): Promise<void> {
  const many = Array.from({ length: 1000 }, (_, i) => appYaml(`app-${i}`, repoUrl, 'guestbook', `team-${i % 40}`, 'ground-3')).join('---\n')
  await page.evaluate((yaml) => (globalThis as unknown as Gitops).gitops.saveAppYaml(yaml), many)
  await page.evaluate((yaml) => (globalThis as unknown as Gitops).gitops.saveAppYaml(yaml), appYaml('bench-big', repoUrl, 'big', 'bench-big', 'ground-1') + '---\n' + appYaml('bench-bigfile', repoUrl, 'bigfile', 'bench-bigfile', 'ground-1'))
  await page.evaluate(() => (globalThis as unknown as Gitops).gitops.syncApp('bench-bigfile'))
}

/** Waits for the first compare of every app, so the figures are the UI's and not the engine's. */
export async function settled(page: Page, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const pending = await page.evaluate(async () => (await (globalThis as unknown as Gitops).gitops.listApps()).filter((a) => !a.status).length)
    if (pending === 0) return
    await new Promise((r) => setTimeout(r, 1000))
  }
}

/**
 * A page script (addInitScript) that notes when the list's apps arrive (the listApps answer on
 * the harness's WebSocket) and when the first row is on screen: the first render's own part,
 * apart from how long the engine takes to answer (a busy ground's engine varies most).
 */
export const listTimingScript = `(() => {
  const marks = (globalThis.__listTiming = {})
  const pending = new Set()
  const Socket = globalThis.WebSocket
  globalThis.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args)
      this.addEventListener('message', (e) => {
        const id = /"id":(\\d+)/.exec(String(e.data).slice(0, 40))
        if (id && pending.has(id[1]) && marks.apps === undefined) marks.apps = performance.now()
        // Events (no id) that arrived before the first row: work the list did besides its first render.
        if (!id && marks.row === undefined) marks.events = (marks.events ?? 0) + 1
      })
    }
    send(data) {
      const call = /"id":(\\d+),"method":"listApps"/.exec(String(data))
      if (call) pending.add(call[1])
      super.send(data)
    }
  }
  new MutationObserver(() => {
    if (marks.row === undefined && document.querySelector('[data-app]')) marks.row = performance.now()
  }).observe(document, { subtree: true, childList: true })
})()`

/** After listFirstRender on a page with listTimingScript: from the apps' arrival to the first row on screen (ms), and the event messages before it. */
export const appsToRows = async (page: Page): Promise<{ ms: number; events: number }> => {
  const marks = (await page.evaluate('globalThis.__listTiming')) as { apps?: number; row?: number; events?: number }
  return { ms: marks.apps !== undefined && marks.row !== undefined ? marks.row - marks.apps : NaN, events: marks.events ?? 0 }
}

/** The list with 1,002 apps, from a reload to its count on screen. */
export async function listFirstRender(page: Page, url: string): Promise<number> {
  const start = performance.now()
  await page.goto(`${url}#/`)
  await page.reload()
  await page.locator('[data-app]').first().waitFor()
  await page.getByText(/1002 of 1002/).waitFor()
  return performance.now() - start
}

/** Typing into the search, each text to the second frame after it, sorted (ms). */
export async function filterTimes(page: Page): Promise<number[]> {
  // Runs in the page (a string: this file is compiled without the DOM's types).
  return (await page.evaluate(`(async () => {
    const input = document.querySelector('input[type=search]')
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    const times = []
    for (const text of ['app-9', 'app-99', 'team-3', 'guestbook', '', 'app-1', 'nothing-matches', '']) {
      const start = performance.now()
      setValue.call(input, text)
      input.dispatchEvent(new Event('input', { bubbles: true }))
      await frame()
      times.push(performance.now() - start)
    }
    return times.sort((a, b) => a - b)
  })()`)) as number[]
}

/** The app page, then its 5,000-line diff to the first line in Monaco (both, as the figure always timed). */
export async function diffOpen(page: Page, url: string): Promise<number> {
  const start = performance.now()
  await page.goto(`${url}#/apps/bench-bigfile`)
  await page.goto(`${url}#/diff/bench-bigfile`)
  await page.locator('.monaco-diff-editor .editor.modified .view-line').first().waitFor({ timeout: 60_000 })
  return performance.now() - start
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
