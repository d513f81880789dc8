import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError } from './errors'

/**
 * Where a folder that `npm run build` puts in resources/<name>/ is: the folder an environment
 * variable names, else found upward from this file (the source tree, out/main, or the packaged
 * app's unpacked resources) by a file it always holds. Missing: a UserError saying to build.
 */
export function resourcesDir(name: string, marker: string, what: string, envVariable: string, field = name): string {
  const fromEnv = process.env[envVariable]
  if (fromEnv) return fromEnv
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', name)
    if (existsSync(join(candidate, marker))) return candidate
    if (dirname(dir) === dir) throw new UserError('Unavailable', `${what} (resources/${name}/${marker}) is missing: run npm run build`, field)
  }
}
