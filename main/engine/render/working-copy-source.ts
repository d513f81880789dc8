import { existsSync } from 'node:fs'
import { posix, relative } from 'node:path'
import { sourcesOf, type Application, type ApplicationSource } from '../model/app-schema'
import { normalizeRepoUrl } from '../repos/git-cache'
import { comparableRepoUrl } from '../repos/working-copy-git'
import { checkKustomizationPaths } from './kustomize-bounds'
import { kustomizationFiles } from './kustomize-fields'
import { resolveInRepo } from './paths'

/** A local checkout that stands for its repository in a render: its folder and what it is called as a revision. */
export interface WorkingCopySource {
  repoURL: string
  /** The checkout's top folder (checked to be of repoURL). */
  root: string
  /** `local:<dirty digest>`: what the render's sources, the diff and the history name it. */
  revision: string
}

/** The working copy's folder for a source of its repository (a chart from a Helm repository never). */
export function workingCopyOf(source: ApplicationSource, copy: WorkingCopySource | undefined): { revision: { commit: string; stale: boolean }; root: string; local: true } | null {
  if (!copy || source.chart || comparableRepoUrl(source.repoURL) !== comparableRepoUrl(copy.repoURL)) return null
  return { revision: { commit: copy.revision, stale: false }, root: copy.root, local: true }
}

/** The sources of an app that read a repository (the ones a working copy of it stands for). */
export function sourcesOfRepo(app: Application, repoURL: string): ApplicationSource[] {
  return sourcesOf(app).filter((s) => !s.chart && normalizeRepoUrl(s.repoURL) !== '' && comparableRepoUrl(s.repoURL) === comparableRepoUrl(repoURL))
}

/**
 * The folders and files of a checkout an app's render reads ('/'-separated, relative to its
 * root): each source's path, the value files of a Helm source, a Jsonnet directory's libraries,
 * and every folder a kustomization reaches (bases, components, resources). A change elsewhere
 * cannot change the render and is not looked at.
 */
export async function readPaths(app: Application, copy: WorkingCopySource): Promise<string[]> {
  const paths = new Set<string>()
  for (const source of sourcesOfRepo(app, copy.repoURL)) {
    const appPath = posix.normalize(source.path ?? '.').replace(/^\/+/, '')
    paths.add(appPath === '.' ? '' : appPath)
    for (const file of source.helm?.valueFiles ?? []) if (!file.startsWith('$')) paths.add(posix.normalize(posix.join(appPath, file)))
    for (const file of source.helm?.fileParameters ?? []) paths.add(posix.normalize(posix.join(appPath, file.path)))
    for (const lib of source.directory?.jsonnet?.libs ?? []) paths.add(posix.normalize(lib).replace(/^\/+/, ''))
    const dir = (() => {
      try {
        return resolveInRepo(copy.root, appPath, 'app path')
      } catch {
        return null
      }
    })()
    if (dir && kustomizationFiles.some((f) => existsSync(posix.join(dir, f)))) {
      const reached = new Set<string>()
      await checkKustomizationPaths(copy.root, dir, reached).catch(() => undefined)
      for (const folder of reached) paths.add(relative(copy.root, folder).split('\\').join('/'))
    }
  }
  return [...paths].filter((p) => !p.startsWith('..'))
}

/** Whether a changed path is one of the read paths or inside one of them. */
export function isReadPath(readPaths: string[], path: string): boolean {
  return readPaths.some((p) => p === '' || path === p || path.startsWith(`${p}/`) || p.startsWith(`${path}/`))
}
