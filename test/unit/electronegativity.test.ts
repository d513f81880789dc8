import { cpSync, mkdirSync, mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// Doyensec's Electronegativity over the Electron code (main/app, preload) and the renderer's page.
// High-severity findings fail the run unless they are explained here, with the reason. The check
// that downloads Electron's release list is left out (no network in CI; Electron is pinned).
const explained: Record<string, string> = {
  CONTEXT_ISOLATION_JS_CHECK: 'webPreferences come from secureWebPreferences() in main/app/policy.ts (contextIsolation: true), which the scanner cannot follow; policy.test.ts asserts it',
}

const root = resolve(import.meta.dirname, '../..')

describe('Electronegativity', () => {
  it('finds no unexplained high-severity issue in the Electron code', async () => {
    const input = mkdtempSync(join(tmpdir(), 'gitops-desk-electronegativity-'))
    for (const folder of ['main/app', 'preload']) cpSync(join(root, folder), join(input, folder), { recursive: true, filter: (f) => !f.endsWith('.test.ts') })
    mkdirSync(join(input, 'renderer'))
    cpSync(join(root, 'renderer/index.html'), join(input, 'renderer/index.html'))
    const module = createRequire(import.meta.url)('@doyensec/electronegativity') as { default?: Run } & Run
    const run = module.default ?? module
    const result = await run({ input, output: join(input, 'report.csv'), isRelative: true, electronVersionOverride: '45.0.0', excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] }, false)
    const high = result.issues.filter((i) => i.severity.name === 'HIGH' || i.severity.name === 'CRITICAL')
    expect(high.filter((i) => !explained[i.id]).map((i) => `${i.id} ${i.file}:${i.location.line} ${i.description}`)).toEqual([])
    // Medium ones are reviewed in the README (the CSP is in renderer/index.html's meta tag, which this
    // scanner's global check does not read; the harness's header and the meta tag are tested elsewhere).
  }, 120_000)
})

type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: { id: string; file: string; location: { line: number }; description: string; severity: { name: string } }[] }>
