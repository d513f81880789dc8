import { clusterRetryDelay } from './backoff'

export interface ClusterState {
  reachable: boolean
  message: string
  failures: number
  checkedAt: number
  retryAt: number
}

export interface ReachabilityEvents {
  /** A context stopped answering (once per outage). */
  down(context: string, message: string): void
  /** A context answers again after an outage. */
  up(context: string): void
}

const probeTtlMs = 10_000

/**
 * Whether each context answers: probed at most every few seconds while it does, and with
 * backoff (5 s doubling to 2 min) while it does not, so one dead cluster holds up no other.
 */
export class Reachability {
  private readonly states = new Map<string, ClusterState & { probe?: Promise<void> | undefined }>()

  constructor(
    private readonly probe: (context: string) => Promise<{ reachable: boolean; reason?: string }>,
    private readonly events: ReachabilityEvents,
    private readonly now: () => number = Date.now,
  ) {}

  async check(context: string): Promise<ClusterState> {
    const state = this.stateOf(context)
    const now = this.now()
    const fresh = state.reachable ? now - state.checkedAt < probeTtlMs : now < state.retryAt
    if (fresh) return state
    state.probe ??= (async () => {
      const result = await this.probe(context)
      if (result.reachable) this.markReachable(context)
      else this.markUnreachable(context, result.reason ?? 'unreachable')
    })().finally(() => {
      state.probe = undefined
    })
    await state.probe
    return state
  }

  markUnreachable(context: string, message: string): void {
    const state = this.stateOf(context)
    const wasReachable = state.reachable
    Object.assign(state, { reachable: false, message, failures: state.failures + 1, checkedAt: this.now(), retryAt: this.now() + clusterRetryDelay(state.failures + 1) })
    if (wasReachable) this.events.down(context, message)
  }

  /** Everything is stale (back from sleep): the next check probes again. */
  expireAll(): void {
    for (const state of this.states.values()) state.checkedAt = 0
  }

  /** What is known of a context now, without probing (undefined: never checked). */
  known(context: string): Readonly<ClusterState> | undefined {
    return this.states.get(context)
  }

  markReachable(context: string): void {
    const state = this.stateOf(context)
    const wasDown = !state.reachable
    Object.assign(state, { reachable: true, message: '', failures: 0, checkedAt: this.now(), retryAt: 0 })
    if (wasDown) this.events.up(context)
  }

  private stateOf(context: string): ClusterState & { probe?: Promise<void> | undefined } {
    let state = this.states.get(context)
    if (!state) {
      state = { reachable: true, message: '', failures: 0, checkedAt: 0, retryAt: 0 }
      this.states.set(context, state)
    }
    return state
  }
}
