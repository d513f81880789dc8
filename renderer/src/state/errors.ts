import { isApiRejection } from '../../../shared/errors'

/** An API failure as one line for the UI: the message, and where when it adds something. */
export function errorText(error: unknown): string {
  if (isApiRejection(error)) return error.where && !error.message.includes(error.where) ? `${error.message} (${error.where})` : error.message
  return error instanceof Error ? error.message : String(error)
}
