import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { UserError } from '../base/errors'

function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`))
}

/**
 * Resolves a path from Git inside the repository snapshot, refusing `..` and symlinks that lead
 * out of it (what a hostile repo would use to read the user's files).
 */
export function resolveInRepo(repoRoot: string, path: string, what: string): string {
  const root = realpathSync(repoRoot)
  const target = resolve(root, path.replace(/^\/+/, ''))
  if (!inside(root, target)) throw new UserError('Invalid', `${what} "${path}" is outside the repository`, path)
  let real: string
  try {
    real = realpathSync(target)
  } catch {
    throw new UserError('NotFound', `${what} "${path}" does not exist in the repository`, path)
  }
  if (!inside(root, real)) throw new UserError('Invalid', `${what} "${path}" is a symlink that leads outside the repository`, path)
  return real
}
