import type { Notification } from './types'

/** Where notifications go: desktop notifications in the app, printed lines in the CLI. */
export interface Notifier {
  notify(notification: Notification): void
}

/** Passes a notification on unless notifications are off or the app is muted. */
export function mutedNotifier(inner: Notifier, settings: () => { notifications: boolean; mutedApps: string[] }): Notifier {
  return {
    notify(notification) {
      const { notifications, mutedApps } = settings()
      if (notifications && !mutedApps.includes(notification.app)) inner.notify(notification)
    },
  }
}
