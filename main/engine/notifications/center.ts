import { errorMessage } from '../base/errors'
import type { NotificationsConfig } from './config'
import type { NotificationDeliveries } from './deliveries'
import { desktopService, destinationsOf } from './subscriptions'
import { formatNotification } from './templates'
import { NotifiedState, runTriggers } from './triggers'

/** An Application as Argo CD's notifications see it (metadata, spec, status in Argo CD's shape). */
export interface NotificationApp {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string; deletionTimestamp?: string }
  spec?: unknown
  status?: unknown
}

/** The triggers the desktop gets when the config names none for it: the catalog's, as the desktop notified before. */
export const desktopDefaultTriggers = ['on-sync-succeeded', 'on-sync-failed', 'on-health-degraded']

export interface CenterDeps {
  /** The config in force (the user's, or Argo CD's catalog). */
  config(): NotificationsConfig
  deliveries: NotificationDeliveries
  log(line: string): void
}

/**
 * notifications-engine's controller for the apps GitOps Desk sees: for each app state, each
 * subscribed trigger is run, and a condition that starts to fire is rendered and delivered once
 * per destination (per oncePer value). The first state seen of an app only records what already
 * fires: notifications are about what changes while the desk runs (Argo CD keeps this record in
 * the Application; the desktop writes nothing to a cluster for it).
 */
export class NotificationCenter {
  private readonly states = new Map<string, NotifiedState>()
  /** One app's states are handled in order. */
  private readonly queues = new Map<string, Promise<void>>()

  constructor(private readonly deps: CenterDeps) {}

  /** The destinations of an app per trigger: its subscriptions, and the desktop's default triggers. */
  destinations(app: NotificationApp, config = this.deps.config()): Map<string, { service: string; recipient: string }[]> {
    const result = destinationsOf(app.metadata, config)
    const desktop = config.serviceDefaultTriggers[desktopService] ?? (config.defaultTriggers.length ? config.defaultTriggers : desktopDefaultTriggers)
    for (const trigger of desktop) {
      if (!config.triggers[trigger]) continue
      const list = result.get(trigger) ?? []
      if (!list.some((d) => d.service === desktopService)) list.push({ service: desktopService, recipient: '' })
      result.set(trigger, list)
    }
    return result
  }

  /** Handles a new state of an app (resolves when its notifications are handed to delivery). */
  observe(app: NotificationApp): Promise<void> {
    const name = app.metadata.name
    const next = (this.queues.get(name) ?? Promise.resolve()).then(() => this.handle(app)).catch((error: unknown) => this.deps.log(`notifications for ${name}: ${errorMessage(error)}`))
    this.queues.set(name, next)
    void next.then(() => {
      if (this.queues.get(name) === next) this.queues.delete(name)
    })
    return next
  }

  /** The app is gone for good: what was sent for it goes too. */
  forget(name: string): void {
    this.states.delete(name)
  }

  private async handle(app: NotificationApp): Promise<void> {
    const config = this.deps.config()
    const name = app.metadata.name
    const first = !this.states.has(name)
    const state = this.states.get(name) ?? new NotifiedState()
    this.states.set(name, state)
    const vars = { app, context: config.context }
    const subscribed = [...this.destinations(app, config)].filter(([trigger]) => {
      if (!config.triggers[trigger]) this.deps.log(`notifications for ${name}: trigger '${trigger}' is not configured`)
      return !!config.triggers[trigger]
    })
    if (subscribed.length === 0) return
    const outcomes = await runTriggers(config, subscribed.map(([trigger]) => trigger), vars)
    for (const [trigger, destinations] of subscribed) {
      for (const result of outcomes.get(trigger)!) {
        if (result.error) this.deps.log(`notifications for ${name}: trigger ${trigger}: ${result.error}`)
        for (const destination of destinations) {
          if (!result.triggered) {
            state.set(trigger, result, destination, false)
            continue
          }
          if (!state.set(trigger, result, destination, true) || first) continue
          try {
            const notification = await formatNotification(config, result.templates, { ...vars, serviceType: destination.service, recipient: destination.recipient })
            void this.deps.deliveries.deliver({ app: name, trigger, destination, notification })
          } catch (error) {
            this.deps.log(`notifications for ${name}: trigger ${trigger}: ${errorMessage(error)}`)
          }
        }
      }
    }
  }
}
