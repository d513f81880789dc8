import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from './index'

// Random command lines: the CLI answers with an exit code and a message, never a crash or a stack.
describe('gitops-desk with random arguments', () => {
  const previous = { ...process.env }
  let stderr = ''
  beforeAll(() => {
    process.env.GITOPS_DESK_DATA = mkdtempSync(join(tmpdir(), 'gitops-desk-fuzz-'))
    process.env.KUBECONFIG = join(tmpdir(), 'gitops-desk-fuzz-no-kubeconfig')
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true))
  })
  afterAll(() => {
    vi.restoreAllMocks()
    process.env = previous
  })

  it('exits 0, 1 or 2 with a message; never an internal error', async () => {
    // Offline commands only (no cluster, no network), with arguments and options from anywhere.
    const command = fc.constantFrom(['app', 'list', '--offline'], ['app', 'get'], ['app', 'delete'], ['app', 'add'], ['app', 'history'], ['render'], ['health'], ['repo', 'list'], ['repo', 'remove'], ['cluster', 'protect'], ['help'], [], ['--version'], ['nonsense'])
    const extra = fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('--output', '-o', 'json', 'yaml', '--app', '--hard-refresh', '--', '-')), { maxLength: 4 })
    await fc.assert(
      fc.asyncProperty(command, extra, async (cmd, args) => {
        stderr = ''
        const code = await main([...cmd, ...args.filter((a) => a !== '-')])
        expect([0, 1, 2]).toContain(code)
        expect(stderr).not.toMatch(/internal error|\n\s+at /)
      }),
      { numRuns: 200 },
    )
  })
})
