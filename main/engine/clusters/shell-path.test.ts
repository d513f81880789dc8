import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLoginShellPath } from './shell-path'

describe('loadLoginShellPath', () => {
  it('adds the directories a real login shell puts on PATH, once', async () => {
    const home = mkdtempSync(join(tmpdir(), 'gitops-desk-home-'))
    writeFileSync(join(home, '.bash_profile'), 'export PATH="$PATH:/opt/cloud-sdk/bin"\n')
    const env: NodeJS.ProcessEnv = { HOME: home, SHELL: '/bin/bash', PATH: '/usr/bin:/bin' }
    // /etc/profile may add system folders too; ours must be there, after what we had.
    expect(await loadLoginShellPath(env)).toContain('/opt/cloud-sdk/bin')
    expect(env.PATH).toMatch(/^\/usr\/bin:\/bin:.*\/opt\/cloud-sdk\/bin/)
    expect(await loadLoginShellPath(env)).toEqual([])
  })

  it('leaves PATH alone when the shell cannot run', async () => {
    const env: NodeJS.ProcessEnv = { SHELL: '/nonexistent/shell', PATH: '/usr/bin' }
    expect(await loadLoginShellPath(env)).toEqual([])
    expect(env.PATH).toBe('/usr/bin')
  })
})
