export interface AdaptiveOptions {
  initial?: number
  min?: number
  /** At most this many at once (the connection pool's size). */
  max?: number
  /** The clock answers are timed with (a test's). */
  now?: () => number
}

/** How a request ended, for the limit: answered, answered 429 (too many), or failed otherwise. */
export type RequestOutcome = 'answered' | 'too-many' | 'failed'

/**
 * How many requests one API server gets at once, adapted to its answers: one per cluster client,
 * taken by each attempt of each request (compares' dry runs, syncs' dry runs and applies, reads),
 * watches aside. The gradient rule of Netflix's concurrency-limits: once per window of answers
 * (as many as the limit), the limit is scaled by how the recent latency compares with the
 * longer-run one (between ×0.5 when answers got twice as slow, and ×1 when they did not) and given
 * √limit more room to probe with. So it grows while the server keeps up and shrinks when requests
 * start to queue, whatever the machine's absolute speed. A 429 (the server says it is too busy)
 * halves it at once, once for the requests already out (they were sent under the old limit).
 * Never below `min` nor above `max`; requests past the limit wait their turn, in order.
 */
export class AdaptiveConcurrency {
  private current: number
  private readonly min: number
  private readonly max: number
  private readonly now: () => number
  private active = 0
  private readonly waiting: (() => void)[] = []
  private recent = 0
  private longRun = 0
  private answers = 0
  /** Requests started before this time cannot halve the limit again (one decrease per burst of 429s). */
  private halvedAt = -Infinity
  /** Counters for tests and benchmarks: 429 answers, the most requests out at once. */
  readonly stats = { throttled: 0, peak: 0 }

  constructor(options: AdaptiveOptions = {}) {
    this.min = options.min ?? 2
    this.max = options.max ?? 64
    this.current = Math.min(this.max, Math.max(this.min, options.initial ?? 16))
    this.now = options.now ?? (() => performance.now())
  }

  get limit(): number {
    return this.current
  }

  get running(): number {
    return this.active
  }

  /**
   * Runs `work` when a place is free. `outcomeOf` says what a failure was (a 429 halves the
   * limit); `timed`: its time is a sample of the server's latency (not a list's, whose size varies).
   */
  async run<R>(work: () => Promise<R>, outcomeOf: (error: unknown) => RequestOutcome = () => 'failed', timed = true): Promise<R> {
    // A waiting run is handed its place (counted in active) by the one that ends.
    if (this.active < this.current && this.waiting.length === 0) this.active++
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.stats.peak = Math.max(this.stats.peak, this.active)
    const started = this.now()
    let outcome: RequestOutcome = 'answered'
    try {
      return await work()
    } catch (error) {
      outcome = outcomeOf(error)
      throw error
    } finally {
      this.active--
      this.learn(outcome, started, timed)
      this.wakeWaiting()
    }
  }

  private learn(outcome: RequestOutcome, started: number, timed: boolean): void {
    if (outcome === 'too-many') {
      this.stats.throttled++
      if (started < this.halvedAt) return
      this.current = Math.max(this.min, Math.floor(this.current / 2))
      this.answers = 0
      this.halvedAt = this.now()
      return
    }
    if (outcome !== 'answered' || !timed) return
    const ms = this.now() - started
    this.recent = this.recent ? this.recent * 0.8 + ms * 0.2 : ms
    this.longRun = this.longRun ? this.longRun * 0.98 + ms * 0.02 : ms
    if (++this.answers < this.current) return
    this.answers = 0
    // Answers that take no measurable time say nothing of queueing.
    const gradient = this.recent > 0 ? Math.min(1, Math.max(0.5, this.longRun / this.recent)) : 1
    this.current = Math.min(this.max, Math.max(this.min, Math.round(this.current * gradient + Math.sqrt(this.current))))
  }

  private wakeWaiting(): void {
    while (this.waiting.length > 0 && this.active < this.current) {
      this.active++
      this.waiting.shift()!()
    }
  }
}
