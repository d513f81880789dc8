import { contextNameNeeded, type SyncIntent } from '../../../shared/model'
import { UserError } from '../base/errors'
import type { Application } from '../model/app-schema'
import { rollbackAllowed } from './app-rules'

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

/**
 * A sync from a working copy (`argocd app sync --local`): never while auto-sync is on (it would
 * put Git back at once; Argo CD refuses it too), never pinned to a revision, and only with its own
 * consent, "deploy uncommitted changes"; a protected context also needs its typed name, as every
 * sync to it does (a dry run needs neither).
 */
export function requireWorkingCopyConsent(app: Application, context: string, protectedContexts: readonly string[], intent: SyncIntent): void {
  const name = app.metadata.name
  if (!rollbackAllowed(app)) throw new UserError('Invalid', `cannot sync ${name} from a working copy while auto-sync is on (it would sync Git again): turn off syncPolicy.automated first`, 'spec.syncPolicy.automated')
  if (intent.revision) throw new UserError('Invalid', `a sync from a working copy deploys the folder as it is: --revision ${intent.revision} cannot be given with it`, 'revision')
  requireContextConsent(context, protectedContexts, intent, 'deploying the working copy')
  if (!intent.dryRun && !intent.consent?.uncommitted) throw new UserError('Forbidden', `deploying uncommitted changes of ${name} to ${context} needs its own consent ("deploy uncommitted changes"; --yes-uncommitted on the command line)`, context)
}
