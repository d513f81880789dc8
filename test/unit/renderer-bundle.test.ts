import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

// Issue 33: the renderer's JS and CSS without Monaco may grow by at most 150 kB gzipped over the
// build before it (commit dd678b9: 331,992 bytes, zlib level 9). Reads the build in out/, which CI
// makes before the unit tests (npm run test:unit builds first).
const assets = resolve(import.meta.dirname, '../../out/renderer/assets')
const baselineBytes = 331_992
const budgetBytes = baselineBytes + 150_000
/**
 * Monaco's chunks (loaded only with an editor) and its workers, and the shell's terminal
 * (xterm.js, loaded only when a Pod's Shell tab opens), by the names Vite gives them.
 */
const monaco = /^(monaco|editor\.worker|[a-z]+\.worker|ShellView)-/

describe('the renderer bundle', () => {
  it(`is at most ${budgetBytes} bytes gzipped without Monaco`, () => {
    expect(existsSync(assets), 'out/renderer/assets is missing: run npm run build first').toBe(true)
    const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f) && !monaco.test(f))
    expect(files.some((f) => f.startsWith('index-') && f.endsWith('.js'))).toBe(true)
    const sizes = Object.fromEntries(files.map((f) => [f, gzipSync(readFileSync(join(assets, f)), { level: 9 }).length]))
    const total = Object.values(sizes).reduce((a, b) => a + b, 0)
    console.log(`renderer without Monaco: ${total} bytes gzipped (${total - baselineBytes >= 0 ? '+' : ''}${total - baselineBytes} since dd678b9)`, sizes)
    expect(total, `the non-Monaco renderer is ${total} bytes gzipped: ${JSON.stringify(sizes)}`).toBeLessThanOrEqual(budgetBytes)
  })
})
