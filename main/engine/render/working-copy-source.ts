import { existsSync } from 'node:fs'
import { posix, relative } from 'node:path'
import { sourcesOf, type Application, type ApplicationSource } from '../model/app-schema'
import { normalizeRepoUrl } from '../repos/git-cache'
import { UserError } from '../base/errors'
import { comparableRepoUrl } from '../repos/working-copy-git'
import { checkKustomizationPaths } from './kustomize-bounds'
import { kustomizationFiles } from './kustomize-fields'
import { resolveInRepo } from './paths'

/** A local checkout that stands for its repository in a render: its folder and what it is called as a revision. */
export interface WorkingCopySource {
  repoURL: string
  /** What a render reads: the checkout's committable files only (its WorkingCopyMirror), never `.git` or an ignored file. */
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

/** Why a file a render names may be missing from a working copy (which the error alone would not say). */
export const workingCopyRule = 'a working copy is rendered from the files git would commit (no .git folder, no ignored file), as Argo CD\'s checkout of it would hold'

/** What tools say of a file they cannot find. */
const missingFile = /no such file|not found|does not exist|couldn't open|could not open|cannot find|unable to find|ENOENT/i

/** A render error of a working copy that may be a file left out (not committable), with that rule beside it. */
export function workingCopyError(error: unknown): unknown {
  if (!(error instanceof UserError) || !missingFile.test(error.message) || error.message.includes(workingCopyRule)) return error
  return new UserError(error.code, `${error.message} (${workingCopyRule})`, error.where)
}
