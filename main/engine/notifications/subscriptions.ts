import { UserError } from '../base/errors'
import type { NotificationsConfig } from './config'

/** Where a notification goes: a service of the config (or `desktop`) and a recipient of it. */
export interface Destination {
  service: string
  recipient: string
}

/** The desktop: always there, subscribed to the default triggers (or the catalog's) unless the config says otherwise. */
export const desktopService = 'desktop'

const annotationPrefix = 'notifications.argoproj.io/subscribe.'

function recipientsOf(value: string): string[] {
  if (value === '') return ['']
  return value.split(';').map((r) => r.trim()).filter(Boolean)
}

/**
 * Each trigger's destinations for an app, as notifications-engine's controller finds them: the
 * config's `subscriptions` whose selector matches the app's labels, then the app's
 * `notifications.argoproj.io/subscribe.<trigger>.<service>` annotations (`subscribe.<service>`:
 * the service's default triggers, else `defaultTriggers`); duplicates dropped.
 */
export function destinationsOf(metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }, config: NotificationsConfig): Map<string, Destination[]> {
  const result = new Map<string, Destination[]>()
  const add = (trigger: string, destination: Destination) => {
    const list = result.get(trigger) ?? []
    if (!list.some((d) => d.service === destination.service && d.recipient === destination.recipient)) list.push(destination)
    result.set(trigger, list)
  }
  for (const subscription of config.subscriptions) {
    if (subscription.selector && !selectorMatches(subscription.selector, metadata.labels ?? {})) continue
    const triggers = subscription.triggers.length ? subscription.triggers : config.defaultTriggers
    for (const trigger of triggers) {
      for (const recipient of subscription.recipients) {
        const [service, ...rest] = recipient.split(':')
        add(trigger, { service: service!, recipient: rest[0] ?? '' })
      }
    }
  }
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
    if (!key.startsWith(annotationPrefix)) continue
    const parts = key.slice(annotationPrefix.length).split('.')
    const [trigger, service] = parts.length >= 2 ? [parts[0]!, parts[1]!] : ['', parts[0]!]
    const triggers = trigger ? [trigger] : (config.serviceDefaultTriggers[service] ?? config.defaultTriggers)
    for (const recipient of recipientsOf(value)) for (const t of triggers) add(t, { service, recipient })
  }
  return result
}

/** A Kubernetes label selector (`a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`), all terms ANDed. */
export function selectorMatches(selector: string, labels: Record<string, string>): boolean {
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g)?.map((t) => t.trim()).filter(Boolean) ?? []
  return terms.every((term) => {
    let match: RegExpMatchArray | null
    if ((match = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term))) {
      const values = match[3]!.split(',').map((v) => v.trim())
      const has = match[1]! in labels && values.includes(labels[match[1]!]!)
      return match[2] === 'in' ? has : !has
    }
    if ((match = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term))) {
      const equal = labels[match[1]!] === match[3]
      return match[2] === '!=' ? !equal : equal
    }
    if ((match = /^(!?)([\w./-]+)$/.exec(term))) return match[1] ? !(match[2]! in labels) : match[2]! in labels
    throw new UserError('Invalid', `subscriptions: '${selector}' is not a label selector`, 'argocd-notifications-cm')
  })
}
