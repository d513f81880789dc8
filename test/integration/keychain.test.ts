import { randomBytes } from 'node:crypto'
import { Entry } from '@napi-rs/keyring'
import { describe, expect, it } from 'vitest'

// Real OS keychain: on Linux the Secret Service of the private gnome-keyring that
// test/ground/with-keyring.sh starts; never the user's own keyring.
const linuxSecretService = { linux: { store: 'secret-service' as const } }

describe('test ground: OS keychain', () => {
  it('stores a secret, reads it back, and deletes it', () => {
    if (process.platform === 'linux') expect(process.env.GITOPS_DESK_TEST_KEYRING, 'run the tests through test/ground/with-keyring.sh').toBe('1')
    const account = `ground-check-${randomBytes(4).toString('hex')}`
    const secret = randomBytes(24).toString('base64')
    const entry = new Entry('gitops-desk-test', account, linuxSecretService)
    entry.setPassword(secret)
    expect(new Entry('gitops-desk-test', account, linuxSecretService).getPassword()).toBe(secret)
    expect(entry.deletePassword()).toBe(true)
    expect(new Entry('gitops-desk-test', account, linuxSecretService).getPassword()).toBeNull()
  })
})

describe('keychain unavailable', () => {
  it('says so clearly, and nothing falls back to a plain file', async () => {
    const { spawnSync } = await import('node:child_process')
    const { mkdtempSync, readdirSync, readFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-nokeychain-'))
    // No Secret Service on this bus: the same as a locked-away or missing keyring.
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dataDir, 'no-bus')}`, GITOPS_DESK_DATA: dataDir }
    const run = spawnSync(process.execPath, ['bin/gitops-desk.mjs', 'repo', 'add', 'https://git.example.com/team/apps.git', '--username', 'bob', '--password-stdin'], { input: 'hunter2-secret\n', encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/The OS keychain is not available .*GitOps Desk keeps credentials only in the keychain/)
    expect(run.stderr).not.toContain('hunter2-secret')
    for (const file of readdirSync(dataDir)) {
      if (file.endsWith('.json') || file.endsWith('.bak')) expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain('hunter2-secret')
    }
    expect(JSON.stringify(readdirSync(dataDir))).not.toMatch(/secret|password/i)
  })
})
