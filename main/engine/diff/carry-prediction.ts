import { fieldManager } from '../kube/kube-api'
import type { K8sObject } from '../base/objects'
import { foldStringData } from './client-side'
import { fieldsOwnedBy } from './ignore'
import { diffView, sameJson } from './normalize'

type Path = string[]

/** A dry run's input and answer: the live object it was made against, and the predicted object. */
export interface Prediction {
  live: K8sObject
  predicted: K8sObject
}

/**
 * The prediction for a changed live object, made from the last dry run without asking the
 * server again, when the change cannot have touched what a server-side apply of the target
 * does: every changed field is one the target does not set and our field manager does not own,
 * and what our manager owns is unchanged. Such a field keeps its live value through an apply, so
 * the new prediction is the old one with those fields taken from live. Otherwise null: dry-run.
 * (Under a stream of other controllers' writes, this is what keeps a watch compare from sending
 * a dry run per event.)
 */
export function carryPrediction(previous: Prediction, live: K8sObject, target: K8sObject): K8sObject | null {
  if (!previous.live.metadata.uid || previous.live.metadata.uid !== live.metadata.uid) return null
  if (!sameOwnEntries(previous.live, live)) return null
  const changed = changedPaths(diffView(previous.live), diffView(live))
  if (changed.length === 0) return previous.predicted
  // A Secret's stringData lands in data: a change of data.x is one the apply of stringData.x undoes.
  const guarded = [...targetPathsOf(target), ...fieldsOwnedBy(live, [fieldManager]).map(keyPrefix)]
  if (changed.some((c) => guarded.some((g) => overlaps(c, g)))) return null
  // Copied only along the changed paths: the rest (managedFields, often most of it) is shared with
  // the previous prediction, which nothing changes either.
  const predicted = { ...previous.predicted }
  const copied = new Set<object>([predicted])
  for (const path of changed) setPath(predicted, path, getPath(live, path), copied)
  return predicted
}

interface ManagedEntry {
  manager?: string
  operation?: string
  subresource?: string
  time?: unknown
  fieldsV1?: unknown
}

/** Our manager's managedFields entries. */
const ownEntries = (obj: K8sObject) => ((obj.metadata.managedFields as ManagedEntry[] | undefined) ?? []).filter((e) => e.manager === fieldManager)

/** An entry's time as milliseconds: a listed object's times are Dates (client-node's models), a watched one's strings. */
const timeOf = (entry: ManagedEntry) => (entry.time ? Date.parse(String(entry.time instanceof Date ? entry.time.toISOString() : entry.time)) : 0)

/** Our manager's entries are the same on both objects (key order aside). */
function sameOwnEntries(a: K8sObject, b: K8sObject): boolean {
  const [mine, theirs] = [ownEntries(a), ownEntries(b)]
  return mine.length === theirs.length && mine.every((e, i) => {
    const other = theirs[i]!
    return e.operation === other.operation && e.subresource === other.subresource && timeOf(e) === timeOf(other) && sameJson(e.fieldsV1, other.fieldsV1)
  })
}

// Targets are never changed in place (renders are reused): what is worked out of one is kept with
// it, as the watch path meets the same targets again and again.
const targetPathsMemo = new WeakMap<K8sObject, Path[]>()

/** The paths a target sets, its Secret stringData also as the data it lands in. */
function targetPathsOf(target: K8sObject): Path[] {
  let paths = targetPathsMemo.get(target)
  if (!paths) targetPathsMemo.set(target, (paths = [...leafPaths(target), ...leafPaths(foldStringData(target))]))
  return paths
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

/** Where two JSON values differ; arrays and scalars are compared whole. */
export function changedPaths(a: unknown, b: unknown, prefix: Path = []): Path[] {
  if (isRecord(a) && isRecord(b)) {
    const paths: Path[] = []
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) paths.push(...changedPaths(a[key], b[key], [...prefix, key]))
    return paths
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix]
}

/** The paths a target object sets (arrays are leaves: an apply owns list items as a whole here). */
function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (!isRecord(value) || Object.keys(value).length === 0) return [prefix]
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]))
}

/** A managed-fields path up to its first list-item step (which names an item, not a key). */
function keyPrefix(steps: ReturnType<typeof fieldsOwnedBy>[number]): Path {
  const path: Path = []
  for (const step of steps) {
    if (typeof step !== 'string') break
    path.push(step)
  }
  return path
}

/** One path lies within the other (or they are the same). */
const overlaps = (a: Path, b: Path) => a.length <= b.length ? a.every((k, i) => b[i] === k) : b.every((k, i) => a[i] === k)

function getPath(obj: unknown, path: Path): unknown {
  let current = obj
  for (const key of path) current = isRecord(current) ? current[key] : undefined
  return current
}

/** Sets a value at a path of `obj`, copying each object on the way that is not in `copied` yet (and adding it). */
function setPath(obj: K8sObject, path: Path, value: unknown, copied: Set<object>): void {
  let current = obj as unknown as Record<string, unknown>
  for (const key of path.slice(0, -1)) {
    const next = current[key]
    if (!isRecord(next)) {
      if (value === undefined) return
      current[key] = {}
      copied.add(current[key] as object)
    } else if (!copied.has(next)) {
      current[key] = { ...next }
      copied.add(current[key] as object)
    }
    current = current[key] as Record<string, unknown>
  }
  const last = path.at(-1)!
  if (value === undefined) delete current[last]
  else current[last] = structuredClone(value)
}
