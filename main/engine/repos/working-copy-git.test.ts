import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { changedFiles, checkOrigin, checkoutRoot, comparableRepoUrl, dirtyDigest, headCommit, ignoredPaths } from './working-copy-git'

const base = mkdtempSync(join(tmpdir(), 'gitops-desk-working-copy-git-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' })
let n = 0
/** A committed checkout with the given files and origin URL. */
function checkout(files: Record<string, string>, origin?: string): string {
  const dir = join(base, `c${n++}`)
  mkdirSync(dir)
  git(dir, 'init', '--quiet', '--initial-branch=main')
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  git(dir, 'add', '--all')
  git(dir, 'commit', '--quiet', '-m', 'init')
  if (origin) git(dir, 'remote', 'add', 'origin', origin)
  return realpathSync(dir)
}
const reason = (p: Promise<unknown>) => p.then(() => null, (e: Error) => e.message)

describe('the origin check', () => {
  it("accepts a checkout whose origin is the app's repository in another spelling (case, .git, trailing slash, credentials)", async () => {
    const dir = checkout({ 'app/a.yaml': 'x' }, 'https://user:pw@GitHub.com/Org/Repo.git/')
    await expect(checkOrigin(dir, 'https://github.com/org/repo')).resolves.toBeUndefined()
  })
  it('refuses a checkout of another repository, naming both without credentials', async () => {
    const dir = checkout({ 'a.yaml': 'x' }, 'https://user:secret@github.com/org/other.git')
    const message = await reason(checkOrigin(dir, 'https://github.com/org/repo'))
    expect(message).toContain('github.com/org/other.git')
    expect(message).toContain("not of the app's repository https://github.com/org/repo")
    expect(message).not.toContain('secret')
  })
  it('refuses a checkout without an origin', async () => {
    expect(await reason(checkOrigin(checkout({ 'a.yaml': 'x' }), 'https://github.com/org/repo'))).toContain('has no remote "origin"')
  })
  it('a local path origin is its file:// URL, and its .git folder is the checkout', () => {
    expect(comparableRepoUrl('/tmp/repo')).toBe(comparableRepoUrl('file:///tmp/repo'))
    expect(comparableRepoUrl('/tmp/repo/.git')).toBe(comparableRepoUrl('/tmp/repo'))
    expect(comparableRepoUrl('file:///tmp/repo/.git/')).toBe(comparableRepoUrl('/tmp/repo'))
    expect(comparableRepoUrl('/tmp/repo')).not.toBe(comparableRepoUrl('/tmp/other'))
  })
  it('a checkout cloned over SSH is of the same host and path over HTTPS', () => {
    const https = comparableRepoUrl('https://github.com/org/repo')
    for (const url of ['git@github.com:org/repo.git', 'ssh://git@github.com/org/repo.git', 'ssh://git@github.com:22/org/repo', 'https://token:x@GitHub.com/org/repo.git/', 'http://github.com/org/repo']) expect(comparableRepoUrl(url), url).toBe(https)
    expect(comparableRepoUrl('git@github.com:org/other.git')).not.toBe(https)
    expect(comparableRepoUrl('git@gitlab.com:org/repo.git')).not.toBe(https)
  })
  it('checkOrigin takes an SSH clone of the app\'s HTTPS repository', async () => {
    await expect(checkOrigin(checkout({ 'a.yaml': 'x' }, 'git@github.com:org/repo.git'), 'https://github.com/org/repo')).resolves.toBeUndefined()
  })
  it('a sub-folder stands for its checkout; a folder outside any checkout is refused', async () => {
    const dir = checkout({ 'app/a.yaml': 'x' })
    await expect(checkoutRoot(join(dir, 'app'))).resolves.toBe(dir)
    const plain = join(base, 'plain')
    mkdirSync(plain)
    expect(await reason(checkoutRoot(plain))).toContain('is not a Git checkout')
    expect(await reason(checkoutRoot('relative/path'))).toContain('absolute path')
  })
})

describe('changed files and the dirty digest', () => {
  it('lists what differs from HEAD (modified, untracked, deleted), ignored files left out', async () => {
    const dir = checkout({ 'app/a.yaml': 'a', 'app/b.yaml': 'b', '.gitignore': '*.log\n' })
    writeFileSync(join(dir, 'app/a.yaml'), 'a2')
    writeFileSync(join(dir, 'app/new.yaml'), 'n')
    writeFileSync(join(dir, 'app/debug.log'), 'l')
    rmSync(join(dir, 'app/b.yaml'))
    expect(await changedFiles(dir)).toEqual([{ path: 'app/a.yaml', change: 'M' }, { path: 'app/b.yaml', change: 'D' }, { path: 'app/new.yaml', change: '?' }])
    expect([...(await ignoredPaths(dir, ['app/debug.log', 'app/a.yaml']))]).toEqual(['app/debug.log'])
  })
  it('is the same for the same edits and changes with any edit of a changed file', async () => {
    const dir = checkout({ 'app/a.yaml': 'a' })
    const head = await headCommit(dir)
    const clean = await dirtyDigest(dir, head, await changedFiles(dir))
    writeFileSync(join(dir, 'app/a.yaml'), 'a2')
    const first = await dirtyDigest(dir, head, await changedFiles(dir))
    expect(first).not.toBe(clean)
    expect(await dirtyDigest(dir, head, await changedFiles(dir))).toBe(first)
    writeFileSync(join(dir, 'app/a.yaml'), 'a3')
    const second = await dirtyDigest(dir, head, await changedFiles(dir))
    expect(second).not.toBe(first)
    writeFileSync(join(dir, 'app/a.yaml'), 'a')
    expect(await dirtyDigest(dir, head, await changedFiles(dir))).toBe(clean)
    expect(first).toMatch(/^[0-9a-f]{12}$/)
  })
  it("does not run a checkout's fsmonitor command", async () => {
    const dir = checkout({ 'a.yaml': 'a' })
    const mark = join(base, 'fsmonitor-ran')
    git(dir, 'config', 'core.fsmonitor', `touch ${mark}; false`)
    writeFileSync(join(dir, 'a.yaml'), 'b')
    expect(await changedFiles(dir)).toEqual([{ path: 'a.yaml', change: 'M' }])
    expect(() => execFileSync('test', ['-e', mark])).toThrow()
  })
})

describe('a working copy deleted while in use', () => {
  it('says the folder is gone, not that git is missing', async () => {
    const dir = checkout({ 'a.yaml': 'x' }, 'https://github.com/org/repo')
    rmSync(dir, { recursive: true, force: true })
    const message = await reason(changedFiles(dir))
    expect(message).toBe(`the working copy ${dir} is gone (deleted or moved): Release it, or use it again once it is back`)
    expect(message).not.toContain('ENOENT')
  })
})
