import type { K8sObject } from '../base/objects'

/** Annotations the server or kubectl set that are never part of what a user declared. */
const noiseAnnotations = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision']
const noiseMetadata = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink']

/** An object as the diff shows it: no status, no server bookkeeping. Pure; returns a deep copy the caller may change. */
export function normalizeForDiff(obj: K8sObject): K8sObject {
  // The view first: managedFields, often most of an object, are never cloned.
  return structuredClone(diffView(obj))
}

/**
 * The same object as normalizeForDiff shows it, without a copy: new top level, metadata and
 * annotations (keys in their order), every other value shared with `obj`. Read it, never change
 * it. The watch path compares and hashes thousands of objects a second this way.
 */
export function diffView(obj: K8sObject): K8sObject {
  const view: Record<string, unknown> = {}
  for (const key in obj) if (key !== 'status') view[key] = (obj as Record<string, unknown>)[key]
  const metadata: Record<string, unknown> = {}
  for (const key in obj.metadata) if (!noiseMetadata.includes(key)) metadata[key] = obj.metadata[key]
  const annotations = obj.metadata.annotations
  if (annotations) {
    const kept: Record<string, string> = {}
    let count = 0
    for (const key in annotations) {
      if (noiseAnnotations.includes(key)) continue
      kept[key] = annotations[key]!
      count++
    }
    if (count) metadata.annotations = kept
    else delete metadata.annotations
  }
  view.metadata = metadata
  return view as K8sObject
}

/**
 * Two objects are the same where the diff looks (both as diffView shows them): what
 * isDeepStrictEqual(sortKeys(a), sortKeys(b)) says, without copying either. Key order does not
 * count; an object's own keys do, whatever its class (a Date has none).
 */
export function sameForDiff(live: K8sObject, predicted: K8sObject): boolean {
  return sameJson(diffView(live), diffView(predicted))
}

/** Deep equality of JSON values, key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return Number.isNaN(a) && Number.isNaN(b)
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => sameJson(item, (b as unknown[])[i]))
  const keysA = Object.keys(a)
  if (keysA.length !== Object.keys(b).length) return false
  return keysA.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}

/** Recursively sorted keys, so the same object always prints the same YAML. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])])) as T
  }
  return value
}
