import pLimit from 'p-limit'
import { LoopTurns } from '../base/loop-turns'

/** One re-diff of an app's changed objects, as the bench prints its stages (performance.now() times). */
export interface DriftSample {
  app: string
  keys: string[]
  /** The first of these objects' watch events reached the controller. */
  receivedAt: number
  startedAt: number
  /** The objects were diffed again. */
  diffedAt: number
  /** The app's status was derived again and published. */
  publishedAt: number
  sync: string
}

/** A whole compare of an app that published (performance.now() times): it read live state after it began. */
export interface WholeCompareSample {
  app: string
  startedAt: number
  publishedAt: number
}

/** What a re-diff did: published (with when its diff ended), needs a whole compare, or was overtaken by one. */
export type RediffOutcome = { status: { sync: string }; diffedAt: number } | 'compare' | 'stale'

export interface DriftPorts<C> {
  /** Diffs these objects of the app again against its last whole compare and publishes its status; `accept` is asked right before publishing. */
  rediff(base: C, changed: ReadonlySet<string>, accept: (next: C) => boolean): Promise<RediffOutcome>
  /** A whole compare of the app from the watch cache (the controller debounces it). */
  compare(name: string): void
  /** Tracks the work as the controller's background work (stop() waits for it). */
  track<T>(work: Promise<T>): Promise<T>
}

/**
 * Drift detection without waiting: a watch event for an app's object diffs that object alone
 * against the app's last whole compare (its targets, its server-side predictions) and derives the
 * app's status again from every resource's result, at once, instead of a debounced whole compare.
 * Under load, events coalesce per object while the app's re-diff runs: what waits is a set of
 * distinct keys per app, never a queue of events. A whole compare under way holds the events that
 * arrive meanwhile and hands them on when it ends (it read live state before them); one that
 * begins makes the events before it moot (it reads live state after them). An app never compared
 * whole yet (or left Unknown) gets a whole compare.
 */
export class ObjectDrift<C extends { context: string }> {
  private readonly compared = new Map<string, C>()
  private readonly comparing = new Map<string, number>()
  /** When the app's whole compares under way began (the first of them, if several overlap). */
  private readonly compareStarts = new Map<string, number>()
  /** Per app, the keys changed since its last re-diff, each with when its first event arrived. */
  private readonly dirty = new Map<string, Map<string, number>>()
  /** Per app, keys whose events arrived during a whole compare. */
  private readonly held = new Map<string, Map<string, number>>()
  private readonly draining = new Set<string>()
  private readonly limit: ReturnType<typeof pLimit>
  private readonly turns = new LoopTurns()
  private readonly listeners = new Set<(sample: DriftSample) => void>()
  private readonly compareListeners = new Set<(sample: WholeCompareSample) => void>()
  /** Counters for tests and benchmarks. */
  readonly stats = { rediffs: 0, objects: 0, wholeCompares: 0 }

  constructor(
    private readonly ports: DriftPorts<C>,
    // Re-diffs read cached state and wait mostly for turns of the event loop (their dry runs, when
    // a prediction cannot be carried, go through the cluster's own request limiter): with few at
    // once, 200 busy apps queued behind each other for seconds under the load bench.
    concurrency = 64,
  ) {
    this.limit = pLimit(concurrency)
  }

  /** A watch event for one of the app's objects (on `context`), received at `receivedAt`. */
  touch(name: string, context: string, key: string, receivedAt = performance.now()): void {
    if (this.comparing.has(name)) return void add(this.held, name, key, receivedAt)
    const base = this.compared.get(name)
    if (!base || base.context !== context) {
      this.stats.wholeCompares++
      return this.ports.compare(name)
    }
    add(this.dirty, name, key, receivedAt)
    this.drain(name)
  }

  beginCompare(name: string): void {
    if (!this.comparing.has(name)) this.compareStarts.set(name, performance.now())
    this.comparing.set(name, (this.comparing.get(name) ?? 0) + 1)
    // The compare reads live state after these events: it covers them.
    this.dirty.delete(name)
  }

  /** A whole compare ended: what it compared (undefined: it did not, the app is Unknown), and the events held meanwhile go on. */
  endCompare(name: string, compared: C | undefined): void {
    const left = (this.comparing.get(name) ?? 1) - 1
    if (left > 0) this.comparing.set(name, left)
    else this.comparing.delete(name)
    const startedAt = this.compareStarts.get(name)
    if (left === 0) this.compareStarts.delete(name)
    if (compared && startedAt !== undefined) for (const listener of this.compareListeners) listener({ app: name, startedAt, publishedAt: performance.now() })
    if (compared) this.compared.set(name, compared)
    else this.compared.delete(name)
    const held = this.held.get(name)
    if (left > 0 || !held) return
    this.held.delete(name)
    for (const [key, at] of held) this.touch(name, compared?.context ?? '', key, at)
  }

  forget(name: string): void {
    this.compared.delete(name)
    this.dirty.delete(name)
    this.held.delete(name)
  }

  /** Each whole compare that published, with when it began. */
  onWholeCompare(listener: (sample: WholeCompareSample) => void): () => void {
    this.compareListeners.add(listener)
    return () => this.compareListeners.delete(listener)
  }

  /** Each re-diff that published, with its stages. */
  onSample(listener: (sample: DriftSample) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private drain(name: string): void {
    if (this.draining.has(name)) return
    this.draining.add(name)
    // Re-diffs read cached state and resolve without I/O: chained as microtasks they held off
    // timers (the outage probe's timeout, fired late, called a busy cluster down) and the socket
    // reads behind them. Each now begins on a turn of the event loop of its own (loop-turns.ts);
    // an app's events that arrive meanwhile join its re-diff.
    const run = this.limit(async () => {
      await this.turns.next()
      return this.run(name)
    }).finally(() => {
      this.draining.delete(name)
      // What changed meanwhile queues again behind the other apps', so a busy app takes one turn at a time.
      if (this.dirty.get(name)?.size) this.drain(name)
    })
    void this.ports.track(run)
  }

  /** Re-diffs the app's objects changed since its last turn. */
  private async run(name: string): Promise<void> {
    const changed = this.dirty.get(name)
    const base = this.compared.get(name)
    if (!changed?.size || !base || this.comparing.has(name)) return
    this.dirty.delete(name)
    const startedAt = performance.now()
    const accept = (next: C) => {
      if (this.compared.get(name) !== base || this.comparing.has(name)) return false
      this.compared.set(name, next)
      return true
    }
    let outcome: RediffOutcome
    try {
      outcome = await this.ports.rediff(base, new Set(changed.keys()), accept)
    } catch {
      // A bug in one re-diff must not stop the others: a whole compare is the way back.
      outcome = 'compare'
    }
    // Overtaken by a whole compare, which read live state after these events.
    if (outcome === 'stale') return
    if (outcome === 'compare') {
      this.compared.delete(name)
      this.dirty.delete(name)
      this.stats.wholeCompares++
      return this.ports.compare(name)
    }
    this.stats.rediffs++
    this.stats.objects += changed.size
    const sample = { app: name, keys: [...changed.keys()], receivedAt: Math.min(...changed.values()), startedAt, diffedAt: outcome.diffedAt, publishedAt: performance.now(), sync: outcome.status.sync }
    for (const listener of this.listeners) listener(sample)
  }
}

function add(map: Map<string, Map<string, number>>, name: string, key: string, at: number): void {
  let keys = map.get(name)
  if (!keys) map.set(name, (keys = new Map()))
  if (!keys.has(key)) keys.set(key, at)
}
