import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// Merges that append style blocks at the end of styles.css once dropped a rule's closing brace:
// the browser then nests every later rule inside it (CSS nesting), and the palette, the app page
// and the projects pages lost their styles with no error anywhere. This finds such a rule.
const css = readFileSync(resolve(import.meta.dirname, '../../renderer/src/styles.css'), 'utf8')

/** Rules that open at the start of a line while another plain rule (not an @-rule) is still open, with where. */
function nestedRules(text: string): string[] {
  const found: string[] = []
  const open: string[] = []
  text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .split('\n')
    .forEach((line, i) => {
      if (/^\S.*\{\s*$/.test(line) && open.length > 0 && !open.some((o) => o.startsWith('@'))) found.push(`line ${i + 1}: ${line.trim()} inside ${open.at(-1)}`)
      for (const ch of line) {
        if (ch === '{') open.push(line.trim())
        else if (ch === '}') open.pop()
      }
    })
  if (open.length) found.push(`unclosed at the end: ${open.join(' | ')}`)
  return found
}

describe('styles.css', () => {
  it('closes every rule: none is nested by a missing brace', () => {
    expect(nestedRules(css)).toEqual([])
  })
  it('would find a rule left open before the next block', () => {
    expect(nestedRules('.a {\n  color: red;\n\n/* next */\n.b {\n  color: blue;\n}\n')).toEqual(['line 5: .b { inside .a {', 'unclosed at the end: .a {'])
  })
})
