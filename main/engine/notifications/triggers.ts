import { createHash } from 'node:crypto'
import { UserError } from '../base/errors'
import type { NotificationsConfig } from './config'
import { evaluateConditions, type NotifyVars } from './go-notify'
import type { Destination } from './subscriptions'

/** One condition of a trigger after a run (notifications-engine's `triggers.ConditionResult`). */
export interface ConditionResult {
  /** `[index].<sha1 of when>`: what the notified state remembers the condition by. */
  key: string
  when: string
  triggered: boolean
  oncePer: string
  templates: string[]
  /** What Argo CD logs for a condition that failed to run (it then counts as not fired). */
  error?: string
}

/** `[i].` + the condition's `when` hashed, as notifications-engine keys a condition. */
export function conditionKey(index: number, when: string): string {
  return `[${index}].${createHash('sha1').update(when).digest('base64url')}`
}

/** Runs a trigger over an app: each condition, fired or not, with its oncePer value. */
export async function runTrigger(config: NotificationsConfig, trigger: string, vars: NotifyVars): Promise<ConditionResult[]> {
  return (await runTriggers(config, [trigger], vars)).get(trigger)!
}

/** Runs several triggers over one app in one request to the evaluator (the center's per-state work). */
export async function runTriggers(config: NotificationsConfig, triggers: string[], vars: NotifyVars): Promise<Map<string, ConditionResult[]>> {
  const missing = triggers.find((t) => !config.triggers[t])
  if (missing) throw new UserError('NotFound', `trigger '${missing}' is not configured`, 'notifications')
  const all = triggers.flatMap((trigger) => config.triggers[trigger]!.map((condition, i) => ({ trigger, condition, i })))
  const outcomes = await evaluateConditions(all.map((a) => a.condition), vars)
  const results = new Map<string, ConditionResult[]>(triggers.map((t) => [t, []]))
  all.forEach(({ trigger, condition, i }, n) => results.get(trigger)!.push({ key: conditionKey(i, condition.when), when: condition.when, templates: condition.send, ...outcomes[n]! }))
  return results
}

const notifiedHistoryMaxSize = 100

/**
 * What was already sent for one app (notifications-engine's NotificationsState, which Argo CD
 * keeps in the Application's `notified.notifications.argoproj.io` annotation; here in memory, as
 * the desktop never writes to an Application for this). A condition notifies when it starts to
 * fire; without oncePer it can notify again after it stopped firing; with oncePer once per value.
 */
export class NotifiedState {
  private readonly sent = new Map<string, number>()
  private clock = 0

  private static key(trigger: string, result: ConditionResult, destination: Destination): string {
    const key = `${trigger}:${result.key}:${destination.service}:${destination.recipient}`
    return result.oncePer ? `${result.oncePer}:${key}` : key
  }

  /** Marks a condition as notified (or not) for a destination; true when that changed something. */
  set(trigger: string, result: ConditionResult, destination: Destination, notified: boolean): boolean {
    const key = NotifiedState.key(trigger, result, destination)
    if (this.sent.has(key) === notified) return false
    if (notified) {
      this.sent.set(key, ++this.clock)
      this.truncate()
    } else {
      if (result.oncePer) return false
      this.sent.delete(key)
    }
    return true
  }

  private truncate(): void {
    const excess = this.sent.size - notifiedHistoryMaxSize
    if (excess <= 0) return
    const oldest = [...this.sent.entries()].sort((a, b) => a[1] - b[1]).slice(0, excess)
    for (const [key] of oldest) this.sent.delete(key)
  }
}
