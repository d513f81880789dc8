import { describe, expect, it } from 'vitest'
import { deskDark, deskLight, type EditorThemeData } from './editor-themes'

interface Rgba { r: number; g: number; b: number; a: number }

function parse(hex: string): Rgba {
  const h = hex.replace('#', '')
  const byte = (i: number) => parseInt(h.slice(i, i + 2), 16)
  return { r: byte(0), g: byte(2), b: byte(4), a: h.length === 8 ? byte(6) / 255 : 1 }
}

/** `top` laid over an opaque `bottom`, as the browser paints Monaco's translucent highlights. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a)
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 }
}

/** WCAG 2 contrast ratio, as axe computes it. */
function contrast(a: Rgba, b: Rgba): number {
  const luminance = (c: Rgba) => {
    const channel = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** Every background text can sit on in an editor or a diff: plain, a changed line, a changed character on a changed line. */
function backgrounds(theme: EditorThemeData): Record<string, Rgba> {
  const editor = parse(theme.colors['editor.background']!)
  const layer = (key: string) => parse(theme.colors[key]!)
  const inserted = over(layer('diffEditor.insertedLineBackground'), editor)
  const removed = over(layer('diffEditor.removedLineBackground'), editor)
  return {
    editor,
    'inserted line': inserted,
    'inserted text on an inserted line': over(layer('diffEditor.insertedTextBackground'), inserted),
    'removed line': removed,
    'removed text on a removed line': over(layer('diffEditor.removedTextBackground'), removed),
  }
}

/** Every colour a theme can draw text in: each token rule and the line numbers. */
function foregrounds(theme: EditorThemeData): Record<string, Rgba> {
  const colours: Record<string, Rgba> = {}
  for (const rule of theme.rules) colours[`token '${rule.token}'`] = parse(rule.foreground)
  for (const key of ['editor.foreground', 'editorLineNumber.foreground', 'editorLineNumber.activeForeground']) colours[key] = parse(theme.colors[key]!)
  return colours
}

describe.each([
  ['desk-light', deskLight],
  ['desk-dark', deskDark],
])('editor theme %s', (_name, theme) => {
  it('reads at 4.5:1 or better for every text colour on every diff background', () => {
    const failures: string[] = []
    for (const [fg, colour] of Object.entries(foregrounds(theme)))
      for (const [bg, background] of Object.entries(backgrounds(theme))) {
        const ratio = contrast(colour, background)
        if (ratio < 4.5) failures.push(`${fg} on ${bg}: ${ratio.toFixed(2)}:1`)
      }
    expect(failures).toEqual([])
  })

  it('defines its own colours only (nothing inherited from vs / vs-dark that the check above cannot see)', () => {
    expect(theme.inherit).toBe(false)
    const fallback = theme.rules.find((r) => r.token === '')
    expect(fallback?.background).toBe(theme.colors['editor.background']!.replace('#', ''))
    expect(fallback?.foreground).toBe(theme.colors['editor.foreground']!.replace('#', ''))
  })
})
