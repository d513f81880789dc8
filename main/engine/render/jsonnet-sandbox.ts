import { UserError } from '../base/errors'
import { wasmResourcesDir } from '../sandbox/wasm-resources'
import { SandboxPool, type SandboxLimitError, type SandboxLimits } from '../sandbox/worker-pool'

/** go-jsonnet's version, as Argo CD v3.2.11 pins it (native/jsonnet/go.mod; the render cache key). */
export const goJsonnetVersion = 'go-jsonnet v0.21.0'

/**
 * Jsonnet is the repository author's code: a fold over 3e8 numbers runs for minutes and takes
 * gigabytes. Each file runs in a worker killed at the exec timeout (set per run) or at this growth
 * of the process's memory.
 */
export const jsonnetLimits: SandboxLimits = { timeoutMs: 90_000, memoryMiB: 1024 }
/** Larger output than any app needs; the worker refuses it before sending it. */
export const jsonnetMaxOutputBytes = 64 * 1024 * 1024
/**
 * The worker's JavaScript stack. Go compiled to WebAssembly makes every Go call a WebAssembly call
 * on this stack (about 2.5 KB per step of a tail-recursive Jsonnet function), and a worker's
 * default 4 MB stops valid Jsonnet that native go-jsonnet evaluates: std.setUnion of two 6000-item
 * ranges, a tailstrict loop of 5000 steps. Measured: 256 MB reaches 100000 steps; at 512 MB Go's
 * own stack limit (1 GB, as native, which stops near 130000 steps) is reached first, so the
 * evaluator fails where native jsonnet does. The pages are only touched by deep recursion, whose
 * memory the pool's memory limit watches.
 */
export const jsonnetStackSizeMb = 512


// The worker gives go-jsonnet one way to read a file: gitopsDeskJsonnetRead, which refuses a path
// outside the request's repository (its real path), before and after following symlinks, and
// reads regular files only. Go's own file system stays wasm_exec's "not implemented" stub, so the
// WebAssembly module cannot open anything else. The reader answers synchronously: the Go function
// runs to its end inside one call, with no event loop turn for Node's asynchronous fs.
const workerSource = `
const { workerData } = require('node:worker_threads')
const { readFileSync, realpathSync, statSync } = require('node:fs')
const { isAbsolute, join, relative, sep } = require('node:path')
// Go writes through console.log (wasm_exec's stand-in for fd 1 and 2) only when its runtime dies;
// the reason ("fatal error: stack overflow") goes into the answer, not into the worker's stdout.
let fatal = null
console.log = console.warn = (...parts) => {
  const line = /fatal error: .*/.exec(parts.join(' '))
  if (line) fatal ??= line[0]
}
require(join(workerData.dir, 'wasm_exec.js'))
let root = null
const inside = (path) => {
  const rel = relative(root, path)
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel))
}
globalThis.gitopsDeskJsonnetRead = (path) => {
  if (!root || !isAbsolute(path) || !inside(path)) return { status: 'outside' }
  let real
  try {
    real = realpathSync(path)
  } catch (error) {
    return error.code === 'ENOENT' || error.code === 'ENOTDIR' ? { status: 'missing' } : { status: 'error', message: 'cannot read it (' + error.code + ')' }
  }
  if (!inside(real)) return { status: 'symlink' }
  try {
    if (!statSync(real).isFile()) return { status: 'error', message: 'it is not a file' }
    return { status: 'ok', content: readFileSync(real) }
  } catch (error) {
    return { status: 'error', message: 'cannot read it (' + error.code + ')' }
  }
}
const ready = (async () => {
  const go = new globalThis.Go()
  const { instance } = await WebAssembly.instantiate(readFileSync(join(workerData.dir, 'jsonnet.wasm')), go.importObject)
  // Go never returns from main; if its runtime dies (a fatal error), this worker is useless: the
  // task's answer asks the pool to retire it, and the pool starts a fresh one.
  void go.run(instance).then(() => (globalThis.sandboxRetire = true))
  if (!globalThis.gitopsDeskJsonnet) throw new Error('the Jsonnet evaluator did not start')
})()
globalThis.handleSandboxTask = async (request) => {
  await ready
  root = request.root
  try {
    const response = globalThis.gitopsDeskJsonnet(JSON.stringify(request))
    if (typeof response !== 'string') {
      globalThis.sandboxRetire = true
      throw new Error('go-jsonnet stopped: ' + (fatal ?? 'its runtime exited'))
    }
    if (response.length > workerData.maxOutputBytes) return { error: 'its output is larger than ' + Math.round(workerData.maxOutputBytes / 1048576) + ' MiB' }
    return JSON.parse(response)
  } finally {
    root = null
  }
}
`

let pool: SandboxPool | undefined

export function jsonnetSandbox(): SandboxPool {
  pool ??= new SandboxPool({ name: 'jsonnet', source: workerSource, workerData: { dir: wasmResourcesDir('jsonnet', 'the Jsonnet evaluator', 'GITOPS_DESK_JSONNET_DIR'), maxOutputBytes: jsonnetMaxOutputBytes }, limits: jsonnetLimits, concurrency: 2, stackSizeMb: jsonnetStackSizeMb })
  return pool
}

/** The message of a file stopped at a limit, naming the setting that bounds it. */
export function jsonnetLimitError(error: SandboxLimitError, rel: string): UserError {
  const reason = error.limit === 'time' ? `${error.message.replace(/^jsonnet /, '')} (Settings → exec timeout)` : `${error.message.replace(/^jsonnet /, '')}: it builds too much`
  return new UserError('Invalid', `jsonnet ${rel} ${reason}`, rel)
}
