import type { z } from 'zod'
import type { ApiRejection, Envelope } from './errors'

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

/**
 * Builds the typed client over any transport. Failures reject with plain data
 * (an ApiRejection), because Electron's contextBridge drops the fields of Error objects.
 */
export function createClient<C extends Contract>(contract: C, invoke: Invoke): ClientOf<C> {
  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (const name of Object.keys(contract)) {
    client[name] = async (...args: unknown[]) => {
      const reply = await invoke(name, args)
      if (reply.ok) return reply.value
      const rejection: ApiRejection = { name: 'ApiError', ...reply.error }
      throw rejection
    }
  }
  return client as ClientOf<C>
}
