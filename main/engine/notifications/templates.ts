import { UserError } from '../base/errors'
import type { NotificationsConfig } from './config'
import { renderNotificationTemplates, type NotifyVars } from './go-notify'

/** A rendered notification (notifications-engine's `services.Notification`, the services this app delivers to). */
export interface RenderedNotification {
  message?: string
  email?: { subject?: string; body?: string }
  slack?: Record<string, string | boolean>
  teams?: Record<string, string>
  webhook?: Record<string, { method: string; path: string; body: string }>
}

type Field = { path: string[]; text: string }

/** Every templated text of a template, with where it goes (booleans and a webhook's method are not templates). */
function fieldsOf(template: NotificationsConfig['templates'][string]): Field[] {
  const fields: Field[] = [{ path: ['message'], text: template.message ?? '' }]
  for (const section of ['email', 'slack', 'teams'] as const) {
    for (const [name, value] of Object.entries(template[section] ?? {})) if (typeof value === 'string') fields.push({ path: [section, name], text: value })
  }
  for (const [name, call] of Object.entries(template.webhook ?? {})) {
    fields.push({ path: ['webhook', name, 'body'], text: call.body ?? '' }, { path: ['webhook', name, 'path'], text: call.path ?? '' })
  }
  return fields
}

/**
 * Formats a notification from templates in order (notifications-engine `FormatNotification`): each
 * text is a Go template over the app, the context, serviceType and recipient; a later template's
 * non-empty text wins; a webhook call is always written.
 */
export async function formatNotification(config: NotificationsConfig, templateNames: string[], vars: NotifyVars): Promise<RenderedNotification> {
  const notification: RenderedNotification = {}
  for (const name of templateNames) {
    const template = config.templates[name]
    if (!template) throw new UserError('NotFound', `template '${name}' is not supported`, 'notifications')
    const fields = fieldsOf(template)
    let rendered: string[]
    try {
      rendered = await renderNotificationTemplates(fields.map((f) => f.text), vars)
    } catch (error) {
      const index = (error as { index?: number }).index
      const field = index !== undefined && index >= 0 ? fields[index]?.path.join('.') : undefined
      throw error instanceof UserError ? new UserError(error.code, `template.${name}${field ? ` ${field}` : ''}: ${error.message}`, 'notifications') : error
    }
    for (const [i, field] of fields.entries()) {
      const value = rendered[i]!
      const [section, key, part] = field.path
      if (section === 'message') {
        if (value) notification.message = value
      } else if (section === 'webhook') {
        const calls = (notification.webhook ??= {})
        const call = (calls[key!] ??= { method: template.webhook?.[key!]?.method ?? '', path: '', body: '' })
        call[part as 'body' | 'path'] = value
      } else {
        const target = (notification[section as 'email' | 'slack' | 'teams'] ??= {}) as Record<string, unknown>
        if (value) target[key!] = value
      }
    }
    for (const [flag, value] of Object.entries(template.slack ?? {})) if (typeof value === 'boolean') (notification.slack ??= {})[flag] = value
  }
  return notification
}
