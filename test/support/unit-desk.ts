import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SecretStore } from '../../main/engine/secrets/keychain'
import { openDesk } from '../../main/api/desk'

/**
 * A desk for unit tests of the API and its transports: a fresh data folder and secrets kept in
 * a map (the one fake, at the keychain's interface); nothing contacts a cluster until asked.
 */
export function unitDesk() {
  const secrets = new Map<string, string>()
  const store: SecretStore = {
    get: async (account) => secrets.get(account) ?? null,
    set: async (account, secret) => void secrets.set(account, secret),
    delete: async (account) => secrets.delete(account),
  }
  return openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-unit-')), secrets: store, start: false })
}
