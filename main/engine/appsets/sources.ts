import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { globMatch } from '../base/glob'
import type { GitRepoCache } from '../repos/git-cache'
import type { ClusterEntry, GeneratorSources } from './generators'

/** Every path under a tree (directories or files), relative, sorted as Go's WalkDir visits them. */
async function walk(root: string, want: 'dir' | 'file'): Promise<string[]> {
  const out: string[] = []
  const visit = async (dir: string, rel: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (want === 'dir' && entry.name.startsWith('.')) continue // hidden directories, as Argo CD's repo server
        if (want === 'dir') out.push(path)
        await visit(join(dir, entry.name), path)
      } else if (want === 'file' && entry.isFile()) out.push(path)
    }
  }
  await visit(root, '')
  return out
}

/**
 * What generators read, from GitOps Desk's own sources: the kubeconfig contexts and imported
 * clusters with the labels set on them, and repositories through the Git cache (a revision's
 * tree, never a working copy).
 */
/** What generators read from the engine (the Engine facade is one; so is a test's fake). */
export interface GeneratorSourceDeps {
  repos: Pick<GitRepoCache, 'resolve' | 'snapshot'>
  store: { read(): { settings: { clusterLabels: Record<string, Record<string, string>> } } }
  loadContexts(): Promise<{ contexts(): { name: string; server: string }[] }>
}

export function generatorSources(engine: GeneratorSourceDeps): GeneratorSources {
  const tree = async (repoURL: string, revision: string) => {
    const { commit } = await engine.repos.resolve(repoURL, revision)
    return engine.repos.snapshot(repoURL, commit)
  }
  return {
    clusters: async (): Promise<ClusterEntry[]> => {
      const labels = engine.store.read().settings.clusterLabels
      return (await engine.loadContexts()).contexts().map((c) => ({ name: c.name, server: c.server, labels: labels[c.name] ?? {}, annotations: {} }))
    },
    directories: async (repoURL, revision) => walk(await tree(repoURL, revision), 'dir'),
    files: async (repoURL, revision, pattern) => {
      const root = await tree(repoURL, revision)
      // git ls-files pathspecs, as Argo CD's repo server matches them: * crosses directories.
      const paths = (await walk(root, 'file')).filter((p) => globMatch(p, pattern))
      return Promise.all(paths.map(async (path) => ({ path, content: await readFile(join(root, path), 'utf8') })))
    },
  }
}
