import picomatch from 'picomatch'

/** Argo CD's globs (gobwas/glob without separators): `*` matches `/` too, unlike path globs. */
export function globMatch(value: string, pattern: string): boolean {
  // The core API group is '': only '' or stars match it (picomatch refuses empty strings).
  if (!pattern || !value) return pattern === value || (!value && /^\*+$/.test(pattern))
  return matcherOf(pattern)(flat(value))
}

const flat = (text: string) => text.replaceAll('/', '\u2215')

/** Compiled once per pattern: resource exclusions are asked about every object of every compare. */
const matchers = new Map<string, (value: string) => boolean>()
function matcherOf(pattern: string): (value: string) => boolean {
  let matcher = matchers.get(pattern)
  if (!matcher) {
    matcher = picomatch(flat(pattern), { dot: true })
    // Patterns come from settings: few, but bounded all the same.
    if (matchers.size >= 1000) matchers.clear()
    matchers.set(pattern, matcher)
  }
  return matcher
}
