// `npm run screenshots`: copies the main screens the e2e run took (test/artifacts, not kept in Git)
// to docs/screenshots, which the README shows. Run it after `npm test` when the UI changed.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const from = join(root, 'test/artifacts')
const to = join(root, 'docs/screenshots')
// Each screen the README shows, by the name the e2e run gave it (the design-system test names its
// screens ds-<screen>-<size>-<theme>.png).
const screens = {
  'list.png': 'list.png',
  'details.png': 'details.png',
  'diff.png': 'diff.png',
  'graph.png': 'graph.png',
  'logs.png': 'logs.png',
  'clusters.png': 'clusters.png',
  'sync-progress.png': 'sync-progress.png',
  'appset-preview.png': 'appset-preview.png',
  'palette.png': 'ds-palette-1280x800-light.png',
  'projects.png': 'ds-project-1280x800-light.png',
  'parameters.png': 'ds-parameters-1280x800-light.png',
  'panel-diff.png': 'panel-diff.png',
}
mkdirSync(to, { recursive: true })
const missing = Object.values(screens).filter((s) => !existsSync(join(from, s)))
if (missing.length) {
  console.error(`missing in test/artifacts (run npm test first): ${missing.join(', ')}`)
  process.exit(1)
}
for (const [name, taken] of Object.entries(screens)) copyFileSync(join(from, taken), join(to, name))
console.log(`copied ${Object.keys(screens).length} screens to docs/screenshots`)
