import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDesk } from '../../main/api/desk'
import type { ControllerOptions } from '../../main/engine/reconcile/controller'
import { MemorySecrets } from './memory-secrets'

/** A desk over a fresh data folder, with secrets in memory; the loop is not started. */
export function testDesk(controller: ControllerOptions = {}, secrets = new MemorySecrets()) {
  return openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-desk-')), secrets, controller, start: false })
}
