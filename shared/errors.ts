import { z } from 'zod'

/** What kind of failure an API call ended in; the UI picks its wording and colour from it. */
export const ErrorCode = z.enum([
  'BadRequest', // arguments that do not match the contract
  'UnknownMethod', // a method the contract does not declare
  'Forbidden', // sender not allowed, or the cluster said 403
  'NotFound',
  'Conflict',
  'Invalid', // user input (YAML, an Application) that is wrong; `where` says where
  'Unavailable', // a cluster, repo or tool that cannot be reached or run
  'Cancelled',
  'Internal', // a bug: the message is generic, details go to the main-process log only
])
export type ErrorCode = z.infer<typeof ErrorCode>

/** An error as it crosses a process boundary: plain data, never a stack trace. */
export const ApiErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  /** File and line, resource key, or argument path the error is about. */
  where: z.string().optional(),
})
export type ApiErrorData = z.infer<typeof ApiErrorData>

/** What a rejected API promise carries, in the renderer, whichever transport. */
export interface ApiRejection extends ApiErrorData {
  name: 'ApiError'
}

export function isApiRejection(value: unknown): value is ApiRejection {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'ApiError'
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData }
