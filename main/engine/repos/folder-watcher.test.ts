import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { FolderWatcher } from './folder-watcher'

const base = mkdtempSync(join(tmpdir(), 'gitops-desk-folder-watcher-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
let n = 0
function folder(): string {
  const dir = join(base, `f${n++}`)
  for (const sub of ['app', 'other', '.git']) mkdirSync(join(dir, sub), { recursive: true })
  return realpathSync(dir)
}

describe('FolderWatcher', () => {
  it('reports changes of the read paths once the folder is quiet; .git, ignored and unread paths left out', async () => {
    const root = folder()
    const batches: string[][] = []
    const watcher = new FolderWatcher({ root, relevant: (p) => p === 'app' || p.startsWith('app/'), onChange: async (paths) => void batches.push(paths), debounceMs: 50, ignored: async (_root, paths) => new Set(paths.filter((p) => p.endsWith('.log'))) })
    watcher.start()
    writeFileSync(join(root, '.git', 'index'), 'x')
    writeFileSync(join(root, 'other', 'b.yaml'), 'x')
    writeFileSync(join(root, 'app', 'debug.log'), 'x')
    writeFileSync(join(root, 'app', 'a.yaml'), 'x')
    await vi.waitFor(() => expect(batches.flat()).toContain('app/a.yaml'), { timeout: 20_000, interval: 50 })
    expect(batches.flat().every((p) => p.startsWith('app/') && !p.endsWith('.log'))).toBe(true)
    await watcher.stop()
    expect(watcher.closed).toBe(true)
  })

  it('stop() waits for a running onChange, and nothing is reported after it', async () => {
    const root = folder()
    let release = () => undefined as void
    let calls = 0
    let finished = false
    const watcher = new FolderWatcher({
      root,
      relevant: () => true,
      debounceMs: 10,
      ignored: async () => new Set(),
      onChange: async () => {
        calls++
        await new Promise<void>((resolve) => (release = resolve))
        finished = true
      },
    })
    watcher.start()
    writeFileSync(join(root, 'app', 'a.yaml'), 'x')
    await vi.waitFor(() => expect(calls).toBe(1), { timeout: 20_000, interval: 20 })
    const stopped = watcher.stop()
    writeFileSync(join(root, 'app', 'b.yaml'), 'x')
    release()
    await stopped
    expect(finished).toBe(true)
    expect(calls).toBe(1)
    expect(() => watcher.start()).toThrow('closed')
  })
})
