import { z } from 'zod'
import { UserError } from '../base/errors'
import { parseUserYaml } from '../base/yaml-docs'

// argocd-notifications-cm, read as notifications-engine's `api.ParseConfig` reads it, but strictly:
// a key or a field it does not know is refused (naming it), where Argo CD ignores it silently.

/** The service types a laptop can deliver to (Argo CD has more; they are refused by name). */
export const notificationServiceTypes = ['webhook', 'slack', 'teams', 'email'] as const
export type NotificationServiceType = (typeof notificationServiceTypes)[number]

const text = z.string()
const Condition = z.strictObject({ when: text.default(''), send: z.array(text).default([]), oncePer: text.optional(), description: text.optional() })
export type TriggerCondition = z.infer<typeof Condition>

const WebhookCall = z.strictObject({ method: text.optional(), path: text.optional(), body: text.optional() })
const Template = z.strictObject({
  message: text.optional(),
  email: z.strictObject({ subject: text.optional(), body: text.optional() }).optional(),
  slack: z.strictObject({ username: text.optional(), icon: text.optional(), attachments: text.optional(), blocks: text.optional(), groupingKey: text.optional(), notifyBroadcast: z.boolean().optional(), deliveryPolicy: text.optional() }).optional(),
  teams: z.strictObject({ template: text.optional(), title: text.optional(), summary: text.optional(), text: text.optional(), themeColor: text.optional(), facts: text.optional(), sections: text.optional(), potentialAction: text.optional() }).optional(),
  webhook: z.record(text, WebhookCall).optional(),
})
export type NotificationTemplate = z.infer<typeof Template>

const transport = { maxIdleConns: z.number().optional(), maxIdleConnsPerHost: z.number().optional(), maxConnsPerHost: z.number().optional(), idleConnTimeout: text.optional() }
const serviceOptions = {
  webhook: z.strictObject({ url: text, headers: z.array(z.strictObject({ name: text, value: text })).default([]), basicAuth: z.strictObject({ username: text, password: text }).optional(), retryWaitMin: text.optional(), retryWaitMax: text.optional(), retryMax: z.number().int().optional(), insecureSkipVerify: z.boolean().optional(), ...transport }),
  slack: z.strictObject({ username: text.optional(), icon: text.optional(), token: text, signingSecret: text.optional(), channels: z.array(text).optional(), apiURL: text.optional(), disableUnfurl: z.boolean().optional(), insecureSkipVerify: z.boolean().optional(), ...transport }),
  teams: z.strictObject({ recipientUrls: z.record(text, text), insecureSkipVerify: z.boolean().optional(), ...transport }),
  email: z.strictObject({ host: text, port: z.number().int(), insecure_skip_verify: z.boolean().optional(), username: text.optional(), password: text.optional(), from: text, html: z.boolean().optional() }),
} satisfies Record<NotificationServiceType, z.ZodType>

/** A service: its name (what recipients name), its type and its options with `$key` references unresolved. */
export interface NotificationService {
  name: string
  type: NotificationServiceType
  options: Record<string, unknown>
}

const Subscription = z.strictObject({ recipients: z.array(text).default([]), triggers: z.array(text).default([]), selector: text.optional() })
export type DefaultSubscription = z.infer<typeof Subscription>

export interface NotificationsConfig {
  services: Record<string, NotificationService>
  triggers: Record<string, TriggerCondition[]>
  templates: Record<string, NotificationTemplate>
  defaultTriggers: string[]
  serviceDefaultTriggers: Record<string, string[]>
  subscriptions: DefaultSubscription[]
  context: Record<string, string>
}

export function emptyNotificationsConfig(): NotificationsConfig {
  return { services: {}, triggers: {}, templates: {}, defaultTriggers: [], serviceDefaultTriggers: {}, subscriptions: [], context: {} }
}

/** One value of the ConfigMap, read as YAML and checked against its schema; a problem names the key. */
function readValue<T>(schema: z.ZodType<T>, value: string, key: string, where: string): T {
  const parsed = schema.safeParse(parseUserYaml(value, `${where} ${key}`))
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const path = issue.path.length ? `.${issue.path.join('.')}` : ''
  const detail = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message
  throw new UserError('Invalid', `${key}${path}: ${detail}`, where)
}

