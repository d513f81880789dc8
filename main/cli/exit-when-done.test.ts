import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// A command that forgot a server open still ends, with its code, and says what was left open.
describe('exitWhenDone', () => {
  const run = (script: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { exitWhenDone } from ${JSON.stringify(resolve(import.meta.dirname, 'exit-when-done.ts'))}\n${script}`], { encoding: 'utf8', timeout: 30_000 })

  it('ends a process a leftover handle keeps alive, naming the handle, with the command’s code', () => {
    const result = run("import { createServer } from 'node:net'\ncreateServer().listen(0, '127.0.0.1')\nexitWhenDone(3)")
    expect(result.signal).toBeNull()
    expect(result.status).toBe(3)
    expect(result.stderr).toMatch(/still running 3 s after the command finished; open: Server \(a bug; please report it\)/)
  })

  it('keeps nothing open itself: a clean command exits at once, silently', () => {
    const result = run('exitWhenDone(0)')
    expect(result.status).toBe(0)
    expect(result.stderr).toBe('')
  })
})
