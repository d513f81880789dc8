import type { AppStatus, DeskEvent, Notification, Operation } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import type { NotificationApp } from '../notifications/center'
import { DeskNotifications } from '../notifications/desk-notifications'
import { sendMail } from '../notifications/smtp'
import type { SecretStore } from '../secrets/keychain'
import type { DeskStore } from '../store/desk-store'
import type { EventBus } from './events'
import type { Notifier } from './notifier'

/**
 * A local app as Argo CD's notifications see an Application: its metadata and spec, and a status
 * in Argo CD's shape made from the desk's status and its last operation (pure).
 */
export function notificationAppOf(app: Application, status: AppStatus | undefined, operation: Operation | undefined, healthSince: string | undefined, deletedAt?: string): NotificationApp {
  const metadata = { ...app.metadata, namespace: app.metadata.namespace ?? 'argocd', ...(deletedAt ? { deletionTimestamp: deletedAt } : {}) }
  const operationState = operation && {
    phase: operation.phase,
    message: operation.message,
    startedAt: operation.startedAt,
    ...(operation.finishedAt ? { finishedAt: operation.finishedAt } : {}),
    operation: { sync: { revision: operation.revision }, initiatedBy: operation.initiator === 'auto-sync' ? { automated: true } : { username: operation.initiator } },
    syncResult: { revision: operation.revision },
  }
  return {
    metadata,
    spec: app.spec,
    status: status && {
      sync: { status: status.sync, revision: status.revision },
      health: { status: status.health, ...(status.healthMessage ? { message: status.healthMessage } : {}), ...(healthSince ? { lastTransitionTime: healthSince } : {}) },
      ...(status.conditions.length ? { conditions: status.conditions.map((c) => ({ type: c.type, message: c.message })) } : {}),
      ...(operationState ? { operationState } : {}),
      reconciledAt: status.reconciledAt,
    },
  }
}

/**
 * Feeds the notifications the state of each app as it changes (its status, its operations, its
 * removal), from the engine's event stream. start() / stop() (awaits deliveries) / closed.
 */
export class NotificationFeed {
  private readonly statuses = new Map<string, AppStatus>()
  private readonly operations = new Map<string, Operation>()
  /** Each app's health and when it became that (Argo CD's health.lastTransitionTime). */
  private readonly healths = new Map<string, { health: string; since: string }>()
  private unsubscribe: (() => void) | undefined

  constructor(
    private readonly deps: { events: EventBus; apps: () => readonly Application[]; notifications: DeskNotifications },
  ) {}

  get closed(): boolean {
    return this.deps.notifications.closed
  }

  /** The config, the trigger center and the deliveries behind the feed. */
  get notifications(): DeskNotifications {
    return this.deps.notifications
  }

  start(): void {
    if (this.closed || this.unsubscribe) return
    this.deps.notifications.start()
    this.unsubscribe = this.deps.events.subscribe((batch) => batch.forEach((event) => this.take(event)))
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
    await this.deps.notifications.stop()
  }

  private take(event: DeskEvent): void {
    if (event.type === 'app-status') {
      this.statuses.set(event.app, event.status)
      const health = this.healths.get(event.app)
      if (health?.health !== event.status.health) this.healths.set(event.app, { health: event.status.health, since: event.status.reconciledAt })
      this.observe(event.app)
    } else if (event.type === 'operation' && !event.operation.dryRun) {
      this.operations.set(event.app, event.operation)
      this.observe(event.app)
    } else if (event.type === 'app-removed') {
      this.observe(event.app, new Date().toISOString())
      this.statuses.delete(event.app)
      this.operations.delete(event.app)
      this.healths.delete(event.app)
    }
  }

  private lastSeen = new Map<string, Application>()

  private observe(name: string, deletedAt?: string): void {
    const app = this.deps.apps().find((a) => a.metadata.name === name) ?? this.lastSeen.get(name)
    if (!app) return
    this.lastSeen.set(name, app)
    void this.deps.notifications.observe(notificationAppOf(app, this.statuses.get(name), this.operations.get(name), this.healths.get(name)?.since, deletedAt)).then(() => {
      if (!deletedAt) return
      this.deps.notifications.forget(name)
      this.lastSeen.delete(name)
    })
  }
}

/** The desktop's kind of notification for a trigger (it decides whether the notification makes a sound). */
function desktopKind(trigger: string): Notification['kind'] {
  if (/fail|error/.test(trigger)) return 'sync-failed'
  if (/degraded/.test(trigger)) return 'health-degraded'
  if (/succeeded|deployed|created/.test(trigger)) return 'sync-succeeded'
  return 'out-of-sync'
}

/** The engine's notifications: its store, keychain and event stream, the desktop as one destination. */
export function notificationFeedFor(deps: { store: DeskStore; secrets: SecretStore; events: EventBus; desktop: Notifier }): NotificationFeed {
  const notifications = new DeskNotifications({
    store: deps.store,
    secrets: deps.secrets,
    desktop: (n) => deps.desktop.notify({ kind: desktopKind(n.trigger), app: n.app, title: n.title, body: n.body }),
    mail: sendMail,
    log: (line) => console.error(`[gitops-desk] ${line}`),
    deliveriesChanged: () => deps.events.emit({ type: 'notification-deliveries' }),
  })
  return new NotificationFeed({ events: deps.events, apps: () => deps.store.read().apps, notifications })
}
