import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError } from '../base/errors'

/**
 * Where a WebAssembly build from native/<name> is (npm run build puts it in resources/<name>/):
 * the folder an environment variable names, else found upward from this file (the source tree,
 * out/main, or the packaged app's unpacked resources).
 */
export function wasmResourcesDir(name: string, what: string, envVariable: string): string {
  const fromEnv = process.env[envVariable]
  if (fromEnv) return fromEnv
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', name)
    if (existsSync(join(candidate, `${name}.wasm`))) return candidate
    if (dirname(dir) === dir) throw new UserError('Unavailable', `${what} (resources/${name}/${name}.wasm) is missing: run npm run build`, name === 'gotemplate' ? 'goTemplate' : name)
  }
}
