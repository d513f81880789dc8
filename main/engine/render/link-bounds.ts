import { dirname, isAbsolute, join, relative, sep } from 'node:path'

/** Why a path (a symlink's target, or a path a kustomization names) does not stay in the tree. */
export type Escape = 'absolute' | 'outside' | 'loop'

/** A symlink's target, or null when the path is not a symlink (or does not exist). */
export type ReadLink = (path: string) => string | null

/** Most links one path may pass through (Linux's own limit, ELOOP). */
const maxLinks = 40

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

const partsOf = (path: string) => path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.')

/**
 * Argo CD's rule for a symlink's target (CheckOutOfBoundsSymlinks): absolute targets are refused,
 * and walking the target's parts from the link's folder must never step out of the root, not
 * even on the way back in (`../repo/x`).
 */
export function lexicalEscape(root: string, fromDir: string, target: string): Escape | null {
  if (isAbsolute(target) || /^[a-zA-Z]:[\\/]/.test(target)) return 'absolute'
  let current = fromDir
  for (const part of partsOf(target)) {
    current = part === '..' ? dirname(current) : join(current, part)
    if (!isInside(root, current)) return 'outside'
  }
  return null
}

/**
 * Where the operating system would take the same path: links followed as they are met, `..`
 * taken from where a link led (so `b/..` with `b -> ../..` climbs twice), parts that do not exist
 * kept as written. Refused as soon as a step leaves the root. `root` and `fromDir` are real paths.
 */
export function physicalEscape(root: string, fromDir: string, target: string, readlink: ReadLink): Escape | null {
  if (isAbsolute(target)) return 'absolute'
  const pending = partsOf(target)
  let current = fromDir
  let followed = 0
  while (pending.length > 0) {
    const part = pending.shift()!
    if (part === '..') {
      current = dirname(current)
      if (!isInside(root, current)) return 'outside'
      continue
    }
    const next = join(current, part)
    const link = readlink(next)
    if (link === null) {
      current = next
      continue
    }
    if (++followed > maxLinks) return 'loop'
    if (isAbsolute(link)) return 'absolute'
    pending.unshift(...partsOf(link))
  }
  return null
}

/** A path's escape by either rule (tools clean paths as written; the OS follows links). */
export function pathEscape(root: string, fromDir: string, target: string, readlink: ReadLink): Escape | null {
  return lexicalEscape(root, fromDir, target) ?? physicalEscape(root, fromDir, target, readlink)
}

/** How an escape reads in a message (never the target itself: it may name the user's files). */
export function escapeText(escape: Escape, tree: string): string {
  if (escape === 'absolute') return `leads outside the ${tree} (an absolute path)`
  if (escape === 'loop') return 'passes through too many symlinks (a loop)'
  return `leads outside the ${tree}`
}
