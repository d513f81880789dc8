import { apiContract, type GitopsApiHandlers } from '../../shared/api'
import { checkCall, type Contract } from '../../shared/contract'
import type { Envelope } from '../../shared/errors'
import { toErrorData, type Logger } from '../engine/base/errors'

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
  const checked = checkCall(contract, methodName, args)
  if (!checked.ok) return checked
  try {
    const handler = handlers[methodName as keyof GitopsApiHandlers] as (...a: unknown[]) => Promise<unknown>
    return { ok: true, value: await handler(...checked.args) }
  } catch (error) {
    return { ok: false, error: toErrorData(error, log) }
  }
}
