/**
 * What the API server takes as it is in the value maps of a v1 ConfigMap (`data`, `binaryData`)
 * or Secret (`data`, `stringData`), as its validation says (apimachinery IsConfigMapKey,
 * ValidateConfigMap, ValidateSecret). Used where the engine stands in for a dry run: a change
 * carried to a new target (carry-target-change.ts) and a new object checked locally
 * (sync/local-checks.ts). Where unsure, stricter than the server: the caller then asks it.
 */

/** Maps whose values the API server holds as bytes (base64 in JSON), by kind. */
const byteMaps: Record<string, readonly string[]> = { ConfigMap: ['binaryData'], Secret: ['data'] }

/** The API server refuses a ConfigMap or Secret over 1 MiB (keys and values); counted here on the JSON strings, which are never shorter. */
export const maxConfigDataSize = 1024 * 1024

/** A key as the API server's IsConfigMapKey takes it (Secrets' keys too). */
export const acceptedKey = (key: string): boolean => key.length > 0 && key.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(key) && key !== '.' && !key.startsWith('..')

/** A value the API server stores as it is: bytes in canonical base64 (it re-encodes others), text without a lone surrogate. */
export function acceptedValue(kind: string, field: string, value: string): boolean {
  if (/\p{Cs}/u.test(value)) return false
  return !(Object.hasOwn(byteMaps, kind) ? byteMaps[kind]! : []).includes(field) || Buffer.from(value, 'base64').toString('base64') === value
}

/** Whether the keys and values of these maps of the object stay within the API server's 1 MiB (a value that is not a string counts as over). */
export function withinSize(obj: Record<string, unknown>, maps: readonly string[]): boolean {
  let size = 0
  for (const field of maps) {
    const map = obj[field]
    if (!map || typeof map !== 'object') continue
    for (const [key, value] of Object.entries(map)) size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : maxConfigDataSize + 1)
  }
  return size <= maxConfigDataSize
}
