import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The design tokens in styles.css: every status colour and the text colours read at WCAG AA
// (4.5:1) on the page and on a surface (bars, tiles, table heads), in the light and dark themes,
// and the two ways of getting dark (chosen in settings, or following the system) are one palette.
const css = readFileSync(resolve(import.meta.dirname, '../../renderer/src/styles.css'), 'utf8')

/** The custom properties declared in the first rule whose selector is exactly `selector`. */
function block(selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`)
  if (start < 0) throw new Error(`no rule ${selector} in styles.css`)
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start))
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]))
}
const light = block(':root')
const darkChosen = new Map([...light, ...block(":root[data-theme='dark']")])
const darkSystem = new Map([...light, ...block("  :root:not([data-theme='light'])")])

function resolveColour(tokens: Map<string, string>, name: string): string {
  let value = tokens.get(name)
  for (let depth = 0; value?.startsWith('var(') && depth < 10; depth++) value = tokens.get(value.slice(4, -1).trim())
  if (!value || !/^#[0-9a-f]{6}$/i.test(value)) throw new Error(`${name} is not a #rrggbb colour: ${value}`)
  return value
}
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

const statuses = ['synced', 'outofsync', 'healthy', 'progressing', 'degraded', 'suspended', 'missing', 'unknown']
const texts = ['--fg', '--muted', '--error', '--ok', '--warn', '--info', ...statuses.map((s) => `--status-${s}`)]

describe('design tokens', () => {
  it.each([
    ['light', light],
    ['dark', darkChosen],
  ] as const)('in the %s theme every text and status colour has AA contrast on the page and on a surface', (_theme, tokens) => {
    const low = texts.flatMap((name) =>
      ['--bg', '--surface'].map((ground) => ({ name, ground, ratio: contrast(resolveColour(tokens, name), resolveColour(tokens, ground)) })).filter((c) => c.ratio < 4.5),
    )
    expect(low).toEqual([])
  })

  it('the primary button’s text reads on the accent in both themes', () => {
    for (const tokens of [light, darkChosen]) expect(contrast(resolveColour(tokens, '--on-accent'), resolveColour(tokens, '--accent'))).toBeGreaterThanOrEqual(4.5)
  })

  it('dark from settings and dark from the system are the same palette', () => {
    expect(block("  :root:not([data-theme='light'])")).toEqual(block(":root[data-theme='dark']"))
    expect(darkSystem.get('--bg')).toBe(darkChosen.get('--bg'))
  })

  it('the type scale keeps h1 > h2 > h3 > body > small', () => {
    const px = (name: string) => parseFloat(light.get(name) ?? 'NaN')
    const scale = ['--text-h1', '--text-h2', '--text-h3', '--text-body', '--text-small'].map(px)
    expect(scale).toEqual([...scale].sort((a, b) => b - a))
    expect(new Set(scale).size).toBe(scale.length)
  })
})
