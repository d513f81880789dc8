import { contextNameNeeded, type SyncIntent } from '../../../shared/model'
import { UserError } from '../base/errors'

/**
 * A sync to a protected context needs that context's name, typed by the user (a dry run needs
 * nothing). The typed name authorises that context only: the prune consents are separate fields
 * of the intent, asked for separately (see prepareSync).
 */
export function requireContextConsent(context: string, protectedContexts: readonly string[], intent: SyncIntent, what = 'the sync'): void {
  const typed = intent.consent?.context
  if (typed !== undefined && typed !== context) throw new UserError('Forbidden', `the confirmation "${typed}" does not match the destination context ${context}`, context)
  if (!contextNameNeeded(protectedContexts.includes(context), intent) || typed === context) return
  throw new UserError('Forbidden', `${context} is a protected context: confirm ${what} by typing its name (--yes on the command line)`, context)
}
