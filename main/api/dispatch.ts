import type { z } from 'zod'
import { apiContract, type GitopsApiHandlers } from '../../shared/api'
import type { Contract } from '../../shared/contract'
import type { Envelope } from '../../shared/errors'
import { toErrorData, UserError, type Logger } from '../engine/errors'

const contract: Contract = apiContract

/**
 * Runs one call from any transport: the method must be in the contract and its arguments must
 * match the contract's schema, else it is refused before any handler runs.
 */
export async function dispatch(
  handlers: GitopsApiHandlers,
  methodName: unknown,
  args: unknown,
  log?: Logger,
): Promise<Envelope<unknown>> {
  try {
    if (typeof methodName !== 'string' || !Object.hasOwn(contract, methodName)) {
      throw new UserError('UnknownMethod', `Unknown API method ${JSON.stringify(String(methodName)).slice(0, 80)}`)
    }
    const spec = contract[methodName]!
    if (!Array.isArray(args)) throw new UserError('BadRequest', `Arguments of ${methodName} must be a list`, methodName)
    const parsed = spec.args.safeParse(args)
    if (!parsed.success) throw badArguments(methodName, parsed.error)
    const handler = handlers[methodName as keyof GitopsApiHandlers] as (...a: unknown[]) => Promise<unknown>
    return { ok: true, value: await handler(...(parsed.data as unknown[])) }
  } catch (error) {
    return { ok: false, error: toErrorData(error, log) }
  }
}

function badArguments(methodName: string, error: z.ZodError): UserError {
  const issue = error.issues[0]
  const path = issue?.path.length ? `argument ${issue.path.join('.')}` : 'arguments'
  return new UserError('BadRequest', `Invalid ${path} of ${methodName}: ${issue?.message ?? 'invalid'}`, `${methodName} ${path}`)
}
