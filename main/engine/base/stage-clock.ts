/** The stages of a refresh, in the order one app goes through them. */
export const refreshStages = ['fetch', 'render', 'dry run', 'diff', 'publish'] as const
export type RefreshStage = (typeof refreshStages)[number]

export interface StageTime {
  /** Wall time during which at least one run was in the stage (overlapping runs count once). */
  wallMs: number
  /** The runs' own times added up. */
  sumMs: number
  /** Runs timed. */
  count: number
}

/**
 * Where refresh time goes, per stage, across the many apps a refresh runs at once. Apps overlap,
 * so the sum of their times says how much work a stage is, and the wall time during which any
 * app was in it says how long it held the refresh up. For benchmarks and the status bar.
 */
export class StageClock {
  private readonly open = new Map<RefreshStage, { runs: number; since: number }>()
  private readonly times = new Map<RefreshStage, StageTime>()
  private resetAt = -Infinity

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Times one run of a stage (the promise's own result or failure is passed on). */
  async time<T>(stage: RefreshStage, run: () => Promise<T>): Promise<T> {
    const end = this.start(stage)
    try {
      return await run()
    } finally {
      end()
    }
  }

  /** Starts a run of a stage; the returned function ends it (once). */
  start(stage: RefreshStage): () => void {
    const started = this.now()
    const open = this.open.get(stage) ?? { runs: 0, since: started }
    if (open.runs === 0) open.since = started
    open.runs++
    this.open.set(stage, open)
    let ended = false
    return () => {
      if (ended) return
      ended = true
      const now = this.now()
      const time = this.timeOf(stage)
      time.sumMs += now - Math.max(started, this.resetAt)
      time.count++
      if (--open.runs === 0) time.wallMs += now - open.since
    }
  }

  /** Each stage's times so far (a stage with runs open counts up to now). */
  snapshot(): Record<RefreshStage, StageTime> {
    const now = this.now()
    return Object.fromEntries(
      refreshStages.map((stage) => {
        const time = { ...this.timeOf(stage) }
        const open = this.open.get(stage)
        if (open?.runs) time.wallMs += now - open.since
        return [stage, time]
      }),
    ) as Record<RefreshStage, StageTime>
  }

  /** Starts counting again from zero (runs open now count from now). */
  reset(): void {
    const now = this.now()
    this.resetAt = now
    this.times.clear()
    for (const open of this.open.values()) open.since = now
  }

  private timeOf(stage: RefreshStage): StageTime {
    let time = this.times.get(stage)
    if (!time) this.times.set(stage, (time = { wallMs: 0, sumMs: 0, count: 0 }))
    return time
  }
}

/** `run`, timed as a stage when there is a clock. */
export const timed = <T>(clock: StageClock | undefined, stage: RefreshStage, run: () => Promise<T>): Promise<T> => (clock ? clock.time(stage, run) : run())
