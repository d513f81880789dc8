import type { K8sObject } from '../base/objects'
import { diffView } from './normalize'

/** At most this many paths are named; a longer list ends with "…". */
const maxPaths = 50

/**
 * The fields that differ between a live object and what the server predicts it becomes (a dry-run
 * apply), as dotted paths (spec.replicas, spec.template.spec.containers[0].image). Both sides are
 * normalized as the diff shows them (no status, no server bookkeeping), so a dry run's new
 * managedFields or generation is not a change. A key added or removed is named once, not each
 * field under it. Pure.
 */
export function changedPaths(live: K8sObject, predicted: K8sObject): string[] {
  const paths: string[] = []
  walk(diffView(live), diffView(predicted), '', paths)
  return paths.length > maxPaths ? [...paths.slice(0, maxPaths), '…'] : paths
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
/** A key as a path segment: plain when it is a word, else quoted (metadata.labels["app.kubernetes.io/name"]). */
const segment = (parent: string, key: string): string => (/^[A-Za-z_$][\w$-]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`)

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (out.length > maxPaths) return
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], segment(path, key), out)
    return
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => walk(item, b[i], `${path}[${i}]`, out))
    return
  }
  if (!same(a, b)) out.push(path)
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return JSON.stringify(a) === JSON.stringify(b)
}
