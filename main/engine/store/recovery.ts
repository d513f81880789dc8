import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import type { z } from 'zod'
import { UserError } from '../base/errors'

/** What is in a store file, read before anything opens it. */
export type StoreFileState = { state: 'missing' } | { state: 'good' } | { state: 'newer'; version: number } | { state: 'unreadable'; code: string } | { state: 'damaged'; reason: string }

/**
 * Reads a store file without changing it. A file of a newer schema version is not damaged: this
 * version cannot read it, and must not touch it. Reasons never quote the file's content.
 */
export function inspectStoreFile(path: string, schema: z.ZodType, currentVersion: number): StoreFileState {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? { state: 'missing' } : { state: 'unreadable', code: code ?? 'error' }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { state: 'damaged', reason: text.trim() === '' ? 'it is empty' : 'it is not JSON (truncated or overwritten)' }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { state: 'damaged', reason: 'it is not a JSON object' }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion
  if (typeof version === 'number' && version > currentVersion) return { state: 'newer', version }
  const parsed = schema.safeParse(raw)
  if (parsed.success) return { state: 'good' }
  const issue = parsed.error.issues[0]!
  return { state: 'damaged', reason: `${issue.path.join('.') || 'file'}: ${issue.message}` }
}

/**
 * Makes a damaged store usable again, or stops and says why: from its backup when the backup is
 * good (the damaged file set aside once, named by its content, so runs do not multiply copies),
 * empty when there is no backup; a newer version's file, or a damaged file with a damaged backup,
 * is left as it is. Returns what happened for the user, or null when the store was fine.
 */
export function recoverStore(path: string, schema: z.ZodType, currentVersion: number): string | null {
  const backup = `${path}.bak`
  const store = inspectStoreFile(path, schema, currentVersion)
  if (store.state === 'newer') throw newerVersion(path, store.version, currentVersion)
  // Not damaged, out of reach (a folder in its place, no permission, a disk error): nothing to set aside.
  if (store.state === 'unreadable') throw unreadable(path, store.code)
  if (store.state !== 'damaged') return null
  const copy = inspectStoreFile(backup, schema, currentVersion)
  if (copy.state === 'newer') throw newerVersion(backup, copy.version, currentVersion)
  if (copy.state === 'unreadable') throw unreadable(backup, copy.code)
  if (copy.state === 'damaged') {
    throw new UserError(
      'Invalid',
      `The settings file ${path} is damaged (${store.reason}), and so is its backup ${backup} (${copy.reason}); nothing was changed. ` +
        `Put a good copy at ${path}, or move both files away to start with empty settings.`,
      path,
    )
  }
  const aside = setAside(path)
  if (copy.state === 'good') {
    copyFileSync(backup, path)
    return `The settings file ${path} was damaged (${store.reason}); it was restored from its last good copy ${backup}. The damaged file is kept as ${aside}.`
  }
  return `The settings file ${path} was damaged (${store.reason}) and had no backup; starting with empty settings. The damaged file is kept as ${aside}.`
}

/** Moves a damaged file aside under a name from its content: the same damage is kept once. */
function setAside(path: string): string {
  const digest = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12)
  const aside = `${path}.corrupt-${digest}`
  if (existsSync(aside)) rmSync(path)
  else renameSync(path, aside)
  return aside
}

function unreadable(path: string, code: string): UserError {
  return new UserError('Unavailable', `The settings file ${path} cannot be read (${code}); nothing was changed. Make it a readable file again, or move it away to start with empty settings.`, path)
}

function newerVersion(path: string, version: number, currentVersion: number): UserError {
  return new UserError(
    'Conflict',
    `The settings file ${path} was written by a newer GitOps Desk (schema version ${version}; this one reads version ${currentVersion}). ` +
      'Nothing was changed: use that newer version, or move the file away to start with empty settings here.',
    path,
  )
}
