import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { WorkingCopyMirror } from './working-copy-mirror'

const base = mkdtempSync(join(tmpdir(), 'gitops-desk-working-copy-mirror-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
const scratch = join(base, 'scratch')

function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true })
  writeFileSync(join(root, path), text)
}

/** A checkout with a token in .git/config, an ignored .env, a tracked and an untracked file. */
function checkout(): string {
  const dir = join(base, `c${Math.random().toString(36).slice(2)}`)
  mkdirSync(dir)
  execFileSync('git', ['init', '--quiet'], { cwd: dir, env })
  execFileSync('git', ['remote', 'add', 'origin', 'https://user:ghp_secret@example.com/org/apps.git'], { cwd: dir, env })
  write(dir, '.gitignore', '*.env\n')
  write(dir, 'app/cm.yaml', 'value: 1\n')
  write(dir, 'app/gone.yaml', 'value: 1\n')
  execFileSync('git', ['add', '--all'], { cwd: dir, env })
  execFileSync('git', ['commit', '--quiet', '-m', 'init'], { cwd: dir, env })
  write(dir, 'app/local.env', 'TOKEN=secret\n')
  write(dir, 'app/new.yaml', 'value: new\n')
  rmSync(join(dir, 'app/gone.yaml'))
  return realpathSync(dir)
}

describe('WorkingCopyMirror', () => {
  it('holds exactly what git would commit: no .git, no ignored file, no deleted file; in a private folder', async () => {
    const root = checkout()
    const mirror = await WorkingCopyMirror.create(root, scratch)
    expect(statSync(scratch).mode & 0o777).toBe(0o700)
    expect(existsSync(join(mirror.dir, '.git'))).toBe(false)
    expect(existsSync(join(mirror.dir, 'app/local.env'))).toBe(false)
    expect(existsSync(join(mirror.dir, 'app/gone.yaml'))).toBe(false)
    expect(readFileSync(join(mirror.dir, 'app/cm.yaml'), 'utf8')).toBe('value: 1\n')
    expect(readFileSync(join(mirror.dir, 'app/new.yaml'), 'utf8')).toBe('value: new\n')
    // A copy, not a link: a tool writing in the mirror leaves the checkout alone.
    writeFileSync(join(mirror.dir, 'app/cm.yaml'), 'written by a tool\n')
    expect(readFileSync(join(root, 'app/cm.yaml'), 'utf8')).toBe('value: 1\n')
    await mirror.remove()
    expect(existsSync(mirror.dir)).toBe(false)
  })

  it('update() copies the changed paths, drops removed ones, and follows a changed .gitignore', async () => {
    const root = checkout()
    const mirror = await WorkingCopyMirror.create(root, scratch)
    write(root, 'app/cm.yaml', 'value: 2\n')
    rmSync(join(root, 'app/new.yaml'))
    write(root, 'app/other.env', 'ignored\n')
    await mirror.update(['app/cm.yaml', 'app/new.yaml', 'app/other.env'])
    expect(readFileSync(join(mirror.dir, 'app/cm.yaml'), 'utf8')).toBe('value: 2\n')
    expect(existsSync(join(mirror.dir, 'app/new.yaml'))).toBe(false)
    expect(existsSync(join(mirror.dir, 'app/other.env'))).toBe(false)

    // No longer ignored: the .env files are committable now; ignored again: gone.
    write(root, '.gitignore', '')
    await mirror.update(['.gitignore'])
    expect(readFileSync(join(mirror.dir, 'app/local.env'), 'utf8')).toBe('TOKEN=secret\n')
    write(root, '.gitignore', 'app/\n')
    await mirror.update(['.gitignore'])
    expect(existsSync(join(mirror.dir, 'app/local.env'))).toBe(false)
    // Tracked files stay, ignored or not (git would commit their changes).
    expect(existsSync(join(mirror.dir, 'app/cm.yaml'))).toBe(true)
    await mirror.remove()
  })

  it('copies a link as the link it is (the render checks where it leads); a new folder is copied whole', async () => {
    const root = checkout()
    const mirror = await WorkingCopyMirror.create(root, scratch)
    symlinkSync('../.git/config', join(root, 'app/config.yaml'))
    write(root, 'more/a.yaml', 'a\n')
    write(root, 'more/deep/b.yaml', 'b\n')
    await mirror.update(['app/config.yaml', 'more'])
    expect(readlinkSync(join(mirror.dir, 'app/config.yaml'))).toBe('../.git/config')
    // It leads nowhere in the mirror: there is no .git to read.
    expect(existsSync(join(mirror.dir, 'app/config.yaml'))).toBe(false)
    expect(readFileSync(join(mirror.dir, 'more/deep/b.yaml'), 'utf8')).toBe('b\n')
    await mirror.remove()
  })
})