/**
 * Reads the ConfigMap's data. `where` names the file or context for messages. Nothing here
 * resolves a secret: `$key` references stay as they are until a delivery needs them.
 */
export function parseNotificationsConfig(data: Record<string, unknown>, where: string): NotificationsConfig {
  const config = emptyNotificationsConfig()
  for (const [key, raw] of Object.entries(data)) {
    if (typeof raw !== 'string') throw new UserError('Invalid', `${key}: a ConfigMap's value is text`, where)
    const parts = key.split('.')
    if (key === 'context') config.context = readValue(z.record(text, text), raw, key, where)
    else if (key === 'subscriptions') config.subscriptions = readValue(z.array(Subscription), raw, key, where)
    else if (key === 'defaultTriggers') config.defaultTriggers = readValue(z.array(text), raw, key, where)
    else if (key.startsWith('defaultTriggers.')) config.serviceDefaultTriggers[parts.slice(1).join('.')] = readValue(z.array(text), raw, key, where)
    else if (key.startsWith('template.')) config.templates[parts.slice(1).join('.')] = readValue(Template, raw, key, where)
    else if (key.startsWith('trigger.')) config.triggers[parts.slice(1).join('.')] = readValue(z.array(Condition), raw, key, where)
    else if (key.startsWith('service.')) {
      if (parts.length !== 2 && parts.length !== 3) throw new UserError('Invalid', `invalid service key; expected 'service.<type>(.<name>)' but got '${key}'`, where)
      const type = parts[1]!
      if (!(notificationServiceTypes as readonly string[]).includes(type)) throw new UserError('Invalid', `${key}: service type '${type}' is not supported by GitOps Desk (it delivers to ${notificationServiceTypes.join(', ')})`, where)
      const name = parts[2] ?? type
      config.services[name] = { name, type: type as NotificationServiceType, options: readValue(serviceOptions[type as NotificationServiceType] as z.ZodType<Record<string, unknown>>, raw, key, where) }
    } else throw new UserError('Invalid', `unknown key '${key}' in argocd-notifications-cm (expected service.*, template.*, trigger.*, defaultTriggers, defaultTriggers.*, subscriptions or context)`, where)
  }
  checkReferences(config, where)
  return config
}

/** A trigger that sends a template nobody defined fails at delivery in Argo CD; here when read. */
function checkReferences(config: NotificationsConfig, where: string): void {
  for (const [name, conditions] of Object.entries(config.triggers)) {
    for (const condition of conditions) {
      const missing = condition.send.find((t) => !config.templates[t])
      if (missing) throw new UserError('Invalid', `trigger.${name}: sends template '${missing}', which is not defined`, where)
    }
  }
}

/** Every `when` and `oncePer` of the config, with where each is, to compile at once. */
export function configExpressions(config: NotificationsConfig): { where: string; expression: string }[] {
  return Object.entries(config.triggers).flatMap(([name, conditions]) =>
    conditions.flatMap((c, i) => [{ where: `trigger.${name}[${i}].when`, expression: c.when || 'false' }, ...(c.oncePer ? [{ where: `trigger.${name}[${i}].oncePer`, expression: c.oncePer }] : [])]),
  )
}

/** The `$key` references of a service's options (notifications-engine's `[$][\w-]+`). */
export function secretReferences(options: unknown): string[] {
  const found = new Set<string>()
  const walk = (value: unknown): void => {
    if (typeof value === 'string') for (const match of value.matchAll(/[$]([\w-]+)/g)) found.add(match[1]!)
    else if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  walk(options)
  return [...found]
}

/** Replaces each `$key` whose key the secret has (an unknown one stays as written, as in Argo CD). */
export function resolveSecretReferences<T>(options: T, secrets: Record<string, string>): T {
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/[$]([\w-]+)/g, (whole, key: string) => secrets[key] ?? whole)
    if (Array.isArray(value)) return value.map(resolve)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]))
    return value
  }
  return resolve(options) as T
}
