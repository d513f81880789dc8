import { Notification } from 'electron'
import type { Notifier } from '../engine/service/desk-service'

/** The engine's notifications as desktop notifications; a click opens that app. */
export function desktopNotifier(openApp: (name: string) => void): Notifier {
  return {
    notify(n) {
      if (!Notification.isSupported()) return
      const notification = new Notification({ title: n.title, body: n.body, silent: n.kind === 'sync-succeeded' })
      notification.on('click', () => openApp(n.app))
      notification.show()
    },
  }
}
