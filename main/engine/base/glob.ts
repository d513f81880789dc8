import picomatch from 'picomatch'

/** Argo CD's globs (gobwas/glob without separators): `*` matches `/` too, unlike path globs. */
export function globMatch(value: string, pattern: string): boolean {
  // The core API group is '': only '' or stars match it (picomatch refuses empty strings).
  if (!pattern || !value) return pattern === value || (!value && /^\*+$/.test(pattern))
  const flat = (text: string) => text.replaceAll('/', '\u2215')
  return picomatch.isMatch(flat(value), flat(pattern), { dot: true })
}
