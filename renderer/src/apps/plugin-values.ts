/** A plugin parameter's value as the Application's source.plugin.parameters holds it. */
export type Value = { name: string; string?: string; array?: string[]; map?: Record<string, string> }

/** A value as its field shows it: a list and a map as comma-separated items (k=v). */
export const shown = (v: Value | undefined): string => (!v ? '' : v.string ?? (v.array ? v.array.join(', ') : v.map ? Object.entries(v.map).map(([k, x]) => `${k}=${x}`).join(', ') : ''))
/** A field's text as the parameter's value: an array or a map from comma-separated items, else a string. */
export const parsed = (name: string, kind: string | undefined, text: string): Value =>
  kind === 'array' ? { name, array: text.split(',').map((s) => s.trim()).filter(Boolean) }
  : kind === 'map' ? { name, map: Object.fromEntries(text.split(',').map((s) => s.trim()).filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()])) }
  : { name, string: text }
