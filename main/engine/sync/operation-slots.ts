/**
 * The cap on operations running at once (Argo CD's operation processors): an operation takes a
 * slot before it starts and gives it back when it ends; the rest wait in a queue and start in the
 * order they asked. A waiter can leave the queue (its operation was terminated before it started).
 */
export class OperationSlots {
  private taken = 0
  private readonly queue: { id: string; resolve: (got: boolean) => void }[] = []

  /** The limit is read at each decision, so a change in Settings applies to the next one. */
  constructor(private readonly limit: () => number) {}

  /** A slot now (true), or null: wait() for one. */
  tryTake(): boolean {
    if (this.queue.length > 0 || this.taken >= this.limit()) return false
    this.taken++
    return true
  }

  /** Resolves true once the slot is this one's, false if it left the queue first. */
  wait(id: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.queue.push({ id, resolve })
      this.grant()
    })
  }

  /** Takes a waiter out of the queue; false when it is not in it. */
  leave(id: string): boolean {
    const at = this.queue.findIndex((w) => w.id === id)
    if (at < 0) return false
    this.queue.splice(at, 1)[0]!.resolve(false)
    return true
  }

  release(): void {
    this.taken = Math.max(0, this.taken - 1)
    this.grant()
  }

  /** How many wait, and the place of one in the queue (1 is next), for the status message. */
  position(id: string): number {
    return this.queue.findIndex((w) => w.id === id) + 1
  }

  get running(): number {
    return this.taken
  }

  get waiting(): number {
    return this.queue.length
  }

  /** Gives free slots to the queue's first waiters (also after the limit was raised). */
  grant(): void {
    while (this.queue.length > 0 && this.taken < this.limit()) {
      this.taken++
      this.queue.shift()!.resolve(true)
    }
  }
}
