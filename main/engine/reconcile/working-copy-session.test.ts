import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { AppDiff, WorkingCopyState } from '../../../shared/model'
import { UserError } from '../base/errors'
import { Application } from '../model/app-schema'
import type { WorkingCopySource } from '../render/working-copy-source'
import { WorkingCopyMirror } from '../repos/working-copy-mirror'
import { WorkingCopySession } from './working-copy-session'

const base = mkdtempSync(join(tmpdir(), 'gitops-desk-working-copy-session-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
const repoURL = 'https://example.com/org/apps'

function checkout(): string {
  const dir = join(base, `c${Math.random().toString(36).slice(2)}`)
  mkdirSync(join(dir, 'app'), { recursive: true })
  writeFileSync(join(dir, 'app', 'cm.yaml'), 'value: 1\n')
  writeFileSync(join(dir, 'README.md'), 'docs\n')
  for (const args of [['init', '--quiet'], ['add', '--all'], ['commit', '--quiet', '-m', 'init']]) execFileSync('git', args, { cwd: dir, env })
  return realpathSync(dir)
}
const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'wc' }, spec: { source: { repoURL, path: 'app' }, destination: { server: 'https://kubernetes.default.svc' } } })

/** A session whose compare is a stand-in (the render and compare are the engine's, tested on the ground). */
async function session(root: string, diff: (source: WorkingCopySource) => Promise<AppDiff>) {
  const published: WorkingCopyState[] = []
  const mirror = await WorkingCopyMirror.create(root, join(base, 'scratch'))
  const s = new WorkingCopySession({ app: () => app, root, mirror, repoURL, debounceMs: 20, diff: (_app, source) => diff(source), publish: (state) => published.push(state) })
  return { s, published, done: () => published.filter((p) => !p.rendering) }
}
const diffOf = (revision: string): AppDiff => ({ status: 'OutOfSync', context: 'dev', revision, resources: [] })

describe('WorkingCopySession', () => {
  it('publishes a new diff after a save of a file the app reads, with the changed files; a file it does not read changes nothing', async () => {
    const root = checkout()
    const renders: string[] = []
    const { s, done } = await session(root, async (source) => (renders.push(source.revision), diffOf(source.revision)))
    const first = await s.start()
    expect(first).toMatchObject({ files: [], error: null, rendering: false, diff: { revision: first.revision } })
    writeFileSync(join(root, 'README.md'), 'changed docs\n')
    writeFileSync(join(root, 'app', 'cm.yaml'), 'value: 2\n')
    await vi.waitFor(() => expect(done().at(-1)?.files).toEqual([{ path: 'README.md', change: 'M' }, { path: 'app/cm.yaml', change: 'M' }]), { timeout: 20_000, interval: 20 })
    expect(done().at(-1)!.revision).not.toBe(first.revision)
    expect(done().at(-1)!.diff?.revision).toBe(done().at(-1)!.revision)
    const count = renders.length
    writeFileSync(join(root, 'README.md'), 'more docs\n')
    await s.update() // a render asked for: README's change alone never started one
    expect(renders.length).toBe(count + 1)
    await s.stop()
    expect(s.closed).toBe(true)
  })

  it('a failed render shows its error (with where) and keeps the last good diff; the next good one clears it', async () => {
    const root = checkout()
    let fail = false
    const { s, done } = await session(root, async (source) => {
      if (fail) throw new UserError('Invalid', 'app/cm.yaml: invalid YAML at line 1', 'app/cm.yaml:1')
      return diffOf(source.revision)
    })
    const good = await s.start()
    fail = true
    writeFileSync(join(root, 'app', 'cm.yaml'), 'value: [\n')
    await vi.waitFor(() => expect(done().at(-1)?.error).toEqual({ message: 'app/cm.yaml: invalid YAML at line 1', where: 'app/cm.yaml:1' }), { timeout: 20_000, interval: 20 })
    expect(done().at(-1)!.diff).toEqual(good.diff)
    fail = false
    writeFileSync(join(root, 'app', 'cm.yaml'), 'value: 3\n')
    await vi.waitFor(() => expect(done().at(-1)?.error).toBeNull(), { timeout: 20_000, interval: 20 })
    await s.stop()
  })

  it('stop() waits for a running render, and nothing is published after it', async () => {
    const root = checkout()
    let release = () => undefined as void
    let started = 0
    const { s, published } = await session(root, async (source) => {
      started++
      if (started > 1) await new Promise<void>((resolve) => (release = resolve))
      return diffOf(source.revision)
    })
    await s.start()
    writeFileSync(join(root, 'app', 'cm.yaml'), 'value: 9\n')
    await vi.waitFor(() => expect(started).toBe(2), { timeout: 20_000, interval: 20 })
    const count = published.length
    const stopped = s.stop()
    release()
    await stopped
    expect(published.length).toBe(count)
  })
})

describe('what a working copy render reads', () => {
  it("is a mirror of what git would commit (no .git, no ignored file), brought up to date after a save, removed on stop", async () => {
    const root = checkout()
    writeFileSync(join(root, '.gitignore'), '*.env\n')
    writeFileSync(join(root, 'app', 'local.env'), 'TOKEN=secret\n')
    const read: string[] = []
    const { s, done } = await session(root, async (source) => {
      read.push(readFileSync(join(source.root, 'app', 'cm.yaml'), 'utf8'))
      expect(source.root).not.toBe(root)
      expect(existsSync(join(source.root, '.git'))).toBe(false)
      expect(existsSync(join(source.root, 'app', 'local.env'))).toBe(false)
      return diffOf(source.revision)
    })
    const first = await s.start()
    expect(first.error).toBeNull()
    writeFileSync(join(root, 'app', 'cm.yaml'), 'value: 5\n')
    writeFileSync(join(root, 'app', 'local.env'), 'TOKEN=changed\n')
    await vi.waitFor(() => expect(read.at(-1)).toBe('value: 5\n'), { timeout: 20_000, interval: 20 })
    // The changed files never name an ignored one.
    expect(done().at(-1)!.files.map((f) => f.path)).not.toContain('app/local.env')
    const mirror = (await s.snapshot()).source.root
    await s.stop()
    expect(existsSync(mirror)).toBe(false)
  })
})
