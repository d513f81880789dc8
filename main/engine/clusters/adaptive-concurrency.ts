export interface AdaptiveOptions {
  initial?: number
  min?: number
  max?: number
  /** How many 429 answers the client has had so far (the retry wrapper waits them out, unseen here). */
  throttled?: () => number
  /** The clock answers are timed with (a test's). */
  now?: () => number
}

/**
 * How many requests to one API server run at once, adapted to its answers (the gradient rule of
 * Netflix's concurrency-limits): once per window of answers (as many as the limit), the limit is
 * scaled by how the recent latency compares with the longer-run one (between ×0.5 when answers
 * got twice as slow, and ×1 when they did not) and given √limit more room to probe with. So it
 * grows while the server keeps up and shrinks when requests start to queue, whatever the
 * machine's absolute speed. A 429 (the server says it is too busy) halves it at once. Never
 * below `min` nor above `max`.
 */
export class AdaptiveConcurrency {
  private current: number
  private readonly min: number
  private readonly max: number
  private active = 0
  private readonly waiting: (() => void)[] = []
  private recent = 0
  private longRun = 0
  private answers = 0
  constructor(private readonly options: AdaptiveOptions = {}) {
    this.min = options.min ?? 2
    this.max = options.max ?? 64
    this.current = Math.min(this.max, Math.max(this.min, options.initial ?? 8))
  }

  get limit(): number {
    return this.current
  }

  /** Runs every item's work, at most `limit` at a time; results in the items' order. */
  map<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
    return Promise.all(items.map((item) => this.run(() => work(item))))
  }

  async run<R>(work: () => Promise<R>): Promise<R> {
    // A waiting run is handed its slot (counted in active) by the one that ends.
    if (this.active < this.current && this.waiting.length === 0) this.active++
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    const throttledBefore = this.options.throttled?.() ?? 0
    const now = this.options.now ?? (() => performance.now())
    const started = now()
    try {
      return await work()
    } finally {
      this.active--
      this.learn(now() - started, (this.options.throttled?.() ?? 0) > throttledBefore)
      this.wakeWaiting()
    }
  }

  private learn(ms: number, throttled: boolean): void {
    if (throttled) {
      this.current = Math.max(this.min, Math.floor(this.current / 2))
      this.answers = 0
      return
    }
    this.recent = this.recent ? this.recent * 0.8 + ms * 0.2 : ms
    this.longRun = this.longRun ? this.longRun * 0.98 + ms * 0.02 : ms
    if (++this.answers < this.current) return
    this.answers = 0
    const gradient = Math.min(1, Math.max(0.5, this.longRun / this.recent))
    this.current = Math.min(this.max, Math.max(this.min, Math.round(this.current * gradient + Math.sqrt(this.current))))
  }

  private wakeWaiting(): void {
    while (this.waiting.length > 0 && this.active < this.current) {
      this.active++
      this.waiting.shift()!()
    }
  }
}
