// `npm run screenshots`: copies the main screens the e2e run took (test/artifacts, not kept in Git)
// to docs/screenshots, which the README shows. Run it after `npm test` when the UI changed.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const from = join(root, 'test/artifacts')
const to = join(root, 'docs/screenshots')
const screens = ['list.png', 'details.png', 'diff.png', 'graph.png', 'logs.png', 'clusters.png', 'sync-progress.png', 'appset-preview.png']
mkdirSync(to, { recursive: true })
const missing = screens.filter((s) => !existsSync(join(from, s)))
if (missing.length) {
  console.error(`missing in test/artifacts (run npm test first): ${missing.join(', ')}`)
  process.exit(1)
}
for (const s of screens) copyFileSync(join(from, s), join(to, s))
console.log(`copied ${screens.length} screens to docs/screenshots`)
