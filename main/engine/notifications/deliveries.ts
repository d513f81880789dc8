import type { FailedDelivery } from '../../../shared/model'
import { BackgroundWork } from '../base/background-work'
import { errorMessage } from '../base/errors'
import { masked } from '../secrets/redact'
import type { Destination } from './subscriptions'
import type { RenderedNotification } from './templates'

/** One notification on its way to one destination. */
export interface DeliveryJob {
  app: string
  trigger: string
  destination: Destination
  notification: RenderedNotification
}

export interface RetryPolicy {
  /** The wait after the first failure; each next one is `factor` times longer, up to `maxMs`. */
  firstMs: number
  factor: number
  maxMs: number
  /** Tries in all, the first one included. */
  limit: number
}

/** Argo CD's sync retry defaults (5 s, ×2, up to 3 min), for 10 tries. */
export const defaultRetryPolicy: RetryPolicy = { firstMs: 5_000, factor: 2, maxMs: 180_000, limit: 10 }

export interface DeliveryDeps {
  /** Sends one job (a service's `$key`s resolved inside); throws to fail. */
  send(job: DeliveryJob): Promise<void>
  /** Every secret value a message could quote (the notifications secret's values). */
  secretValues(): Promise<string[]>
  log(line: string): void
  /** The failed deliveries changed (one failed, was sent on a retry, or was dismissed): Settings shows them. */
  changed?(): void
  retry?: RetryPolicy
}

export type { FailedDelivery }

interface Pending extends FailedDelivery {
  job: DeliveryJob
  timer?: NodeJS.Timeout
}

/**
 * Sends notifications and retries the ones that fail, with backoff. A lifecycle object: start(),
 * stop() that waits for sends under way and drops the timers, closed. What is logged or listed
 * is masked first: a service's error may quote a URL or a header that holds a secret.
 */
export class NotificationDeliveries {
  private readonly work = new BackgroundWork()
  private readonly pending = new Map<string, Pending>()
  private started = false
  private nextId = 0
  private readonly retry: RetryPolicy

  constructor(private readonly deps: DeliveryDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy
  }

  get closed(): boolean {
    return this.work.closed
  }

  start(): void {
    this.started = true
  }

  async stop(): Promise<void> {
    for (const entry of this.pending.values()) clearTimeout(entry.timer)
    await this.work.close()
    for (const entry of this.pending.values()) clearTimeout(entry.timer)
  }

  /** Sends at once; a failure is kept and tried again later. Ignored once stopped. */
  deliver(job: DeliveryJob): Promise<void> {
    if (this.closed || !this.started) return Promise.resolve()
    return this.work.track(this.attempt(job, null))
  }

  /** The deliveries that failed, the latest first. */
  failures(): FailedDelivery[] {
    return [...this.pending.values()].reverse().map(({ job: _job, timer: _timer, ...failure }) => failure)
  }

  /** Tries one failed delivery again now. */
  retryNow(id: string): Promise<void> {
    const entry = this.pending.get(id)
    if (!entry || this.closed) return Promise.resolve()
    clearTimeout(entry.timer)
    return this.work.track(this.attempt(entry.job, entry))
  }

  /** Forgets the failed deliveries (all, or one). */
  dismiss(id?: string): void {
    let dismissed = false
    for (const [key, entry] of this.pending) {
      if (id !== undefined && key !== id) continue
      clearTimeout(entry.timer)
      dismissed = this.pending.delete(key) || dismissed
    }
    if (dismissed) this.deps.changed?.()
  }

  private async attempt(job: DeliveryJob, previous: Pending | null): Promise<void> {
    const attempts = (previous?.attempts ?? 0) + 1
    const what = `${job.trigger} for ${job.app} to ${job.destination.service}${job.destination.recipient ? `:${job.destination.recipient}` : ''}`
    try {
      await this.deps.send(job)
      if (previous && this.pending.delete(previous.id)) this.deps.changed?.()
      this.deps.log(`notification ${what} sent${attempts > 1 ? ` (try ${attempts})` : ''}`)
    } catch (error) {
      const lastError = masked(errorMessage(error), await this.deps.secretValues().catch(() => []))
      const id = previous?.id ?? String(++this.nextId)
      const wait = Math.min(this.retry.firstMs * this.retry.factor ** (attempts - 1), this.retry.maxMs)
      const again = attempts < this.retry.limit && !this.closed
      const entry: Pending = { id, app: job.app, trigger: job.trigger, service: job.destination.service, recipient: job.destination.recipient, attempts, lastError, job, ...(again ? { nextRetryAt: new Date(Date.now() + wait).toISOString() } : {}) }
      this.pending.set(id, entry)
      this.deps.changed?.()
      this.deps.log(`notification ${what} failed (try ${attempts}): ${lastError}${again ? `; next try in ${Math.round(wait / 1000)} s` : '; giving up'}`)
      if (again) entry.timer = setTimeout(() => void this.retryNow(id), wait).unref()
    }
  }
}
