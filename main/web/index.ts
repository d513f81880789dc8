// `npm run web`: serves the built renderer and the API on loopback, prints the URL to open.
import { resolve } from 'node:path'
import { openDesk } from '../api/desk'
import { createApiHandlers } from '../api/handlers'
import { defaultDataDir } from '../engine/store/data-dir'
import { UserError } from '../engine/base/errors'
import type { DeskService } from '../engine/service/desk-service'
import { startWebHarness } from './server'

const rendererDir = resolve(import.meta.dirname, '../../out/renderer')
const port = Number(process.env.GITOPS_DESK_WEB_PORT ?? 0)

// How long an app deletion waits for one sync wave to go (default 5 minutes); tests shorten it.
const deletionTimeoutSeconds = Number(process.env.GITOPS_DESK_DELETION_TIMEOUT_SECONDS ?? 0)

// The loop starts once the page can be served: the UI answers first, then apps are compared.
// A store this version cannot use (a newer version's, or damaged with its backup) is said as the
// CLI says it, and the harness exits 2 (an error, as the CLI's exit codes), with no stack.
let desk: DeskService
try {
  desk = openDesk({ dataDir: defaultDataDir(), start: false, ...(deletionTimeoutSeconds > 0 ? { deletion: { timeoutMs: deletionTimeoutSeconds * 1000 } } : {}) })
} catch (error) {
  if (!(error instanceof UserError)) throw error
  const where = error.where && !error.message.includes(error.where) ? ` (${error.where})` : ''
  process.stderr.write(`gitops-desk: ${error.message}${where}\n`)
  process.exit(2)
}
for (const warning of desk.warnings()) console.warn(`warning: ${warning}`)
const harness = await startWebHarness({ handlers: createApiHandlers(desk), rendererDir, port, subscribe: (listener) => desk.subscribe(listener), menu: (action, app) => desk.menu(action, app) })
console.log(`GitOps Desk web harness: ${harness.url}`)
console.log('Open it in a browser on this machine; Ctrl+C stops it.')
desk.start()

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void Promise.all([harness.close(), desk.close()]).then(() => process.exit(0)))
}
