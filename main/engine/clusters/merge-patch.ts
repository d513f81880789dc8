type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The patch of a client-side apply: every field of `desired`, and null for each field that the
 * previous apply set and `desired` no longer has (so it is removed, while fields other writers
 * own stay). Lists are taken whole from `desired`. Pure.
 */
export function mergePatch(previous: Json, desired: Json): Json {
  const patch: Json = {}
  for (const key of Object.keys(previous)) if (!(key in desired)) patch[key] = null
  for (const [key, value] of Object.entries(desired)) {
    const before = previous[key]
    patch[key] = isObject(value) && isObject(before) ? mergePatch(before, value) : value
  }
  return patch
}
