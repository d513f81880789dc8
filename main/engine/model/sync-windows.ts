import { CronExpressionParser } from 'cron-parser'
import { globMatch } from '../base/glob'

export interface SyncWindowSpec {
  kind: 'allow' | 'deny'
  schedule: string
  duration: string
  applications?: string[] | undefined
  namespaces?: string[] | undefined
  clusters?: string[] | undefined
  manualSync?: boolean | undefined
  timeZone?: string | undefined
}

/** Go's time.ParseDuration for what windows use ("1h", "30m", "1h30m", "90s"); null when invalid. */
export function parseDuration(text: string): number | null {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim())
  if (!match || text.trim() === '') return null
  const [, h = '0', m = '0', s = '0'] = match
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000
}

/** What is wrong with a window's schedule, duration or time zone, for a parse error. */
export function windowProblem(window: Pick<SyncWindowSpec, 'schedule' | 'duration' | 'timeZone'>): { field: string; message: string } | null {
  if (parseDuration(window.duration) === null) return { field: 'duration', message: `"${window.duration}" is not a duration (like 1h, 30m or 1h30m)` }
  try {
    CronExpressionParser.parse(window.schedule, { strict: false, ...(window.timeZone ? { tz: window.timeZone } : {}) })
  } catch (error) {
    return { field: 'schedule', message: `"${window.schedule}" is not a cron schedule: ${(error as Error).message}` }
  }
  return null
}

/** A window is active when its last scheduled start is less than its duration ago. */
export function isActive(window: SyncWindowSpec, now: Date): boolean {
  const duration = parseDuration(window.duration)
  if (duration === null) return false
  try {
    // The previous start at or before now: parse from just after now and step back, once more
    // when that lands after now (in the last second before a start, e.g. 12:00:59.5 for
    // "* * * * *", the first step back finds 12:01:00, and the window that began at 12:00 is on).
    const schedule = CronExpressionParser.parse(window.schedule, { currentDate: new Date(now.getTime() + 1000), strict: false, ...(window.timeZone ? { tz: window.timeZone } : {}) })
    let start = schedule.prev().toDate().getTime()
    if (start > now.getTime()) start = schedule.prev().toDate().getTime()
    return now.getTime() >= start && now.getTime() < start + duration
  } catch {
    return false
  }
}

export interface WindowTarget {
  app: string
  namespace: string
  /** The destination's server URL and context name: a cluster pattern may name either. */
  server: string
  cluster: string
}

const matchesAny = (patterns: string[] | undefined, ...values: string[]) => (patterns ?? []).some((p) => values.some((v) => globMatch(v, p)))

/** The windows that apply to an app: by application name, destination namespace or cluster. */
export function matchingWindows(windows: SyncWindowSpec[], target: WindowTarget): SyncWindowSpec[] {
  return windows.filter((w) => matchesAny(w.applications, target.app) || matchesAny(w.namespaces, target.namespace) || matchesAny(w.clusters, target.server, target.cluster))
}

/**
 * Argo CD's rule: an active deny window blocks (a manual sync passes when it allows manualSync);
 * an active allow window permits; allow windows that exist but are all inactive block (a manual
 * sync passes when one allows manualSync). Returns why a sync is blocked, or null.
 */
export function windowBlock(windows: SyncWindowSpec[], target: WindowTarget, now: Date, manual: boolean): string | null {
  const matching = matchingWindows(windows, target)
  if (matching.length === 0) return null
  const describe = (w: SyncWindowSpec) => `${w.kind} window "${w.schedule}" for ${w.duration}${w.timeZone ? ` (${w.timeZone})` : ''}`
  const active = matching.filter((w) => isActive(w, now))
  const deny = active.filter((w) => w.kind === 'deny')
  if (deny.length > 0) {
    if (manual && deny.every((w) => w.manualSync)) return null
    return `blocked by the active ${describe(deny[0]!)}`
  }
  if (active.some((w) => w.kind === 'allow')) return null
  const allows = matching.filter((w) => w.kind === 'allow')
  if (allows.length > 0) {
    if (manual && allows.some((w) => w.manualSync)) return null
    return `outside every allow window (${allows.map(describe).join(', ')})`
  }
  return null
}
