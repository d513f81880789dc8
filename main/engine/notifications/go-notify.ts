import { UserError } from '../base/errors'
import { goTemplateWasmPool } from '../sandbox/go-template-wasm'
import { SandboxLimitError, SandboxPool, type SandboxLimits } from '../sandbox/worker-pool'

/**
 * A notifications config is someone else's code (a `when` can loop over a list built from the app,
 * a template can `range until 100000000`): each request runs in a worker killed at these limits.
 * expr-lang also bounds one run's allocations itself (its memory budget).
 */
export const notifyLimits: SandboxLimits = { timeoutMs: 10_000, memoryMiB: 256 }
/** Starting a worker (instantiating the module, Go's runtime) is not the config's time: it gets its own. */
const startLimits: Partial<SandboxLimits> = { timeoutMs: 60_000 }
/** A rendered message larger than any service takes is refused before it leaves the worker. */
export const notifyMaxOutputBytes = 1024 * 1024

// The same WebAssembly module as ApplicationSets' goTemplate (native/gotemplate): Go's
// text/template with sprig, plus expr-lang at the version Argo CD pins and Argo CD's notification
// helpers (native/gotemplate/notify.go), so a trigger and a template run here as in Argo CD.
const handler = `
  const text = globalThis.gitopsDeskNotify(JSON.stringify(request))
  if (text.length > workerData.maxOutputBytes) return { error: 'the rendered notification is larger than ' + Math.round(workerData.maxOutputBytes / 1024) + ' KiB', index: -1 }
  return JSON.parse(text)`

let pool: SandboxPool | undefined
/** A worker started (an empty request answered): a request's limit then counts its own work only. */
let started: Promise<unknown> | undefined

function notifyPool(): SandboxPool {
  pool ??= goTemplateWasmPool({ name: 'notification templates', entryPoint: 'gitopsDeskNotify', handler, limits: notifyLimits, maxOutputBytes: notifyMaxOutputBytes, concurrency: 1 })
  return pool
}

/** Ends the workers (the engine's shutdown). */
export async function closeNotifyWorkers(): Promise<void> {
  const current = pool
  pool = undefined
  started = undefined
  await current?.close()
}

/** A trigger condition, as notifications-engine's `triggers.Condition`. */
export interface ConditionSource {
  when: string
  oncePer?: string
}

/** What one condition gave: fired or not, its oncePer value, and what Argo CD would have logged. */
export interface ConditionOutcome {
  triggered: boolean
  oncePer: string
  error?: string
}

/** The variables a trigger or template sees besides the app: the config's `context` and the service. */
export interface NotifyVars {
  app: unknown
  context: Record<string, string>
  serviceType?: string
  recipient?: string
}

interface NotifyResponse {
  conditions?: ConditionOutcome[]
  results?: string[]
  error?: string
  index: number
}

async function run(request: Record<string, unknown>, what: string): Promise<NotifyResponse> {
  try {
    started ??= notifyPool().run({ op: 'compile', expressions: [] }, startLimits)
    await started
    return await notifyPool().run<NotifyResponse>(request)
  } catch (error) {
    // A worker stopped at a limit is replaced: the next request starts one again.
    started = undefined
    if (error instanceof SandboxLimitError) throw new UserError('Invalid', `${what}: ${error.message} (limits: ${notifyLimits.timeoutMs / 1000} s, ${notifyLimits.memoryMiB} MiB)`, 'notifications')
    throw error
  }
}

/** Compiles each expression as Argo CD does when it loads the config; the first that fails, by index. */
export async function compileExpressions(expressions: string[]): Promise<{ index: number; error: string } | null> {
  if (expressions.length === 0) return null
  const response = await run({ op: 'compile', expressions }, 'checking trigger conditions')
  return response.error ? { index: response.index, error: response.error } : null
}

/** Runs a trigger's conditions over an app (notifications-engine `triggers.Service.Run`). */
export async function evaluateConditions(conditions: ConditionSource[], vars: NotifyVars): Promise<ConditionOutcome[]> {
  const response = await run({ op: 'evaluate', conditions: conditions.map((c) => ({ when: c.when, oncePer: c.oncePer ?? '' })), app: vars.app, context: vars.context }, 'evaluating a trigger')
  if (response.error) throw new UserError('Invalid', response.error, 'notifications')
  return response.conditions ?? []
}

/** Renders Go templates with Argo CD's notification variables; an error names which template. */
export async function renderNotificationTemplates(templates: string[], vars: NotifyVars): Promise<string[]> {
  if (templates.length === 0) return []
  const response = await run({ op: 'render', templates, app: vars.app, context: vars.context, serviceType: vars.serviceType ?? '', recipient: vars.recipient ?? '' }, 'rendering a notification')
  if (response.error) throw Object.assign(new UserError('Invalid', response.error, 'notifications'), { index: response.index })
  return response.results ?? []
}
