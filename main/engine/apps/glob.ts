import picomatch from 'picomatch'

/** Argo CD's globs (gobwas/glob without separators): `*` matches `/` too, unlike path globs. */
export function globMatch(value: string, pattern: string): boolean {
  const flat = (text: string) => text.replaceAll('/', '\u2215')
  return picomatch.isMatch(flat(value), flat(pattern), { dot: true })
}
