// `npm run web`: serves the built renderer and the API on loopback, prints the URL to open.
import { resolve } from 'node:path'
import { createApiHandlers } from '../api/handlers'
import { startWebHarness } from './server'

const rendererDir = resolve(import.meta.dirname, '../../out/renderer')
const port = Number(process.env.GITOPS_DESK_WEB_PORT ?? 0)

const harness = await startWebHarness({ handlers: createApiHandlers(), rendererDir, port })
console.log(`GitOps Desk web harness: ${harness.url}`)
console.log('Open it in a browser on this machine; Ctrl+C stops it.')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void harness.close().then(() => process.exit(0)))
}
