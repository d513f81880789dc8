import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ESLint } from 'eslint'
import { afterAll, describe, expect, it } from 'vitest'

// The engine's layers (docs/architecture.md, Layers): lint refuses an import of a higher layer,
// and scripts/folder-imports.mjs refuses a loop between folders. Each is shown to bite.
const eslint = new ESLint({ cwd: process.cwd() })
const run = promisify(execFile)

async function problemsAt(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
}

// ESLint's first run loads the TypeScript resolver (seconds on a busy machine).
describe('lint enforces the engine layers', { timeout: 30_000 }, () => {
  it('refuses a lower layer importing a higher one: sync reaching into reconcile', async () => {
    const problems = await problemsAt('main/engine/sync/fixture.ts', "import { selfHealDelay } from '../reconcile/backoff'\nexport const x = selfHealDelay\n")
    expect(problems.join('\n')).toMatch(/import-x\/no-restricted-paths: .*main\/engine\/sync\/ is in layer 6/)
  })

  it('refuses `import type` upward too: the store typed against the Engine', async () => {
    const problems = await problemsAt('main/engine/store/fixture.ts', "import type { Engine } from '../reconcile/engine'\nexport type X = Engine\n")
    expect(problems.join('\n')).toMatch(/main\/engine\/store\/ is in layer 2/)
  })

  it('refuses a type named through import(\'../…\') across folders (import-x does not see it): the store typed against the Engine so', async () => {
    const problems = await problemsAt('main/engine/store/fixture.ts', "export type X = import('../reconcile/engine').Engine\n")
    expect(problems.join('\n')).toMatch(/no-restricted-syntax: name a type of another folder with `import type`/)
    expect(await problemsAt('main/engine/clusters/fixture.ts', "export type R = typeof import('./runtime')\n")).toEqual([])
  })

  it('refuses base importing anything of the engine above it', async () => {
    const problems = await problemsAt('main/engine/base/fixture.ts', "import { openDeskStore } from '../store/desk-store'\nexport const x = openDeskStore\n")
    expect(problems.join('\n')).toMatch(/main\/engine\/base\/ is in layer 0/)
  })

  it('allows downward imports and imports within a layer', async () => {
    expect(await problemsAt('main/engine/sync/fixture.ts', "import { healthOf } from '../health/health'\nimport { resourceKey } from '../base/objects'\nexport const x = [healthOf, resourceKey]\n")).toEqual([])
    expect(await problemsAt('main/engine/diff/fixture.ts', "import { healthOf } from '../health/health'\nexport const x = healthOf\n")).toEqual([])
  })
})

describe('scripts/folder-imports.mjs', { timeout: 30_000 }, () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('finds no folder loop in main/engine', async () => {
    const { stdout } = await run(process.execPath, ['scripts/folder-imports.mjs'])
    expect(stdout).toContain('LOOPS []')
  })

  it('fails on a loop, a type-only import closing it, and names the imports', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gitops-desk-folders-'))
    dirs.push(root)
    mkdirSync(join(root, 'lower'))
    mkdirSync(join(root, 'upper'))
    writeFileSync(join(root, 'upper', 'a.ts'), "import { b } from '../lower/b'\nexport const a = b\n")
    writeFileSync(join(root, 'lower', 'b.ts'), "import type { a } from '../upper/a'\nexport const b = 1 as unknown as typeof a\n")
    const failure = await run(process.execPath, ['scripts/folder-imports.mjs', '--check', '--root', root]).then(() => null, (error: { code: number; stderr: string }) => error)
    expect(failure?.code).toBe(1)
    expect(failure?.stderr).toContain('lower, upper')
    expect(failure?.stderr).toContain('(type) lower/b.ts -> ../upper/a')
  })
})
