import { loadavg } from 'node:os'
import { launchChromium, repoRoot, startWebHarnessProcess, type RunningHarness } from '../e2e/browser'
import type { Figures } from './figures'
import { harnessEnv, type UiGround } from './ui'
import { appsToRows, diffOpen, filterTimes, listFirstRender, listTimingScript, median, seedApps, settled } from './ui-steps'

type Step = 'firstRender' | 'appsToRows' | 'filter' | 'diffOpen'

/**
 * The UI figures of this checkout (B) beside another revision's build (A), in one Chromium:
 * each side has its own harness (its own engine, same ground and apps) and page, and every round
 * measures both, the first side alternating, so the machine's load falls on both alike.
 * Records ui.ab.<step>.<side>.ms (medians over the rounds) and ui.ab.<step>.ratio (B / A);
 * appsToRows is the first render's part after the engine answered (ui-steps.ts listTimingScript).
 */
export async function uiAbBench(figures: Figures, ground: UiGround, baseline: { root: string; commit: string }, rounds: number): Promise<void> {
  const harnesses: RunningHarness[] = []
  const browser = await launchChromium()
  try {
    const sides = [] as { name: 'a' | 'b'; url: string; page: Awaited<ReturnType<typeof browser.newPage>> }[]
    for (const [name, root] of [['a', baseline.root], ['b', repoRoot]] as const) {
      const harness = await startWebHarnessProcess(harnessEnv(ground, `ui-${name}-`), root)
      harnesses.push(harness)
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
      await page.addInitScript(listTimingScript)
      await page.goto(harness.url)
      await seedApps(page, ground.repo.url)
      sides.push({ name, url: harness.url, page })
    }
    for (const side of sides) await settled(side.page)
    console.log(`A/B: a = ${baseline.commit.slice(0, 9)} (${baseline.root}), b = this checkout; ${rounds} rounds; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)

    const times: Record<Step, Record<'a' | 'b', number[]>> = { firstRender: { a: [], b: [] }, appsToRows: { a: [], b: [] }, filter: { a: [], b: [] }, diffOpen: { a: [], b: [] } }
    const events = { a: [] as number[], b: [] as number[] }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [sides[1]!, sides[0]!] : [sides[0]!, sides[1]!]
      for (const { name, url, page } of order) {
        await page.bringToFront()
        times.firstRender[name].push(await listFirstRender(page, url))
        const beforeRows = await appsToRows(page)
        times.appsToRows[name].push(beforeRows.ms)
        events[name].push(beforeRows.events)
        times.filter[name].push(median(await filterTimes(page)))
        times.diffOpen[name].push(await diffOpen(page, url))
      }
      console.log(`round ${round + 1} (load ${loadavg()[0]!.toFixed(1)}): ${(Object.keys(times) as Step[]).map((s) => `${s} a ${times[s].a.at(-1)!.toFixed(1)} b ${times[s].b.at(-1)!.toFixed(1)}`).join(', ')}`)
    }
    for (const step of Object.keys(times) as Step[]) {
      const a = figures.record(`ui.ab.${step}.a.ms`, median(times[step].a), 'ms')
      const b = figures.record(`ui.ab.${step}.b.ms`, median(times[step].b), 'ms')
      figures.record(`ui.ab.${step}.ratio`, b / a, 'x')
    }
    for (const side of ['a', 'b'] as const) figures.record(`ui.ab.firstRender.events.${side}`, median(events[side]), 'messages')
    figures.record('ui.ab.rounds', rounds, 'rounds')
    figures.record('ui.ab.load1', loadavg()[0]!, 'load')
  } finally {
    await browser.close()
    for (const harness of harnesses) await harness.stop()
  }
}
