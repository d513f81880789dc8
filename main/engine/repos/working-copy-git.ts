import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { UserError } from '../base/errors'
import { normalizeRepoUrl, redactUrl } from './git-cache'

/** A file of a working copy that differs from HEAD, as `git status` names it. */
export interface ChangedFile {
  path: string
  /** M modified, A added, D deleted, R renamed, ? untracked (git status's letters). */
  change: string
}

/**
 * git on a folder the user chose. Its own config is not trusted: core.fsmonitor and hooks are
 * commands a repository can name, so they are switched off for every call; nothing asks on a
 * terminal; each call is bounded in time and output.
 */
function git(dir: string, args: string[], input?: string, options: string[] = []): Promise<string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LANG: 'C' }
  for (const key of ['PATH', 'HOME', 'USERPROFILE', 'SYSTEMROOT', 'TMPDIR', 'XDG_CONFIG_HOME']) if (process.env[key] !== undefined) env[key] = process.env[key]!
  const safe = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.untrackedCache=false']
  return new Promise((resolve, reject) => {
    const child = execFile('git', [...safe, ...options, ...args], { cwd: dir, env, timeout: 30_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      // check-ignore answers 1 when nothing is ignored: not a failure.
      // A folder deleted or moved while in use: spawn says ENOENT, which reads as "git is missing".
      if (error && (error as { code?: unknown }).code === 'ENOENT' && !existsSync(dir)) return reject(new UserError('NotFound', `the working copy ${dir} is gone (deleted or moved): Release it, or use it again once it is back`, dir))
      if (error && !(args[0] === 'check-ignore' && (error as { code?: unknown }).code === 1)) return reject(new UserError('Invalid', `git ${args[0]} in ${dir}: ${(stderr || error.message).trim().split('\n')[0]}`, dir))
      resolve(stdout)
    })
    if (input !== undefined) child.stdin?.end(input)
  })
}

/** The top folder of the checkout `dir` is in (a sub-folder picked means its checkout); refused when it is none. */
export async function checkoutRoot(dir: string): Promise<string> {
  if (!isAbsolute(dir)) throw new UserError('Invalid', `the working copy must be an absolute path: ${dir}`, dir)
  const info = await stat(dir).catch(() => null)
  if (!info?.isDirectory()) throw new UserError('NotFound', `no folder at ${dir}`, dir)
  const top = await git(dir, ['rev-parse', '--show-toplevel']).catch(() => {
    throw new UserError('Invalid', `${dir} is not a Git checkout (git rev-parse found no work tree)`, dir)
  })
  return realpath(top.trim())
}

/** Schemes that reach a repository on a host over the network: the same host and path is the same repository over any of them. */
const networkSchemes = new Set(['ssh:', 'git+ssh:', 'ssh+git:', 'git:', 'http:', 'https:'])

/**
 * What a remote URL means for comparing repositories: Argo CD's normalisation (lower case, no
 * credentials, no trailing slash or .git), then one form for every way to one repository: a
 * checkout cloned over SSH (`git@host:org/repo.git`, `ssh://git@host/org/repo`) of an app's
 * HTTPS repository (`https://host/org/repo`) is that repository (`//host/org/repo`, no user or
 * port), and a local path, its `.git` folder and its file:// URL are one.
 */
export function comparableRepoUrl(url: string): string {
  const trimmed = url.trim()
  const strip = (text: string) => text.toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '').replace(/\/+$/, '')
  if (isAbsolute(trimmed) && !trimmed.includes('://')) return strip(normalizeRepoUrl(`file://${trimmed}`))
  // scp-like syntax ([user@]host:path), as git reads it: no scheme, a colon before any slash.
  const scp = trimmed.includes('://') ? null : /^(?:[^@/:]+@)?([^/:]+):(.*)$/.exec(trimmed)
  if (scp) return strip(`//${scp[1]}/${scp[2]!.replace(/^\/+/, '')}`)
  try {
    const parsed = new URL(trimmed)
    if (networkSchemes.has(parsed.protocol)) return strip(`//${parsed.hostname}${parsed.pathname.replace(/\/{2,}/g, '/')}`)
  } catch {
    // Not a URL: compared as Argo CD normalises it.
  }
  return strip(normalizeRepoUrl(trimmed))
}

/**
 * The checkout must be of the app's repository: its remote origin's URL, normalised as Argo CD
 * normalises repository URLs, is the app's repoURL. Refused with both URLs (credentials removed) otherwise.
 */
export async function checkOrigin(root: string, repoURL: string): Promise<void> {
  const origin = (await git(root, ['config', '--get', 'remote.origin.url']).catch(() => '')).trim()
  if (!origin) throw new UserError('Invalid', `${root} has no remote "origin": it cannot be told to be a checkout of ${redactUrl(repoURL)}`, root)
  if (comparableRepoUrl(origin) !== comparableRepoUrl(repoURL)) {
    throw new UserError('Invalid', `${root} is a checkout of ${redactUrl(origin)}, not of the app's repository ${redactUrl(repoURL)}`, root)
  }
}

/** The files that differ from HEAD (tracked changes and untracked files; ignored ones left out), sorted. */
export async function changedFiles(root: string): Promise<ChangedFile[]> {
  const out = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'])
  const files: ChangedFile[] = []
  for (const entry of out.split('\0')) {
    if (entry.length < 4) continue
    const code = entry.slice(0, 2)
    files.push({ path: entry.slice(3), change: code === '??' ? '?' : (code.trim()[0] ?? 'M') })
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/** The commit the checkout is on ('' for a repository without one). */
export async function headCommit(root: string): Promise<string> {
  return (await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '')).trim()
}

/**
 * A digest of what the working copy holds beyond its commit: HEAD, then each changed file's path,
 * change and content. The same edits give the same digest; any edit of a changed file changes it.
 * Short (12 hex), as a revision is shown.
 */
export async function dirtyDigest(root: string, head: string, files: ChangedFile[]): Promise<string> {
  const hash = createHash('sha256').update(`${head}\n`)
  for (const file of files) {
    hash.update(`${file.change} ${file.path}\0`)
    const content = file.change === 'D' ? null : await readFile(join(root, file.path)).catch(() => null)
    hash.update(content ? createHash('sha256').update(content).digest('hex') : '-').update('\n')
  }
  return hash.digest('hex').slice(0, 12)
}

/** Which of these paths (relative to the root) git ignores (.gitignore, info/exclude, the user's excludes). */
export async function ignoredPaths(root: string, paths: string[]): Promise<Set<string>> {
  if (!paths.length) return new Set()
  const out = await git(root, ['check-ignore', '--stdin', '-z'], paths.join('\0') + '\0')
  return new Set(out.split('\0').filter(Boolean))
}

/**
 * What `git add --all` would commit, as paths relative to the root: tracked files (deleted ones
 * too: the caller finds them absent) and untracked files git does not ignore. Never `.git` or an
 * ignored file. With paths, only those (files, or folders: every such file under them).
 */
export async function committablePaths(root: string, paths?: string[]): Promise<Set<string>> {
  const out = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', ...(paths ? ['--', ...paths] : [])], undefined, ['-c', 'core.quotePath=false', '--literal-pathspecs'])
  return new Set(out.split('\0').filter(Boolean))
}
