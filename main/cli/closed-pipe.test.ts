import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The built CLI (npm run build makes it) with a reader that closes the pipe after one line.
const cli = join(import.meta.dirname, '../../out/main/cli.js')

describe('a reader that stops early', () => {
  it('`gitops-desk argocd sync --help | head -1` prints its first line and no EPIPE stack trace', () => {
    const run = spawnSync('bash', ['-c', `node ${JSON.stringify(cli)} argocd sync --help | head -1`], { encoding: 'utf8', timeout: 60_000 })
    expect(run.stdout).toMatch(/^Usage: gitops-desk argocd sync/)
    expect(run.stderr).not.toContain('EPIPE')
    expect(run.stderr).not.toContain('Unhandled')
  })
})
