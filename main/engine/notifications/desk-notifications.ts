import { UserError } from '../base/errors'
import type { SecretStore } from '../secrets/keychain'
import type { DeskStore } from '../store/desk-store'
import { NotificationCenter, type NotificationApp } from './center'
import { configExpressions, parseNotificationsConfig, resolveSecretReferences, secretReferences, type NotificationsConfig } from './config'
import { NotificationDeliveries, type DeliveryJob, type FailedDelivery, type RetryPolicy } from './deliveries'
import { notificationsCatalog } from './manifests'
import { sendThrough, type MailSender } from './senders'
import { desktopService } from './subscriptions'
import { closeNotifyWorkers, compileExpressions } from './go-notify'

/** The keychain account of one value of argocd-notifications-secret. */
export const notificationSecretAccount = (key: string) => `notifications-secret:${key}`

export interface DeskNotificationsDeps {
  store: DeskStore
  secrets: SecretStore
  /** The desktop's own notifications (muted apps and the off switch are the desktop's business). */
  desktop(notification: { app: string; trigger: string; title: string; body: string }): void
  mail: MailSender
  log(line: string): void
  /** The failed deliveries changed. */
  deliveriesChanged?(): void
  retry?: RetryPolicy
}

/**
 * Argo CD's notifications on the desktop: the config in force (the imported
 * argocd-notifications-cm, else Argo CD's catalog), the trigger center fed with app states, and
 * the deliveries with their retries. start() / stop() (awaits sends under way) / closed.
 */
export class DeskNotifications {
  private cached: { data: Record<string, string>; config: NotificationsConfig } | undefined
  readonly center: NotificationCenter
  readonly deliveries: NotificationDeliveries

  constructor(private readonly deps: DeskNotificationsDeps) {
    this.deliveries = new NotificationDeliveries({ send: (job) => this.send(job), secretValues: () => this.secretValues(), log: deps.log, changed: deps.deliveriesChanged, retry: deps.retry })
    this.center = new NotificationCenter({ config: () => this.config(), deliveries: this.deliveries, log: deps.log })
  }

  get closed(): boolean {
    return this.deliveries.closed
  }

  start(): void {
    this.deliveries.start()
  }

  async stop(): Promise<void> {
    await this.deliveries.stop()
    await closeNotifyWorkers()
  }

  /** The config in force: the imported one (checked when it was imported), else Argo CD's catalog. */
  config(): NotificationsConfig {
    const data = this.deps.store.read().notifications.configMap
    if (Object.keys(data).length === 0) return notificationsCatalog().config
    if (this.cached?.data !== data) this.cached = { data, config: parseNotificationsConfig(data, 'argocd-notifications-cm') }
    return this.cached.config
  }

  observe(app: NotificationApp): Promise<void> {
    if (this.closed) return Promise.resolve()
    return this.center.observe(app)
  }

  forget(name: string): void {
    this.center.forget(name)
  }

  /**
   * Replaces the config: the ConfigMap's data (checked whole: fields, references, every
   * condition compiled) and the Secret's values, which go to the keychain. Nothing is kept when
   * anything is wrong.
   */
  async import(data: Record<string, string>, secretValues: Record<string, string> | null, source: string): Promise<NotificationsConfig> {
    const config = parseNotificationsConfig(data, source)
    const expressions = configExpressions(config)
    const bad = await compileExpressions(expressions.map((e) => e.expression))
    if (bad) throw new UserError('Invalid', `${expressions[bad.index]!.where}: ${bad.error}`, source)
    const before = this.deps.store.read().notifications.secretKeys
    const keys = secretValues ? Object.keys(secretValues).sort() : before
    if (secretValues) {
      for (const [key, value] of Object.entries(secretValues)) await this.deps.secrets.set(notificationSecretAccount(key), value)
      for (const key of before.filter((k) => !(k in secretValues))) await this.deps.secrets.delete(notificationSecretAccount(key))
    }
    this.deps.store.update((d) => void (d.notifications = { configMap: { ...data }, secretKeys: keys, source }))
    return config
  }

  /** Back to Argo CD's catalog: the imported config and its secrets go. */
  async reset(): Promise<void> {
    for (const key of this.deps.store.read().notifications.secretKeys) await this.deps.secrets.delete(notificationSecretAccount(key))
    this.deps.store.update((d) => void (d.notifications = { configMap: {}, secretKeys: [] }))
  }

  failures(): FailedDelivery[] {
    return this.deliveries.failures()
  }

  /** The values of argocd-notifications-secret, from the keychain. */
  private async secretMap(keys = this.deps.store.read().notifications.secretKeys): Promise<Record<string, string>> {
    const entries = await Promise.all(keys.map(async (key) => [key, await this.deps.secrets.get(notificationSecretAccount(key))] as const))
    return Object.fromEntries(entries.filter((e): e is readonly [string, string] => e[1] !== null))
  }

  private async secretValues(): Promise<string[]> {
    return Object.values(await this.secretMap())
  }

  private async send(job: DeliveryJob): Promise<void> {
    if (job.destination.service === desktopService) {
      const n = job.notification
      const body = (n.message ?? '').trim()
      this.deps.desktop({ app: job.app, trigger: job.trigger, title: n.email?.subject?.trim() || `${job.app}: ${job.trigger}`, body })
      return
    }
    const service = this.config().services[job.destination.service]
    if (!service) throw new UserError('NotFound', `notification service '${job.destination.service}' is not supported`, 'notifications')
    const needed = secretReferences(service.options)
    const options = resolveSecretReferences(service.options, await this.secretMap(needed))
    await sendThrough(service, options, job.destination, job.notification, this.deps.mail)
  }
}
