import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// Lints source text as if it sat at a path in the repo, so each boundary rule is shown to bite.
const eslint = new ESLint({ cwd: process.cwd() })

async function problemsAt(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
}

// ESLint's first run loads the TypeScript resolver (seconds on a busy machine).
describe('lint enforces the process boundaries', { timeout: 30_000 }, () => {
  it('refuses electron in the engine', async () => {
    const problems = await problemsAt('main/engine/fixture.ts', "import { app } from 'electron'\nexport const x = app\n")
    expect(problems.join('\n')).toMatch(/no-restricted-imports: .*Only main\/app\/ and preload\//)
  })

  it('refuses the engine importing the app layer', async () => {
    const problems = await problemsAt('main/engine/fixture.ts', "import { isAllowedExternalUrl } from '../app/policy'\nexport const x = isAllowedExternalUrl\n")
    expect(problems.join('\n')).toMatch(/import-x\/no-restricted-paths: .*main\/engine\/ never imports/)
  })

  it('refuses the renderer importing main/', async () => {
    const problems = await problemsAt('renderer/src/fixture.ts', "import { toErrorData } from '../../main/engine/base/errors'\nexport const x = toErrorData\n")
    expect(problems.join('\n')).toMatch(/renderer\/ imports only shared\//)
  })

  it('refuses shared/ importing anything of ours', async () => {
    const problems = await problemsAt('shared/fixture.ts', "import { appVersion } from '../main/engine/base/version'\nexport const x = appVersion\n")
    expect(problems.join('\n')).toMatch(/shared\/ imports nothing of ours/)
  })

  it('refuses preload importing main/', async () => {
    const problems = await problemsAt('preload/fixture.ts', "import { dispatch } from '../main/api/dispatch'\nexport const x = dispatch\n")
    expect(problems.join('\n')).toMatch(/preload\/ imports only shared\//)
  })

  it('refuses the API handlers and the desktop shell reaching past the service into the engine', async () => {
    const handlers = await problemsAt('main/api/fixture.ts', "import { describeArgoSettings } from '../engine/argocd/argocd-cm'\nexport const x = describeArgoSettings\n")
    expect(handlers.join('\n')).toMatch(/main\/api and main\/app reach the engine through its service/)
    const tray = await problemsAt('main/app/fixture.ts', "import { attentionCount } from '../engine/reconcile/attention'\nexport const x = attentionCount\n")
    expect(tray.join('\n')).toMatch(/main\/api and main\/app reach the engine through its service/)
    expect(await problemsAt('main/api/fixture.ts', "import type { DeskService } from '../engine/service/desk-service'\nexport type X = DeskService\n")).toEqual([])
  })

  it('refuses production code in main/ importing the test fakes, and main/ importing other test code', async () => {
    const fake = "import { MemoryKube } from '../../../test/support/memory-kube'\nexport const x = MemoryKube\n"
    expect((await problemsAt('main/engine/sync/fixture.ts', fake)).join('\n')).toMatch(/main\/ does not import the renderer, preload or tests/)
    const ground = "import { FixtureRepo } from '../../../test/ground/git-fixture'\nexport const x = FixtureRepo\n"
    expect((await problemsAt('main/engine/sync/fixture.test.ts', ground)).join('\n')).toMatch(/a unit test in main\/ imports only test\/support of the tests/)
  })

  it('allows what the architecture allows', async () => {
    expect(await problemsAt('renderer/src/fixture.ts', "import { apiContract } from '../../shared/api'\nexport const x = apiContract\n")).toEqual([])
    expect(await problemsAt('main/app/fixture.ts', "import { app } from 'electron'\nimport { dispatch } from '../api/dispatch'\nexport const x = [app, dispatch]\n")).toEqual([])
    expect(await problemsAt('main/engine/sync/fixture.test.ts', "import { MemoryKube } from '../../../test/support/memory-kube'\nexport const x = MemoryKube\n")).toEqual([])
  })
})
