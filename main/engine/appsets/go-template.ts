import { UserError } from '../base/errors'
import { goTemplateWasmPool } from '../sandbox/go-template-wasm'
import { SandboxLimitError, SandboxPool, type SandboxLimits } from '../sandbox/worker-pool'

/** A batch of templates rendered with the same parameters (Argo CD's goTemplate: true). */
export interface GoTemplateRequest {
  templates: string[]
  params: Record<string, unknown>
  /** goTemplateOptions, e.g. `missingkey=error`. */
  options?: string[]
}

/**
 * A template is the repository author's code: `{{ range until 100000000 }}` or `repeat
 * 2000000000` would otherwise take the engine with it. Argo CD runs templates in its own
 * controller process; here each batch runs in a worker that is killed at these limits.
 */
export const goTemplateLimits: SandboxLimits = { timeoutMs: 10_000, memoryMiB: 512 }
/** Larger rendered text than any Application needs; the worker refuses it before sending it. */
export const goTemplateMaxOutputBytes = 8 * 1024 * 1024


// Go's own text/template with the Sprig functions Argo CD allows, compiled to WebAssembly, so a
// goTemplate renders here exactly as in Argo CD. Each template alone (as Argo CD renders each
// string), its index published before it runs, so a template that hits a limit is named even
// though its worker was killed.
const handler = `
  const results = []
  let size = 0
  for (let i = 0; i < request.templates.length; i++) {
    Atomics.store(request.progress, 0, i)
    const out = JSON.parse(globalThis.gitopsDeskGoTemplate(JSON.stringify({ templates: [request.templates[i]], params: request.params, options: request.options })))
    if (out.error) return { results: null, error: out.error, index: i }
    size += out.results[0].length
    if (size > workerData.maxOutputBytes) return { results: null, error: 'the rendered templates are larger than ' + Math.round(workerData.maxOutputBytes / 1048576) + ' MiB', index: i }
    results.push(out.results[0])
  }
  return { results, index: 0 }`

let pool: SandboxPool | undefined

function goTemplatePool(): SandboxPool {
  pool ??= goTemplateWasmPool({ name: 'goTemplate rendering', entryPoint: 'gitopsDeskGoTemplate', handler, limits: goTemplateLimits, maxOutputBytes: goTemplateMaxOutputBytes, concurrency: 2 })
  return pool
}

/** Ends the template workers (the engine's shutdown). */
export async function closeGoTemplates(): Promise<void> {
  const current = pool
  pool = undefined
  await current?.close()
}

/** A template that failed; `index` is which template of the batch. */
export class GoTemplateError extends UserError {
  override name = 'GoTemplateError'
  constructor(
    message: string,
    readonly index: number,
  ) {
    super('Invalid', message, 'goTemplate')
  }
}

/** Renders each template; the first error is Argo CD's message, as a GoTemplateError naming the template. */
export async function renderGoTemplates(request: GoTemplateRequest, limits: Partial<SandboxLimits> = {}): Promise<string[]> {
  // Written by the worker before each template: after a kill at a limit, it says which one ran.
  const progress = new Int32Array(new SharedArrayBuffer(4))
  let response: { results: string[] | null; error?: string; index: number }
  try {
    response = await goTemplatePool().run({ templates: request.templates, params: request.params, options: request.options ?? [], progress }, limits)
  } catch (error) {
    if (error instanceof SandboxLimitError) throw new GoTemplateError(`${error.message}: a template loops or builds too much text (limits: ${formatLimits({ ...goTemplateLimits, ...limits })})`, Atomics.load(progress, 0))
    throw error instanceof UserError ? new UserError(error.code, error.message, 'goTemplate') : error
  }
  if (response.error) throw new GoTemplateError(response.error, response.index)
  return response.results ?? []
}

function formatLimits(limits: SandboxLimits): string {
  return `${limits.timeoutMs / 1000} s, ${limits.memoryMiB} MiB`
}
