import type { K8sObject } from '../base/objects'

/** Annotations the server or kubectl set that are never part of what a user declared. */
const noiseAnnotations = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision']
const noiseMetadata = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink']

/** An object as the diff shows it: no status, no server bookkeeping. Pure; returns a copy. */
export function normalizeForDiff(obj: K8sObject): K8sObject {
  const copy = structuredClone(obj)
  delete copy.status
  for (const field of noiseMetadata) delete copy.metadata[field]
  if (copy.metadata.annotations) {
    for (const key of noiseAnnotations) delete copy.metadata.annotations[key]
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations
  }
  return copy
}

/** Recursively sorted keys, so the same object always prints the same YAML. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])])) as T
  }
  return value
}
