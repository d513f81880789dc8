import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Application } from '../model/app-schema'
import { openDeskStore, storeFileName, type StoreData } from './desk-store'
import { withFileLock } from './file-lock'

const app = (name: string) =>
  Application.parse({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { source: { repoURL: 'https://example.com/r.git', path: name }, destination: { server: 'https://kubernetes.default.svc', namespace: 'g' } },
  })
const names = (data: StoreData) => data.apps.map((a) => a.metadata.name).sort()
const onDisk = (d: string) => JSON.parse(readFileSync(join(d, storeFileName), 'utf8')) as { apps: { metadata: { name: string } }[]; settings: { theme: string } }

// Two processes on one data folder (the desktop app and the CLI): real files, as a user has them.
describe('DeskStore shared by two processes', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'gitops-desk-shared-'))

  it("sees the other's change and does not lose it when it writes", () => {
    const d = dir()
    const desktop = openDeskStore(d)
    const cli = openDeskStore(d)
    cli.update((s) => void s.apps.push(app('clob')))
    expect(names(desktop.read())).toEqual(['clob'])
    desktop.update((s) => void (s.settings.theme = 'dark'))
    expect(onDisk(d).apps.map((a) => a.metadata.name)).toEqual(['clob'])
    expect(onDisk(d).settings.theme).toBe('dark')
    expect(cli.read().settings.theme).toBe('dark')
  })

  it('inside a pinned stretch reads what it read on entry and still writes onto what is on disk; after it, sees the other process', () => {
    const d = dir()
    const desktop = openDeskStore(d)
    const cli = openDeskStore(d)
    const seen = desktop.pinned(() => {
      const before = names(desktop.read())
      cli.update((s) => void s.apps.push(app('clob')))
      const during = names(desktop.read())
      desktop.update((s) => void s.apps.push(app('guestbook')))
      return { before, during, written: names(desktop.read()) }
    })
    expect(seen).toEqual({ before: [], during: [], written: ['clob', 'guestbook'] })
    cli.update((s) => void (s.settings.theme = 'dark'))
    expect(desktop.read().settings.theme).toBe('dark')
  })

  it('applies a change to what is on disk even when nothing read it first', () => {
    const d = dir()
    const desktop = openDeskStore(d)
    openDeskStore(d).update((s) => void s.apps.push(app('clob')))
    desktop.update((s) => void s.apps.push(app('guestbook')))
    expect(names(openDeskStore(d).read())).toEqual(['clob', 'guestbook'])
  })

  it('tells a watching process what another one changed, without being asked', async () => {
    const d = dir()
    const desktop = openDeskStore(d)
    const seen: string[][] = []
    desktop.onOutsideChange((_before, after) => seen.push(names(after)))
    const stop = desktop.watch(20)
    try {
      openDeskStore(d).update((s) => void s.apps.push(app('clob')))
      await expect.poll(() => seen.at(-1), { timeout: 5000 }).toEqual(['clob'])
      // Its own writes are not news.
      const count = seen.length
      desktop.update((s) => void s.apps.push(app('own')))
      await new Promise((r) => setTimeout(r, 200))
      expect(seen).toHaveLength(count)
    } finally {
      stop()
    }
  })

  it('a newer version writing the file meanwhile stops a change and leaves the file as it is', () => {
    const d = dir()
    const desktop = openDeskStore(d)
    const newer = JSON.stringify({ schemaVersion: 99, apps: 'unknown shape' })
    writeFileSync(join(d, storeFileName), newer)
    expect(desktop.read().apps).toEqual([])
    expect(() => desktop.update((s) => void s.apps.push(app('x')))).toThrow(/written by a newer GitOps Desk/)
    expect(readFileSync(join(d, storeFileName), 'utf8')).toBe(newer)
    expect(existsSync(join(d, `${storeFileName}.lock`))).toBe(false)
  })

  it('loses no change when two processes write at the same time', async () => {
    const d = dir()
    openDeskStore(d)
    const writer = resolve(import.meta.dirname, 'testdata/add-apps.ts')
    const run = promisify(execFile)
    await Promise.all(['a', 'b', 'c'].map((prefix) => run(process.execPath, ['--import', 'tsx', writer, d, prefix, '15'], { cwd: resolve(import.meta.dirname, '../../..') })))
    const stored = onDisk(d).apps.map((a) => a.metadata.name)
    expect(stored).toHaveLength(45)
    for (const prefix of ['a', 'b', 'c']) expect(stored).toContain(`${prefix}-14`)
  }, 60_000)

  it('takes over a lock left by a process that has gone, and refuses one held by a live process', () => {
    const d = dir()
    const lock = join(d, 'x.lock')
    writeFileSync(lock, '999999999')
    expect(withFileLock(lock, () => 'ran')).toBe('ran')
    expect(existsSync(lock)).toBe(false)
    writeFileSync(lock, String(process.ppid))
    expect(() => withFileLock(lock, () => 'ran', { waitMs: 50 })).toThrow(/being changed by another GitOps Desk process/)
  })
})
