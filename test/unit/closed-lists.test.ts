import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

// scripts/closed-lists.mjs (run by npm run lint): a closed list (statuses, phases, kinds…) is
// written once; a second copy in another file fails, naming both places.
const run = promisify(execFile)
const script = (...args: string[]) => run(process.execPath, ['scripts/closed-lists.mjs', ...args]).then(() => null, (error: { code: number; stderr: string }) => error)

describe('scripts/closed-lists.mjs', { timeout: 30_000 }, () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
  const tree = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'gitops-desk-lists-'))
    dirs.push(root)
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text)
    return root
  }

  it('finds no list written twice in the repository', async () => {
    expect(await script('--check')).toBeNull()
  })

  it('fails on the same list as an array in one file and a union type in another, in any order, and names both', async () => {
    const root = tree({ 'a.ts': "export const phases = ['Running', 'Succeeded', 'Failed'] as const\n", 'b.ts': "export type Phase = 'Failed' | 'Running' | 'Succeeded'\n" })
    const failure = await script('--check', '--root', root)
    expect(failure?.code).toBe(1)
    expect(failure?.stderr).toContain("'Failed', 'Running', 'Succeeded'")
    expect(failure?.stderr).toMatch(/a\.ts:1[\s\S]*b\.ts:1/)
  })

  it('lets a list marked as another concept with the same names be', async () => {
    const root = tree({ 'a.ts': "export const phases = ['Running', 'Succeeded', 'Failed'] as const\n", 'b.ts': "// closed-lists: test names, not phases\nexport const names = new Set(['Running', 'Succeeded', 'Failed'])\n" })
    expect(await script('--check', '--root', root)).toBeNull()
  })
})
