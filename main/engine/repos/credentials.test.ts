import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDeskStore } from '../store/desk-store'
import { MemorySecrets } from '../../../test/support/memory-secrets'
import { RepoCredentials } from './credentials'

/** A keychain in a map that can be made to fail, as a locked or absent Secret Service does. */
function keychain() {
  const store = new MemorySecrets()
  return { store, secrets: store.values, state: store }
}

const url = 'https://git.example/team/apps.git'
const dirs: string[] = []
const dataDir = () => (dirs.push(mkdtempSync(join(tmpdir(), 'gitops-desk-cred-'))), dirs.at(-1)!)
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('repository credentials edited with write-only secret fields', () => {
  it('absent keeps the stored password without reading the keychain, null deletes it, a string replaces it', async () => {
    const { store, secrets, state } = keychain()
    const credentials = new RepoCredentials(openDeskStore(dataDir()), store)
    await credentials.save({ url, scope: 'repository', insecure: false, username: 'bob' }, { password: 's3cret' })
    state.failing = true // a keychain that cannot be read while the user renames the account
    expect(await credentials.save({ url, scope: 'repository', insecure: false, username: 'robert' }, {})).toMatchObject({ username: 'robert', hasPassword: true })
    state.failing = false
    expect((await credentials.lookup(url))?.password).toBe('s3cret')
    expect(await credentials.save({ url, scope: 'repository', insecure: false, username: 'robert' }, { password: 'n3w' })).toMatchObject({ hasPassword: true })
    expect((await credentials.lookup(url))?.password).toBe('n3w')
    expect(await credentials.save({ url, scope: 'repository', insecure: false }, { password: null })).toMatchObject({ hasPassword: false })
    expect(secrets.size).toBe(0)
  })

  it('a keychain that fails while a secret is set fails the command and leaves the entry as it was', async () => {
    const { store, state } = keychain()
    const desk = openDeskStore(dataDir())
    const credentials = new RepoCredentials(desk, store)
    await credentials.save({ url, scope: 'repository', insecure: false, username: 'bob' }, { password: 's3cret' })
    state.failing = true
    await expect(credentials.save({ url, scope: 'repository', insecure: false, username: 'eve' }, { password: 'other' })).rejects.toThrow(/keychain is locked/)
    expect(desk.read().repositories).toEqual([expect.objectContaining({ username: 'bob', hasPassword: true })])
    state.failing = false
    expect((await credentials.lookup(url))?.password).toBe('s3cret')
  })
})
