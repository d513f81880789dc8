import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { launchChromium, startWebHarnessProcess } from '../e2e/browser'
import type { FixtureRepo } from '../ground/git-fixture'
import { type Figures, timed } from './figures'
import { diffOpen, filterTimes, listFirstRender, seedApps, settled } from './ui-steps'

export interface UiGround {
  kubeconfig: string
  binDir?: string
  repo: FixtureRepo
  work: string
}

/** The harness's environment: its own data folder, the ground's kubeconfig and tools. */
export const harnessEnv = (ground: UiGround, prefix: string): NodeJS.ProcessEnv => ({ ...process.env, GITOPS_DESK_DATA: mkdtempSync(join(ground.work, prefix)), KUBECONFIG: ground.kubeconfig, ...(ground.binDir ? { PATH: `${ground.binDir}:${process.env.PATH}` } : {}) })

/** The UI in Chromium through the web harness: list first render and filter with 1,000 apps, a big tree, a big diff. */
export async function uiBench(figures: Figures, ground: UiGround): Promise<void> {
  const harness = await startWebHarnessProcess(harnessEnv(ground, 'ui-'))
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(harness.url)
    await seedApps(page, ground.repo.url)
    await settled(page)

    const firstRender = await timed(3, () => listFirstRender(page, harness.url))
    figures.record('ui.list.firstRender.ms', firstRender.median, 'ms')

    const filter = await filterTimes(page)
    figures.record('ui.filter.ms', filter[Math.floor(filter.length / 2)]!, 'ms')
    figures.record('ui.filter.max.ms', filter.at(-1)!, 'ms')

    const tree = await timed(3, async () => {
      await page.goto(`${harness.url}#/`)
      await page.goto(`${harness.url}#/apps/bench-big`)
      await page.locator('ul.resources > li').nth(1199).waitFor({ timeout: 120_000 })
    })
    figures.record('ui.tree.ms', tree.median, 'ms')
    figures.record('ui.tree.nodes', await page.locator('ul.resources > li').count(), 'nodes')

    const diff = await timed(3, () => diffOpen(page, harness.url))
    figures.record('ui.diffOpen.ms', diff.median, 'ms')
    const heap = (await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) as number
    if (heap) figures.record('ui.heap.mb', heap / 1024 / 1024, 'MB')
  } finally {
    await browser.close()
    await harness.stop()
  }
}
