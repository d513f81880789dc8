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
