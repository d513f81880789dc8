import { execFileSync, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }

// Runs the real `gitops-desk` bin, as `npx gitops-desk` does in the repo.
const bin = 'bin/gitops-desk.mjs'

describe('gitops-desk command', () => {
  it('prints its version', () => {
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version)
  })

  it('prints help', () => {
    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })).toMatch(/Usage: gitops-desk/)
  })

  it('exits 2 with the error on stderr for an unknown option', () => {
    const run = spawnSync(process.execPath, [bin, '--no-such-flag'], { encoding: 'utf8' })
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/unknown option '--no-such-flag'/)
  })
})
