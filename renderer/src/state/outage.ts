import type { AppStatus, Operation } from '../../../shared/api'

/** A failure that says the cluster did not answer (not a problem with the manifests). */
export const isOutageMessage = (message: string | null | undefined): boolean => /unreachable|cannot reach the cluster|ECONNREFUSED|ECONNRESET|no answer within|socket hang up/i.test(message ?? '')

/** The cluster answered since this outage failure: a compare after it succeeded. */
export const outageOver = (status: AppStatus | null | undefined, since: string | undefined): boolean => !!status && status.sync !== 'Unknown' && !status.lastKnownAt && (!since || status.reconciledAt > since)

/** A failed operation whose cause was an outage that is over no longer shows as the app's news. */
export const staleOutageFailure = (operation: Operation | null, status: AppStatus | null | undefined): boolean =>
  !!operation && (operation.phase === 'Error' || operation.phase === 'Failed') && isOutageMessage(operation.message) && outageOver(status, operation.finishedAt)
