import { UserError } from '../base/errors'
import { redactUrl, type GitRepoCache } from './git-cache'
import type { HelmRepoCache } from './helm-repo'

/** Whether a repository answers with its credentials: its HEAD, or why not (no secret in the message). */
export async function testRepository(repos: GitRepoCache, url: string, helm?: HelmRepoCache): Promise<{ ok: boolean; message: string; commit?: string }> {
  try {
    if (helm) {
      const index = await helm.index(url)
      if (index.stale) return { ok: false, message: index.fetchError ?? `cannot fetch ${redactUrl(url)}` }
      const charts = Object.keys(index.entries).length
      return { ok: true, message: `reached ${redactUrl(url)}; its index lists ${charts} chart${charts === 1 ? '' : 's'}` }
    }
    const resolved = await repos.resolve(url, 'HEAD')
    if (resolved.stale) return { ok: false, message: `cannot fetch ${redactUrl(url)}: ${resolved.fetchError ?? 'unknown error'} (an older copy is cached)` }
    return { ok: true, message: `reached ${redactUrl(url)}; HEAD is ${resolved.commit.slice(0, 8)}`, commit: resolved.commit }
  } catch (error) {
    return { ok: false, message: error instanceof UserError ? error.message : `cannot reach ${redactUrl(url)}` }
  }
}
