import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDesk } from '../../main/api/desk'
import { MemorySecrets } from './memory-secrets'

/**
 * A desk for unit tests of the API and its transports: a fresh data folder and secrets kept in
 * a map (the one fake, at the keychain's interface); nothing contacts a cluster until asked.
 */
export function unitDesk() {
  return openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-unit-')), secrets: new MemorySecrets(), start: false })
}
