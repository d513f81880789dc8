import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import type { GitopsApi } from '../../shared/api'
import { launchChromium, startWebHarnessProcess } from '../e2e/browser'
import type { FixtureRepo } from '../ground/git-fixture'
import { type Figures, timed } from './figures'

interface Ground {
  kubeconfig: string
  binDir?: string
  repo: FixtureRepo
  work: string
}

const appYaml = (name: string, repo: string, path: string, namespace: string, destination: string) =>
  YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo, path }, destination: { name: destination, namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })

type Gitops = { gitops: GitopsApi }

/** The UI in Chromium through the web harness: list first render and filter with 1,000 apps, a big tree, a big diff. */
export async function uiBench(figures: Figures, ground: Ground): Promise<void> {
  const harness = await startWebHarnessProcess({ ...process.env, GITOPS_DESK_DATA: mkdtempSync(join(ground.work, 'ui-')), KUBECONFIG: ground.kubeconfig, ...(ground.binDir ? { PATH: `${ground.binDir}:${process.env.PATH}` } : {}) })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(harness.url)
    // Seeded through the API, as a user's store would hold them: 1,000 apps on ground-3, and the two big ones.
    const many = Array.from({ length: 1000 }, (_, i) => appYaml(`app-${i}`, ground.repo.url, 'guestbook', `team-${i % 40}`, 'ground-3')).join('---\n')
    await page.evaluate((yaml) => (globalThis as unknown as Gitops).gitops.saveAppYaml(yaml), many)
    await page.evaluate((yaml) => (globalThis as unknown as Gitops).gitops.saveAppYaml(yaml), appYaml('bench-big', ground.repo.url, 'big', 'bench-big', 'ground-1') + '---\n' + appYaml('bench-bigfile', ground.repo.url, 'bigfile', 'bench-bigfile', 'ground-1'))
    await page.evaluate(() => (globalThis as unknown as Gitops).gitops.syncApp('bench-bigfile'))
    // Let the first compare of every app finish, so the figures are the UI's and not the engine's.
    const deadline = Date.now() + 180_000
    while (Date.now() < deadline) {
      const pending = await page.evaluate(async () => (await (globalThis as unknown as Gitops).gitops.listApps()).filter((a) => !a.status).length)
      if (pending === 0) break
      await new Promise((r) => setTimeout(r, 1000))
    }

    const firstRender = await timed(3, async () => {
      await page.goto(`${harness.url}#/`)
      await page.reload()
      await page.locator('[data-app]').first().waitFor()
      await page.getByText(/1002 of 1002/).waitFor()
    })
    figures.record('ui.list.firstRender.ms', firstRender.median, 'ms')

    // Runs in the page (a string: this file is compiled without the DOM's types).
    const filter = (await page.evaluate(`(async () => {
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
    figures.record('ui.filter.ms', filter[Math.floor(filter.length / 2)]!, 'ms')
    figures.record('ui.filter.max.ms', filter.at(-1)!, 'ms')

    const tree = await timed(3, async () => {
      await page.goto(`${harness.url}#/`)
      await page.goto(`${harness.url}#/apps/bench-big`)
      await page.locator('ul.resources > li').nth(1199).waitFor({ timeout: 120_000 })
    })
    figures.record('ui.tree.ms', tree.median, 'ms')
    figures.record('ui.tree.nodes', await page.locator('ul.resources > li').count(), 'nodes')

    const diff = await timed(3, async () => {
      await page.goto(`${harness.url}#/apps/bench-bigfile`)
      await page.goto(`${harness.url}#/diff/bench-bigfile`)
      await page.locator('.monaco-diff-editor .editor.modified .view-line').first().waitFor({ timeout: 60_000 })
    })
    figures.record('ui.diffOpen.ms', diff.median, 'ms')
    const heap = (await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) as number
    if (heap) figures.record('ui.heap.mb', heap / 1024 / 1024, 'MB')
  } finally {
    await browser.close()
    await harness.stop()
  }
}
