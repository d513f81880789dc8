import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkSnapshot, snapshotWalks } from './snapshot-check'

const base = mkdtempSync(join(tmpdir(), 'gitops-desk-snapshot-check-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
let n = 0
/** A tree with the given files and symlinks (name → target). */
function tree(files: string[], links: Record<string, string>): string {
  const dir = join(base, `t${n++}`, 'repo')
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), 'x')
  }
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    symlinkSync(target, join(dir, name))
  }
  return dir
}
const failure = (p: Promise<void>) => p.then(() => null, (e: Error & { where?: string }) => ({ message: e.message, where: e.where }))

describe('checkSnapshot', () => {
  it('accepts links that stay inside the tree, dangling or not', async () => {
    await expect(checkSnapshot(tree(['base/values.yaml'], { 'app/values.yaml': '../base/values.yaml', 'app/base': '../base', 'app/gone': 'missing' }))).resolves.toBeUndefined()
  })
  it('refuses an absolute link, naming the file and not its target', async () => {
    const result = await failure(checkSnapshot(tree(['a.yaml'], { 'chart/templates/secret.txt': '/var/secret-place' })))
    expect(result).toEqual({ message: expect.stringContaining('"chart/templates/secret.txt" is a symlink that leads outside the repository (an absolute path)'), where: 'chart/templates/secret.txt' })
    expect(result!.message).not.toContain('secret-place')
  })
  it('refuses a relative link out of the tree, dangling too, and a link through a link', async () => {
    expect(await failure(checkSnapshot(tree([], { 'deep/up': '../../outside.txt' })))).toMatchObject({ where: 'deep/up' })
    expect(await failure(checkSnapshot(tree([], { 'x': '../../../../../../../no/such/file' })))).toMatchObject({ where: 'x' })
    expect(await failure(checkSnapshot(tree([], { 'sub/b': '..', 'z': 'sub/b/../elsewhere' })))).toMatchObject({ where: 'z' })
  })
  it('names a chart as a chart', async () => {
    expect((await failure(checkSnapshot(tree([], { 'files/x': '/x' }), 'chart')))!.message).toContain('leads outside the chart')
  })
  it('walks a snapshot once, however often it is rendered (a finding is remembered too)', async () => {
    const good = tree(['a.yaml'], { b: 'a.yaml' })
    const bad = tree([], { b: '/x' })
    const before = snapshotWalks()
    for (let i = 0; i < 5; i++) {
      await checkSnapshot(good)
      await checkSnapshot(good, 'repository')
      await failure(checkSnapshot(bad))
    }
    expect(snapshotWalks() - before).toBe(2)
  })
})
