import { resourceKey } from '../../main/engine/base/objects'
import type { LiveCache } from '../../main/engine/cache/live-cache'
import type { ReconcileController } from '../../main/engine/reconcile/controller'

/** One edit the load writer made: its app, the object's key, when the write began (epoch ms). */
interface Edit {
  app: string
  key: string
  at: number
}

/** A time the app's status was published from live state read at or after `readFrom` (epoch ms). */
interface Publish {
  readFrom: number
  publishedAt: number
  /** The keys the publish re-diffed (a re-diff), or undefined: every key (a whole compare). */
  keys?: ReadonlySet<string>
}

const epoch = (performanceTime: number) => performance.timeOrigin + performanceTime

/**
 * Each edit's status lag: from the moment its write began to the first publish of its app's
 * status that read the edited object after its watch event arrived (a re-diff of that object
 * begun after the event, or a whole compare begun after it). An edit whose event never arrived,
 * or whose app was not published since, is behind.
 */
export class EditLags {
  private readonly arrivals = new Map<string, number[]>()
  private readonly publishes = new Map<string, Publish[]>()
  private open: Edit[] = []
  private forgotAt = 0
  readonly lags: number[] = []
  private readonly stops: (() => void)[] = []

  constructor(controller: ReconcileController, caches: LiveCache[]) {
    for (const cache of caches) this.stops.push(cache.onChange((obj) => push(this.arrivals, resourceKey(obj), Date.now())))
    this.stops.push(controller.drift.onSample((s) => push(this.publishes, s.app, { readFrom: epoch(s.startedAt), publishedAt: epoch(s.publishedAt), keys: new Set(s.keys) })))
    this.stops.push(controller.drift.onWholeCompare((s) => push(this.publishes, s.app, { readFrom: epoch(s.startedAt), publishedAt: epoch(s.publishedAt) })))
  }

  add(app: string, namespace: string, name: string, at: number): void {
    this.open.push({ app, key: resourceKey({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name } }), at })
  }

  /** Resolves the edits whose status has caught up; returns how many are still behind. */
  settle(): number {
    this.open = this.open.filter((edit) => {
      // Each object is edited about once a minute: the first event for it after the write began is this edit's.
      const arrived = this.arrivals.get(edit.key)?.find((t) => t >= edit.at)
      if (arrived === undefined) return true
      const shown = this.publishes.get(edit.app)?.find((p) => p.readFrom >= arrived && (!p.keys || p.keys.has(edit.key)))
      if (!shown) return true
      this.lags.push(shown.publishedAt - edit.at)
      return false
    })
    this.forgetOld()
    return this.open.length
  }

  /** Every few seconds, what no open edit can match any more goes: the bench's own memory stays flat in a soak. */
  private forgetOld(): void {
    if (Date.now() - this.forgotAt < 5000) return
    this.forgotAt = Date.now()
    // An edit is reported once its write ends (up to a few seconds under load): a generous margin for those not reported yet.
    const oldest = Math.min(Date.now(), ...this.open.map((e) => e.at)) - 30_000
    for (const [key, times] of this.arrivals) {
      const kept = times.filter((t) => t >= oldest)
      if (kept.length) this.arrivals.set(key, kept)
      else this.arrivals.delete(key)
    }
    for (const [app, publishes] of this.publishes) this.publishes.set(app, publishes.filter((p) => p.readFrom >= oldest))
  }

  get behind(): number {
    return this.open.length
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop()
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const values = map.get(key)
  if (values) values.push(value)
  else map.set(key, [value])
}
