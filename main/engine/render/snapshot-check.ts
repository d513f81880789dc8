import { lstatSync, readlinkSync } from 'node:fs'
import { readdir, readlink, realpath, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { UserError } from '../base/errors'
import { escapeText, pathEscape, type Escape, type ReadLink } from './link-bounds'

/** What a snapshot is, for messages: a Git revision's tree, or a chart from a Helm repository. */
export type TreeKind = 'repository' | 'chart'

/** Checks done, by snapshot; a snapshot never changes, so each is walked once. */
const checked = new Map<string, Promise<void>>()
const maxRemembered = 2048
let walks = 0

/** How many snapshots have been walked (a test shows a revision is walked once, not per render). */
export const snapshotWalks = (): number => walks

export const readLinkSync: ReadLink = (path) => {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : null
  } catch {
    return null
  }
}

/**
 * Argo CD's repo server check before it generates anything: every symlink in the checked-out
 * tree (a Git revision, an extracted chart) must stay inside it. One that is absolute, or leads
 * out (even dangling), fails with its path in the tree and why; never what it points at.
 */
export async function checkSnapshot(dir: string, kind: TreeKind = 'repository'): Promise<void> {
  const root = await realpath(dir)
  const info = await stat(root)
  const key = `${kind}|${root}|${info.ino}|${info.mtimeMs}`
  let check = checked.get(key)
  if (!check) {
    check = walkLinks(root, kind)
    checked.set(key, check)
    // A failure to read the tree (not a finding) is not remembered: the next render looks again.
    check.catch((error: unknown) => {
      if (!(error instanceof UserError)) checked.delete(key)
    })
    while (checked.size > maxRemembered) checked.delete(checked.keys().next().value!)
  }
  return check
}

/**
 * The same check on a tree that changes (a working copy): walked every time, nothing remembered.
 * `.git` is left out: git's own links are not what a render reads.
 */
export async function checkTree(dir: string, kind: TreeKind = 'repository'): Promise<void> {
  return walkLinks(await realpath(dir), kind, new Set(['.git']))
}

async function walkLinks(root: string, kind: TreeKind, skip: ReadonlySet<string> = new Set()): Promise<void> {
  walks++
  const visit = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (dir === root && skip.has(entry.name)) continue
      const path = join(dir, entry.name)
      if (entry.isSymbolicLink()) {
        const escape = pathEscape(root, dir, await readlink(path), readLinkSync)
        if (escape) throw outOfBounds(relative(root, path), escape, kind)
      } else if (entry.isDirectory()) await visit(path)
    }
  }
  await visit(root)
}

function outOfBounds(rel: string, escape: Escape, kind: TreeKind): UserError {
  const file = rel.split('\\').join('/')
  return new UserError('Invalid', `out-of-bounds symlink in the ${kind} (Argo CD refuses it too): "${file}" is a symlink that ${escapeText(escape, kind)}`, file)
}
