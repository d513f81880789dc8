/** What the controller drives: the ApplicationSet commands' generation, and the interval. */
export interface AppSetControllerDeps {
  /** Generates and applies every ApplicationSet (no consent to delete resources). */
  applyAll(): Promise<unknown>
  /** Generates and applies one ApplicationSet. */
  apply(name: string): Promise<unknown>
  /** The reconcile interval, read at each tick (settings may change it). */
  intervalMs(): number
}

/**
 * The ApplicationSet controller: every ApplicationSet generated again each reconcile interval,
 * as Argo CD's controller requeues them, and one at once when the loop sees its sources change.
 * Its work is tracked: stop() ends the timer, waits for a generation under way, and nothing
 * starts after it (a closed controller stays closed).
 */
export class AppSetController {
  private timer: NodeJS.Timeout | undefined
  private readonly running = new Set<Promise<unknown>>()
  private state: 'new' | 'started' | 'closed' = 'new'

  constructor(private readonly deps: AppSetControllerDeps) {}

  get closed(): boolean {
    return this.state === 'closed'
  }

  /** Generates every ApplicationSet now, then again every interval after each pass ends. */
  start(): void {
    if (this.state !== 'new') return
    this.state = 'started'
    this.track(this.deps.applyAll())
    this.schedule()
  }

  /** The loop saw these ApplicationSets' sources change (an app of apps rendered them): generate them now. */
  changed(names: string[]): void {
    if (this.closed) return
    for (const name of names) this.track(this.deps.apply(name))
  }

  /** Stops the timer and waits for the generations under way; after it nothing runs. */
  async stop(): Promise<void> {
    this.state = 'closed'
    clearTimeout(this.timer)
    this.timer = undefined
    while (this.running.size) await Promise.allSettled([...this.running])
  }

  private schedule(): void {
    if (this.closed) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (!this.closed) void this.track(this.deps.applyAll()).finally(() => this.schedule())
    }, this.deps.intervalMs())
    this.timer.unref()
  }

  /** Work whose result nobody waits for; a failure shows on the ApplicationSet. */
  private track(work: Promise<unknown>): Promise<unknown> {
    const done = work.catch(() => undefined)
    this.running.add(done)
    void done.finally(() => this.running.delete(done))
    return done
  }
}
