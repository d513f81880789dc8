import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { UserError } from '../errors'

/** A batch of templates rendered with the same parameters (Argo CD's goTemplate: true). */
export interface GoTemplateRequest {
  templates: string[]
  params: Record<string, unknown>
  /** goTemplateOptions, e.g. `missingkey=error`. */
  options?: string[]
}

type Render = (request: string) => string

let loaded: Promise<Render> | undefined

/**
 * Where the WebAssembly build of native/gotemplate is (npm run build makes it): beside the app,
 * found upward from this file, or GITOPS_DESK_GOTEMPLATE_DIR.
 */
function resourcesDir(): string {
  const fromEnv = process.env.GITOPS_DESK_GOTEMPLATE_DIR
  if (fromEnv) return fromEnv
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', 'gotemplate')
    if (existsSync(join(candidate, 'gotemplate.wasm'))) return candidate
    if (dirname(dir) === dir) throw new UserError('Unavailable', 'the Go template renderer (resources/gotemplate/gotemplate.wasm) is missing: run npm run build', 'goTemplate')
  }
}

/**
 * Go's own text/template with the Sprig functions Argo CD allows, compiled to WebAssembly, so a
 * goTemplate renders here exactly as in Argo CD. Loaded once; each call is synchronous.
 */
function load(): Promise<Render> {
  loaded ??= (async () => {
    const dir = resourcesDir()
    const wasmExec = join(dir, 'wasm_exec.js')
    createRequire(wasmExec)(wasmExec) // defines globalThis.Go
    const { Go, WebAssembly: wasm } = globalThis as unknown as {
      Go: new () => { importObject: object; run(instance: object): Promise<void> }
      WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object }> }
    }
    const go = new Go()
    const { instance } = await wasm.instantiate(readFileSync(join(dir, 'gotemplate.wasm')), go.importObject)
    void go.run(instance) // main registers the function, then waits forever
    const render = (globalThis as unknown as { gitopsDeskGoTemplate?: Render }).gitopsDeskGoTemplate
    if (!render) throw new UserError('Unavailable', 'the Go template renderer did not start', 'goTemplate')
    return render
  })()
  return loaded
}

/** Renders each template; the first error is Argo CD's message, as a UserError naming the template. */
export async function renderGoTemplates(request: GoTemplateRequest): Promise<string[]> {
  const render = await load()
  const response = JSON.parse(render(JSON.stringify({ templates: request.templates, params: request.params, options: request.options ?? [] }))) as { results: string[] | null; error?: string; index: number }
  if (response.error) throw new UserError('Invalid', response.error, 'goTemplate')
  return response.results ?? []
}
