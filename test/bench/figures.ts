import { writeFileSync } from 'node:fs'

export interface Figure {
  name: string
  value: number
  unit: string
}

/** Collects figures, prints each as `name: value unit` when recorded, and writes them as JSON. */
export class Figures {
  readonly all: Figure[] = []

  record(name: string, value: number, unit: string): number {
    // Tenths of a ms or MB, except under 1, where that would hide the figure (a check's 0.28 ms).
    const rounded = (unit === 'ms' || unit === 'MB') && Math.abs(value) >= 1 ? Math.round(value * 10) / 10 : Math.round(value * 1000) / 1000
    this.all.push({ name, value: rounded, unit })
    console.log(`${name}: ${rounded} ${unit}`)
    return rounded
  }

  get(name: string): number | undefined {
    return this.all.find((f) => f.name === name)?.value
  }

  writeJson(file: string): void {
    writeFileSync(file, JSON.stringify(this.all, null, 2))
  }
}

/** The median of a few runs, and their spread (max − min), of an async step. */
export async function timed(runs: number, step: (run: number) => Promise<unknown>, before: (run: number) => Promise<unknown> = async () => undefined): Promise<{ median: number; spread: number }> {
  const times: number[] = []
  for (let run = 0; run < runs; run++) {
    await before(run)
    const start = performance.now()
    await step(run)
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)]!, spread: times.at(-1)! - times[0]! }
}
