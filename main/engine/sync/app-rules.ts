import { isAutomated, type Application } from '../model/app-schema'

// The rules an app's own state decides before an operation starts. The engine enforces them
// here, and the app's status sends them as flags (reconcile/app-status.ts), so the UI and the
// CLI show the same rule instead of deriving it again.

/** A rollback may start only while auto-sync is off (Argo CD refuses it too: auto-sync would undo it). */
export const rollbackAllowed = (app: Application): boolean => !isAutomated(app)

/** The app's syncPolicy.automated.allowEmpty: a sync may prune every resource of the app. */
export const allowsEmpty = (app: Application): boolean => app.spec.syncPolicy?.automated?.allowEmpty ?? false

/**
 * A prune would leave the app with nothing (Git has none of its resources, some are live): it
 * needs allowEmpty, or the user's consent to prune everything (a dry run too: it shows the same).
 */
export const pruneAllNeedsConsent = (targets: number, extras: number, allowEmpty: boolean): boolean => targets === 0 && extras > 0 && !allowEmpty
