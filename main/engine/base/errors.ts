import type { ApiErrorData, ErrorCode } from '../../../shared/errors'

/**
 * An error the user can act on: bad input, an unreachable cluster, a refused request.
 * Its message is shown as is, so it must never contain a secret.
 */
export class UserError extends Error {
  override name = 'UserError'
  constructor(
    readonly code: Exclude<ErrorCode, 'Internal'>,
    message: string,
    readonly where?: string,
  ) {
    super(message)
  }
}

/** The user (or a shutdown) stopped the work; not a failure. */
export class CancelledError extends UserError {
  override name = 'CancelledError'
  constructor(message = 'Cancelled') {
    super('Cancelled', message)
  }
}

export type Logger = (message: string, details?: unknown) => void

/**
 * The one handler for anything thrown: user errors cross as they are; anything else is a bug,
 * logged here in full and reported with a generic message (no stack, no data that may hold a
 * secret).
 */
export function toErrorData(error: unknown, log: Logger = defaultLog): ApiErrorData {
  if (error instanceof UserError) {
    return error.where === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, where: error.where }
  }
  log('unexpected error', error)
  return { code: 'Internal', message: 'Internal error in GitOps Desk; details are in its log.' }
}

function defaultLog(message: string, details?: unknown): void {
  console.error(`[gitops-desk] ${message}`, details)
}

/** The text of any error for a status, a condition or a resource result: the one mapping's message. */
export function errorMessage(error: unknown): string {
  return toErrorData(error).message
}
