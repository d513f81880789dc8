import { wasmResourcesDir } from './wasm-resources'
import { SandboxPool, type SandboxLimits } from './worker-pool'

/**
 * The Go template WebAssembly module (native/gotemplate: Go's text/template with sprig, expr-lang
 * and Argo CD's notification helpers) in a sandboxed worker pool. ApplicationSets' goTemplate and
 * notifications each have their own pool, limits and request handler; this is what they share:
 * loading the module once per worker and failing clearly when its entry point is missing.
 *
 * `entryPoint` is the global function the module registers; `handler` is the body of
 * `globalThis.handleSandboxTask = async (request) => { … }`, run after the module is ready, with
 * `workerData` (including `maxOutputBytes`) in scope.
 */
export function goTemplateWasmPool(options: { name: string; entryPoint: string; handler: string; limits: SandboxLimits; maxOutputBytes: number; concurrency: number }): SandboxPool {
  const source = `
const { workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
require(join(workerData.dir, 'wasm_exec.js'))
const ready = (async () => {
  const go = new globalThis.Go()
  const { instance } = await WebAssembly.instantiate(readFileSync(join(workerData.dir, 'gotemplate.wasm')), go.importObject)
  void go.run(instance)
  if (!globalThis.${options.entryPoint}) throw new Error(${JSON.stringify(`${options.name}: the Go template module did not start`)})
})()
globalThis.handleSandboxTask = async (request) => {
  await ready
${options.handler}
}
`
  const dir = wasmResourcesDir('gotemplate', 'the Go template renderer', 'GITOPS_DESK_GOTEMPLATE_DIR')
  return new SandboxPool({ name: options.name, source, workerData: { dir, maxOutputBytes: options.maxOutputBytes }, limits: options.limits, concurrency: options.concurrency })
}
