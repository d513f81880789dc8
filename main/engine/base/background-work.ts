/**
 * The lifecycle of something that does work in the background (a watch cache, a controller):
 * open until close(), then closed for good. Every promise it starts is tracked, so close() can
 * wait until none is left (work that starts more work while closing is waited for too). Entry
 * points ask `closed` and refuse new work; what was already under way ends on its own.
 */
export class BackgroundWork {
  private state: 'open' | 'closing' | 'closed' = 'open'
  private readonly inFlight = new Set<Promise<unknown>>()

  /** True from the moment close() is called. */
  get closed(): boolean {
    return this.state !== 'open'
  }

  /** Tracks a promise until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work)
    const done = () => void this.inFlight.delete(work)
    work.then(done, done)
    return work
  }

  /** Closes (once) and waits until every tracked promise, including those started meanwhile, has settled. */
  async close(): Promise<void> {
    if (this.state === 'open') this.state = 'closing'
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
    this.state = 'closed'
  }
}
