// Run by the memory scenario in a process of its own: an engine that watches the given clusters'
// ConfigMaps in namespace `mem`, and prints its memory once they are all in the cache.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDesk } from '../../main/api/desk'
import { MemorySecrets } from '../support/memory-secrets'

const contexts = process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc
gc?.()
const before = process.memoryUsage().rss
const desk = openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-mem-')), secrets: new MemorySecrets(), start: false })
await desk.engine.loadContexts()
for (const context of contexts) await desk.engine.liveCache(context).ensureWatching([{ apiVersion: 'v1', kind: 'ConfigMap' }], 'mem')
gc?.()
await new Promise((r) => setTimeout(r, 500))
gc?.()
const watched = contexts.reduce((n, c) => n + desk.engine.liveCache(c).size, 0)
console.log(JSON.stringify({ watched, rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed, before }))
await desk.close()
process.exit(0)
