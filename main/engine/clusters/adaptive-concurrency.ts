export interface AdaptiveOptions {
  initial?: number
  min?: number
  max?: number
  /** How many 429 answers the client has had so far (the retry wrapper waits them out, unseen here). */
  throttled?: () => number
}

/**
 * How many requests to one API server run at once, adapted to its answers: it starts at
 * `initial` and grows by one with each answer that came back without queueing (slow start)
 * until the first sign of strain, then by one per window of answers. A 429 halves it; an answer
 * that took more than three times the quickest one seen (the server, or the connection pool,
 * queues) takes a quarter off, at most once per window. Never below `min` nor above `max`.
 */
export class AdaptiveConcurrency {
  private current: number
  private readonly min: number
  private readonly max: number
  private active = 0
  private readonly waiting: (() => void)[] = []
  private quickest = Number.POSITIVE_INFINITY
  private strained = false
  private sinceChange = 0
  private goodInWindow = 0

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
    const started = performance.now()
    try {
      return await work()
    } finally {
      this.active--
      this.learn(performance.now() - started, (this.options.throttled?.() ?? 0) > throttledBefore)
      this.wakeWaiting()
    }
  }

  private learn(ms: number, throttled: boolean): void {
    this.sinceChange++
    if (!throttled) this.quickest = Math.min(this.quickest, ms)
    if (throttled) return this.change(Math.floor(this.current / 2))
    if (ms > 3 * this.quickest) {
      if (this.sinceChange >= this.current) this.change(this.current - Math.max(1, Math.floor(this.current / 4)))
      return
    }
    if (!this.strained) return this.grow()
    if (++this.goodInWindow >= this.current) this.grow()
  }

  private grow(): void {
    this.goodInWindow = 0
    this.current = Math.min(this.max, this.current + 1)
  }

  private change(to: number): void {
    this.strained = true
    this.sinceChange = 0
    this.goodInWindow = 0
    this.current = Math.min(this.max, Math.max(this.min, to))
  }

  private wakeWaiting(): void {
    while (this.waiting.length > 0 && this.active < this.current) {
      this.active++
      this.waiting.shift()!()
    }
  }
}
