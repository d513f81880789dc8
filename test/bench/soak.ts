import type { Figures } from './figures'

/** What the soak reads each second, from the process under load. */
export interface SoakProbes {
  /** Writes the API servers took so far (the writer's count). */
  sent(): number
  /** Watch events the engine's caches received so far. */
  received(): number
  /** Apps queued for a compare and not started. */
  queued(): number
  /** Edits their app's status has not caught up with yet. */
  behind(): number
  /** Status lags measured so far (ms, in order). */
  lags: readonly number[]
}

interface Sample {
  at: number
  rss: number
  heap: number
  /** V8's heap as reserved (used and free), and memory outside it (Buffers, ArrayBuffers). */
  heapTotal: number
  external: number
  backlog: number
  queued: number
  behind: number
  lags: number
}

const mb = (bytes: number) => bytes / 1024 / 1024
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0

/**
 * The load scenario as a soak: each second it samples the process's memory and every queue on
 * the watch → status path (watch events the caches have not received yet, apps waiting for a
 * compare, edits behind), prints one line a minute, and at the end says whether memory stayed
 * flat and whether any queue grew (its last third's peak against its first third's).
 */
export class SoakMonitor {
  private readonly samples: Sample[] = []
  private readonly timer: NodeJS.Timeout
  private readonly started = Date.now()
  private printed = 0

  constructor(
    private readonly figures: Figures,
    private readonly probes: SoakProbes,
  ) {
    this.timer = setInterval(() => this.sample(), 1000)
    this.timer.unref() // a scenario that fails never calls finish()
  }

  private sample(): void {
    const memory = process.memoryUsage()
    const { probes } = this
    this.samples.push({ at: Date.now(), rss: memory.rss, heap: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external, backlog: Math.max(0, probes.sent() - probes.received()), queued: probes.queued(), behind: probes.behind(), lags: probes.lags.length })
    const minute = Math.floor((Date.now() - this.started) / 60_000)
    if (minute > this.printed) this.printMinute(++this.printed)
  }

  private printMinute(minute: number): void {
    const mine = this.samples.filter((s) => s.at - this.started >= (minute - 1) * 60_000 && s.at - this.started < minute * 60_000)
    if (mine.length === 0) return
    const first = this.samples.indexOf(mine[0]!)
    const lags = this.probes.lags.slice(first > 0 ? this.samples[first - 1]!.lags : 0, mine.at(-1)!.lags)
    const peak = (key: 'backlog' | 'queued' | 'behind') => Math.max(...mine.map((s) => s[key]))
    console.log(`load.minute ${minute}: rss ${mb(mine.at(-1)!.rss).toFixed(0)} MB (max ${mb(Math.max(...mine.map((s) => s.rss))).toFixed(0)}), heap ${mb(mine.at(-1)!.heap).toFixed(0)} of ${mb(mine.at(-1)!.heapTotal).toFixed(0)} MB, external ${mb(mine.at(-1)!.external).toFixed(0)} MB, lag p95 ${pct(lags, 0.95).toFixed(0)} ms, peaks: watch backlog ${peak('backlog')} events, compare queue ${peak('queued')} apps, ${peak('behind')} edits behind`)
  }

  /**
   * Stops sampling and records the verdicts. `afterGc`, when gc is exposed: the process's memory
   * right after a full GC at the baseline and at the end (the live heap, and the RSS that is left
   * when garbage is not counted).
   */
  finish(afterGc?: { start: NodeJS.MemoryUsage; end: NodeJS.MemoryUsage }): void {
    const heapAfterGc = afterGc && { start: afterGc.start.heapUsed, end: afterGc.end.heapUsed }
    clearInterval(this.timer)
    const minutes = (Date.now() - this.started) / 60_000
    if (Math.floor(minutes) > this.printed) this.printMinute(++this.printed)
    const third = Math.max(1, Math.floor(this.samples.length / 3))
    const head = this.samples.slice(0, third)
    const middle = this.samples.slice(third, -third)
    const tail = this.samples.slice(-third)
    const median = (xs: number[]) => pct(xs, 0.5)
    const medianRss = (samples: Sample[]) => Math.max(1, median(samples.map((s) => s.rss)))
    const rssGrowth = medianRss(tail) / medianRss(head) - 1
    // Whether RSS still grows at the end: V8 sizes its heap to the garbage the periodic whole
    // compares make (the first ones fall in minutes 2–6), so the first third is a warm-up.
    const rssLateGrowth = middle.length ? medianRss(tail) / medianRss(middle) - 1 : rssGrowth
    this.figures.record('load.rss.growth.pct', rssGrowth * 100, '%')
    this.figures.record('load.rss.late.growth.pct', rssLateGrowth * 100, '%')
    if (heapAfterGc) {
      this.figures.record('load.heap.after.gc.start.mb', mb(heapAfterGc.start), 'MB')
      this.figures.record('load.heap.after.gc.end.mb', mb(heapAfterGc.end), 'MB')
    }
    if (afterGc) {
      for (const [name, key] of [['rss', 'rss'], ['heap.total', 'heapTotal'], ['external', 'external']] as const) {
        this.figures.record(`load.${name}.after.gc.start.mb`, mb(afterGc.start[key]), 'MB')
        this.figures.record(`load.${name}.after.gc.end.mb`, mb(afterGc.end[key]), 'MB')
      }
    }
    // Flat: the live heap after a GC at the end within 10 % of the baseline's, and the last third's
    // median RSS within 10 % of the middle third's (it stopped growing).
    const flat = rssLateGrowth <= 0.1 && (!heapAfterGc || heapAfterGc.end <= heapAfterGc.start * 1.1)
    const grew: string[] = []
    for (const [key, slack] of [['backlog', 1000], ['queued', 10], ['behind', 300]] as const) {
      const before = Math.max(...head.map((s) => s[key]))
      const after = Math.max(...tail.map((s) => s[key]))
      this.figures.record(`load.${key}.peak.first.third`, before, key === 'backlog' ? 'events' : key === 'behind' ? 'edits' : 'apps')
      this.figures.record(`load.${key}.peak.last.third`, after, key === 'backlog' ? 'events' : key === 'behind' ? 'edits' : 'apps')
      if (after > before * 1.5 + slack) grew.push(key)
    }
    console.log(`load.soak: ${minutes.toFixed(1)} min; memory ${flat ? 'stayed flat' : 'GREW'} (median RSS, last third against the middle one: ${(rssLateGrowth * 100).toFixed(1)} %, against the first: ${(rssGrowth * 100).toFixed(1)} %${heapAfterGc ? `; live heap after GC ${mb(heapAfterGc.start).toFixed(0)} → ${mb(heapAfterGc.end).toFixed(0)} MB` : ''}); ${grew.length ? `queues that grew: ${grew.join(', ')}` : 'no queue grew (watch backlog, compare queue, edits behind)'}`)
  }
}
