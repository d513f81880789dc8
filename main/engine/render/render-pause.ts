import { CancelledError, UserError } from '../base/errors'

/**
 * Argo CD's repo server rule for renders that keep failing (reposerver/repository: the manifest
 * cache entry holds the failures): after `attempts` consecutive failures of the same render input
 * (the render cache key), its last error is answered without running the tools again, until
 * `minutes` have passed since the first of those failures or, when set, `requests` answers were
 * given from the pause. A success forgets the failures; a hard refresh always renders (and a failed
 * one counts). Argo CD's defaults: 3 attempts, 60 minutes, no request limit.
 */
export interface RenderPauseOptions {
  /** PauseGenerationAfterFailedGenerationAttempts (0: never pause). */
  attempts: number
  /** PauseGenerationOnFailureForMinutes (0: no time limit). */
  minutes: number
  /** PauseGenerationOnFailureForRequests (0: no limit by count). */
  requests: number
}

export const defaultRenderPause: RenderPauseOptions = { attempts: 3, minutes: 60, requests: 0 }

interface Failures {
  consecutive: number
  firstAt: number
  answered: number
  last: UserError
}

export class RenderPause {
  private readonly failures = new Map<string, Failures>()

  constructor(
    private readonly options: RenderPauseOptions = defaultRenderPause,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1024,
  ) {}

  /** The error to answer instead of rendering this key, or null: render it. */
  paused(key: string): UserError | null {
    const entry = this.failures.get(key)
    const { attempts, minutes, requests } = this.options
    if (!entry || attempts <= 0 || entry.consecutive < attempts) return null
    const until = entry.firstAt + minutes * 60_000
    if ((minutes > 0 && this.now() >= until) || (requests > 0 && entry.answered >= requests)) {
      this.failures.delete(key) // the pause is over: the next render starts counting afresh
      return null
    }
    entry.answered++
    const note = minutes > 0 ? `until ${clock(until)}` : `for ${requests - entry.answered + 1} more refreshes`
    return new UserError(entry.last.code, `${entry.last.message} (rendering paused after ${entry.consecutive} failed attempts ${note}; a hard refresh tries again)`, entry.last.where)
  }

  /** A render of this key failed; only errors about the input count (not a cancel, not a bug). */
  failed(key: string, error: unknown): void {
    if (!(error instanceof UserError) || error instanceof CancelledError) return
    const entry = this.failures.get(key)
    if (entry) {
      this.failures.delete(key) // most recently failed at the end, so the oldest go first
      entry.consecutive++
      entry.last = error
      this.failures.set(key, entry)
    } else {
      this.failures.set(key, { consecutive: 1, firstAt: this.now(), answered: 0, last: error })
    }
    while (this.failures.size > this.maxEntries) this.failures.delete(this.failures.keys().next().value!)
  }

  succeeded(key: string): void {
    this.failures.delete(key)
  }
}

/** Local time of day, as the user's clock shows it. */
function clock(ms: number): string {
  const date = new Date(ms)
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`
}
