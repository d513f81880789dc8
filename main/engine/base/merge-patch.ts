import { isDeepStrictEqual } from 'node:util'

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

/** The RFC 7386 merge patch that turns `from` into `to`. */
export function createMergePatch(from: Json, to: Json): Json {
  const patch: Json = {}
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null
  for (const [key, value] of Object.entries(to)) {
    const before = from[key]
    // Lists and values compare by content: JSON objects have no key order (a Lua action's result
    // comes back in the order of its table), so a list unchanged but reordered inside is not patched.
    if (isObject(value) && isObject(before)) {
      const inner = createMergePatch(before, value)
      if (Object.keys(inner).length) patch[key] = inner
    } else if (!isDeepStrictEqual(value, before)) patch[key] = value
  }
  return patch
}

/** Applies an RFC 7386 merge patch to a copy. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch)
  const result: Json = isObject(target) ? structuredClone(target) : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else result[key] = applyMergePatch(result[key], value)
  }
  return result
}
