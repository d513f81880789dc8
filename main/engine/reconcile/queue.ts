import pLimit from 'p-limit'

/** watch: re-compare from the cache, Git untouched; refresh: resolve the revision; hard: re-render too. */
export type ReconcileMode = 'watch' | 'cycle' | 'refresh' | 'hard'
const strength: Record<ReconcileMode, number> = { watch: 0, cycle: 1, refresh: 2, hard: 3 }

/**
 * The reconcile work queue: at most `concurrency` apps at once, one run per app at a time, and
 * a request for an app that is already waiting joins it (taking the stronger mode), so a burst
 * of events becomes one run.
 */
export class ReconcileQueue<T> {
  private readonly pending = new Map<string, { mode: ReconcileMode; askedAt: number; promise: Promise<T> }>()
  private readonly active = new Map<string, Promise<T>>()
  private readonly limit: ReturnType<typeof pLimit>
  private inFlight = 0
  /** Counters for tests, benchmarks and the status bar (waiting: apps queued and not started yet). */
  readonly stats = { reconciles: 0, peakConcurrent: 0, waiting: 0 }

  constructor(
    /** `askedAt`: when the latest refresh joined into this run was asked for (performance.now()). */
    private readonly work: (name: string, mode: ReconcileMode, askedAt: number) => Promise<T>,
    concurrency: number,
  ) {
    this.limit = pLimit(concurrency)
  }

  enqueue(name: string, mode: ReconcileMode): Promise<T> {
    const queued = this.pending.get(name)
    if (queued) {
      if (strength[mode] > strength[queued.mode]) queued.mode = mode
      // A refresh asked for now must see what was pushed before now.
      if (strength[mode] >= strength.refresh) queued.askedAt = performance.now()
      return queued.promise
    }
    const entry = { mode, askedAt: performance.now(), promise: Promise.resolve() as Promise<unknown> as Promise<T> }
    entry.promise = (async () => {
      await this.active.get(name)?.catch(() => undefined)
      return this.limit(async () => {
        this.pending.delete(name)
        this.stats.waiting--
        this.stats.reconciles++
        this.stats.peakConcurrent = Math.max(this.stats.peakConcurrent, ++this.inFlight)
        const run = this.work(name, entry.mode, entry.askedAt)
        this.active.set(name, run)
        try {
          return await run
        } finally {
          this.inFlight--
          if (this.active.get(name) === run) this.active.delete(name)
        }
      })
    })()
    this.pending.set(name, entry)
    this.stats.waiting++
    return entry.promise
  }

  /** Settles when the runs in progress now have ended. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.active.values()])
  }
}

/** Per-app timers: the next interval run, and a debounce window for watch events. */
export class AppTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly debounces = new Map<string, NodeJS.Timeout>()

  /** Runs `fire` for the app after `delayMs`, replacing its earlier timer. */
  schedule(name: string, delayMs: number, fire: () => void): void {
    this.cancel(name)
    const timer = setTimeout(() => {
      this.timers.delete(name)
      fire()
    }, delayMs)
    timer.unref?.()
    this.timers.set(name, timer)
  }

  /** Runs `fire` once after `delayMs`, however often it is asked for meanwhile. */
  debounce(name: string, delayMs: number, fire: () => void): void {
    if (this.debounces.has(name)) return
    const timer = setTimeout(() => {
      this.debounces.delete(name)
      fire()
    }, delayMs)
    timer.unref?.()
    this.debounces.set(name, timer)
  }

  cancel(name: string): void {
    clearTimeout(this.timers.get(name))
    this.timers.delete(name)
  }

  /** Clears the interval timers (sleep), and the debounces too with `all` (stop). */
  clear(all: boolean): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    if (!all) return
    for (const timer of this.debounces.values()) clearTimeout(timer)
    this.debounces.clear()
  }
}
