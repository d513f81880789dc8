import { statSync } from 'node:fs'
import { normalize, sep } from 'node:path'
import type { Application } from '../model/app-schema'
import type { Engine } from '../reconcile/engine'
import { UserError } from '../base/errors'
import { redactUrl } from '../repos/git-cache'
import { resolveInRepo } from '../render/paths'
import { checkSnapshot } from '../render/snapshot-check'

/**
 * What Argo CD checks when an app is created: its repository answers and its path exists at the
 * revision (or the chart is in the Helm repository's index). Each error's `where` is the form
 * field at fault, so the form marks it.
 */
export async function checkAppSource(engine: Pick<Engine, 'repos' | 'helmRepos'>, app: Application): Promise<void> {
  const source = app.spec.source
  if (!source || source.repoURL.startsWith('oci://')) return
  const url = redactUrl(source.repoURL)
  if (source.chart) {
    const index = await asFieldError(engine.helmRepos.index(source.repoURL), 'repoURL')
    if (index.stale) throw new UserError('Unavailable', index.fetchError ?? `cannot fetch ${url}`, 'repoURL')
    if (!index.entries[source.chart]) throw new UserError('Invalid', `chart "${source.chart}" is not in the index of ${url}`, 'chart')
    return
  }
  const revision = source.targetRevision || 'HEAD'
  const resolved = await engine.repos.resolve(source.repoURL, revision).catch((error: unknown) => {
    throw error instanceof UserError ? new UserError(error.code, error.message, error.code === 'NotFound' ? 'targetRevision' : 'repoURL') : error
  })
  if (resolved.stale) throw new UserError('Unavailable', `cannot fetch ${url}: ${resolved.fetchError ?? 'unknown error'}`, 'repoURL')
  const path = normalize(source.path || '.')
  if (path.startsWith('..') || path.startsWith(sep)) throw new UserError('Invalid', `path "${source.path}" is outside the repository`, 'path')
  const root = await engine.repos.snapshot(source.repoURL, resolved.commit)
  // Argo CD's repo server refuses a repository with out-of-bounds symlinks, and a path through one.
  await asFieldError(checkSnapshot(root), 'repoURL')
  const dir = inRepo(root, path)
  if (!dir || !statSync(dir).isDirectory()) throw new UserError('Invalid', `app path does not exist: "${source.path}" is not a folder of ${url} at ${revision} (${resolved.commit.slice(0, 8)})`, 'path')
}

/** The path's folder in the snapshot; null when absent. A symlink out of it is an error of the path field. */
function inRepo(root: string, path: string): string | null {
  try {
    return resolveInRepo(root, path, 'path')
  } catch (error) {
    if (error instanceof UserError && error.code === 'NotFound') return null
    throw error instanceof UserError ? new UserError(error.code, error.message, 'path') : error
  }
}

async function asFieldError<T>(work: Promise<T>, field: string): Promise<T> {
  try {
    return await work
  } catch (error) {
    throw error instanceof UserError ? new UserError(error.code, error.message, field) : error
  }
}
