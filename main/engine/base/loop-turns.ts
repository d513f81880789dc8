/**
 * Pieces of work that run on cached state, and so never wait for I/O by themselves (re-diffs
 * after watch events), begun a batch per turn of the event loop: a batch runs for up to its
 * budget, then timers and socket reads run before the next. (Node runs an immediate callback's
 * promise work before the next callback, so a piece runs whole, up to its first real I/O, before
 * the next begins.) Begun all together instead, dozens ran back to back and held the loop for most
 * of a second: an outage probe's timeout fired late and called a busy cluster down, and the watch
 * was read late; begun one per turn, they could not keep up with a busy cluster.
 */
export class LoopTurns {
  private readonly waiting: (() => void)[] = []
  /** Begin callbacks queued and not run yet. */
  private queued = 0
  private opening = false
  /** When the running batch's first piece began (-1: not yet). */
  private batchStart = -1

  constructor(
    private readonly budgetMs = 20,
    private readonly batch = 64,
  ) {}

  /** Resolves on this piece's turn. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve)
      this.open()
    })
  }

  private open(): void {
    if (this.queued > 0 || this.opening) return
    this.opening = true
    // Queued from a callback of this turn, the batch's callbacks run on the loop's next turn.
    setImmediate(() => {
      this.opening = false
      this.batchStart = -1
      const count = Math.min(this.waiting.length, this.batch)
      this.queued += count
      for (let i = 0; i < count; i++) setImmediate(this.begin)
    })
  }

  private readonly begin = (): void => {
    this.queued--
    const now = performance.now()
    if (this.batchStart < 0) this.batchStart = now
    if (now - this.batchStart <= this.budgetMs) this.waiting.shift()?.()
    // The batch is spent or done: what still waits goes on a later turn.
    if (this.queued === 0 && this.waiting.length > 0) this.open()
  }
}
