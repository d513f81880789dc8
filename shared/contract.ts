import type { z } from 'zod'
import type { ApiErrorData, ApiRejection, Envelope } from './errors'

/** One API method: its argument list and its result, as schemas. */
export interface MethodSpec<Args extends z.ZodTuple = z.ZodTuple, Result extends z.ZodType = z.ZodType> {
  args: Args
  result: Result
  summary: string
}

export function method<Args extends z.ZodTuple, Result extends z.ZodType>(
  args: Args,
  result: Result,
  summary: string,
): MethodSpec<Args, Result> {
  return { args, result, summary }
}

export type Contract = Record<string, MethodSpec>

/** The client's view: each method takes the schema's input and resolves to its output. */
export type ClientOf<C extends Contract> = {
  [K in keyof C]: (...args: z.input<C[K]['args']>) => Promise<z.output<C[K]['result']>>
}

/** The server's view: arguments arrive already validated. */
export type HandlersOf<C extends Contract> = {
  [K in keyof C]: (...args: z.output<C[K]['args']>) => Promise<z.input<C[K]['result']>>
}

/** Channel names come from the contract, so no transport types them twice. */
export const channelOf = (methodName: string): string => `gitops:${methodName}`

/** The channel event batches travel on, main → renderer. */
export const eventsChannel = 'gitops:events'

export type Invoke = (methodName: string, args: unknown[]) => Promise<Envelope<unknown>>

/** Marks the contract's size checks, so a text over the limit is answered as too large (Invalid), not as a malformed call. */
export const tooLargeParams = { tooLarge: true }

/**
 * A call checked against the contract: its method must be declared and its arguments must match.
 * Both ends run it (the client before sending, the server before any handler), so every transport
 * answers a bad call, a text over the limit included, with the same words.
 */
export function checkCall(contract: Contract, methodName: unknown, args: unknown): { ok: true; spec: MethodSpec; args: unknown[] } | { ok: false; error: ApiErrorData } {
  if (typeof methodName !== 'string' || !Object.hasOwn(contract, methodName)) {
    return { ok: false, error: { code: 'UnknownMethod', message: `Unknown API method ${JSON.stringify(String(methodName)).slice(0, 80)}` } }
  }
  const spec = contract[methodName]!
  if (!Array.isArray(args)) return { ok: false, error: { code: 'BadRequest', message: `Arguments of ${methodName} must be a list`, where: methodName } }
  const parsed = spec.args.safeParse(args)
  if (parsed.success) return { ok: true, spec, args: parsed.data as unknown[] }
  const issue = parsed.error.issues[0]
  if (issue?.code === 'custom' && (issue.params as { tooLarge?: boolean } | undefined)?.tooLarge) return { ok: false, error: { code: 'Invalid', message: issue.message } }
  const path = issue?.path.length ? `argument ${issue.path.join('.')}` : 'arguments'
  return { ok: false, error: { code: 'BadRequest', message: `Invalid ${path} of ${methodName}: ${issue?.message ?? 'invalid'}`, where: `${methodName} ${path}` } }
}

/**
 * Builds the typed client over any transport. Failures reject with plain data
 * (an ApiRejection), because Electron's contextBridge drops the fields of Error objects.
 * A call the contract refuses is not sent.
 */
export function createClient<C extends Contract>(contract: C, invoke: Invoke): ClientOf<C> {
  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (const name of Object.keys(contract)) {
    client[name] = async (...args: unknown[]) => {
      const checked = checkCall(contract, name, args)
      const reply = checked.ok ? await invoke(name, args) : checked
      if (reply.ok) return reply.value
      const rejection: ApiRejection = { name: 'ApiError', ...reply.error }
      throw rejection
    }
  }
  return client as ClientOf<C>
}
