import type { ConnectionStatus } from '../clusters/connection'
import type { Reachability } from './reachability'

export interface OutageOptions {
  /** How often each context in use is probed (default 1 s). */
  intervalMs?: number
  /** A probe with no answer by then has failed (default 3 s). */
  timeoutMs?: number
}

/** A lost watch makes the next failed probe enough to call the cluster down (within this window). */
const lossWindowMs = 10_000

/**
 * One reachability state per context in use, kept current within seconds. Each context is
 * probed every second (GET /version, cancelled after 3 s), and a watch that fails probes it at
 * once. Probes do not wait for each other, so a server that hangs is found by two timeouts
 * within 5 s of when it stopped answering, as one that refuses is within about 2 s. To avoid
 * flapping, a context is marked down after two failed probes in a row, or a failed probe sent
 * after a lost watch; one answer marks it up again, and a probe that fails while the context's
 * watches deliver events does not count. The states live in Reachability, whose
 * down/up events publish the apps and the cluster.
 */
export class ClusterOutages {
  private timer: NodeJS.Timeout | undefined
  private readonly inFlight = new Map<string, Set<Promise<void>>>()
  private readonly failures = new Map<string, number>()
  private readonly lostAt = new Map<string, number>()
  private readonly versions = new Map<string, string>()
  private running = false

  constructor(
    private readonly probe: (context: string, timeoutMs: number) => Promise<ConnectionStatus>,
    /** The contexts apps use now. */
    private readonly contexts: () => Iterable<string>,
    private readonly reachability: Reachability,
    private readonly options: OutageOptions = {},
    /** When the context last sent something (a watch event; Date.now()): 0 when never. */
    private readonly heardFrom: (context: string) => number = () => 0,
  ) {}

  start(): void {
    if (this.running) return
    this.running = true
    const tick = () => {
      if (!this.running) return
      for (const context of new Set(this.contexts())) this.probeNow(context)
      this.timer = setTimeout(tick, this.options.intervalMs ?? 1000)
      this.timer.unref()
    }
    tick()
  }

  /** Stops probing; waits for the probes in flight. */
  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    await Promise.allSettled([...this.inFlight.values()].flatMap((probes) => [...probes]))
  }

  /** A watch on the context failed: ask the cluster now rather than at the next tick. */
  connectionLost(context: string): void {
    if (!this.running) return
    this.lostAt.set(context, Date.now())
    this.probeNow(context)
  }

  /** The server's version from the last probe that got an answer. */
  version(context: string): string | undefined {
    return this.versions.get(context)
  }

  private probeNow(context: string): void {
    const probes = this.inFlight.get(context) ?? this.inFlight.set(context, new Set()).get(context)!
    // At most as many as one timeout holds: a server that hangs is not asked without end.
    const timeoutMs = this.options.timeoutMs ?? 3000
    if (probes.size >= Math.ceil(timeoutMs / (this.options.intervalMs ?? 1000)) + 1) return
    const sentAt = Date.now()
    const work = this.probe(context, timeoutMs).then(
      (result) => this.record(context, result, sentAt),
      (error: unknown) => this.record(context, { reachable: false, reason: String(error) }, sentAt),
    )
    probes.add(work)
    void work.finally(() => probes.delete(work))
  }

  private record(context: string, result: ConnectionStatus, sentAt: number): void {
    if (!this.running) return
    const known = this.reachability.known(context)
    if (result.reachable) {
      this.failures.set(context, 0)
      if ((this.lostAt.get(context) ?? 0) < sentAt) this.lostAt.delete(context)
      if (result.version) this.versions.set(context, result.version)
      if (known && !known.reachable) this.reachability.markReachable(context)
      return
    }
    // A probe without an answer while the cluster's watches still deliver is a busy server (or a
    // busy engine, its timeout fired late), not one that stopped answering.
    if (this.heardFrom(context) > sentAt) return
    const failures = (this.failures.get(context) ?? 0) + 1
    this.failures.set(context, failures)
    const lost = this.lostAt.get(context)
    const afterLoss = lost !== undefined && sentAt >= lost && sentAt - lost < lossWindowMs
    if ((failures >= 2 || afterLoss) && (!known || known.reachable)) this.reachability.markUnreachable(context, result.reason ?? 'unreachable')
  }
}
