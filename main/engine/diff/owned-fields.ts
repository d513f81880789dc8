import type { K8sObject } from '../base/objects'

/** A managedFields fieldsV1 tree: `f:name`, `k:{…}` (a list item by its keys), `v:…` (a set value), `i:N`, `.` (the node itself). */
export type FieldsTree = { [key: string]: FieldsTree }

interface ManagedFieldsEntry {
  manager?: string
  subresource?: string
  fieldsV1?: FieldsTree
}

/** Every field some manager owns in these objects (status subresource entries left out), as one tree. */
export function ownedFieldsOf(objects: (K8sObject | null)[]): FieldsTree {
  const union: FieldsTree = {}
  const merge = (into: FieldsTree, from: FieldsTree) => {
    for (const [key, child] of Object.entries(from)) merge((into[key] ??= {}), child ?? {})
  }
  for (const obj of objects) {
    for (const entry of (obj?.metadata.managedFields as ManagedFieldsEntry[] | undefined) ?? []) {
      if (entry.subresource !== 'status' && entry.fieldsV1) merge(union, entry.fieldsV1)
    }
  }
  return union
}

const isLeaf = (tree: FieldsTree) => Object.keys(tree).every((k) => k === '.')
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

/**
 * The object cut down to the fields in the tree: what someone declared (a sync, kubectl, a
 * controller), without what the API server filled in (defaults, a Service's clusterIP). Two live
 * objects cut down to the fields either side's managers own compare as a user means them: the
 * same defaults, or a clusterIP each cluster allocated, are not differences. Identity
 * (apiVersion, kind, name, namespace) is always kept. Pure; returns a copy.
 */
export function keepOwnedFields(obj: K8sObject, owned: FieldsTree): K8sObject {
  const kept = (Object.keys(owned).length ? project(obj, owned) : structuredClone(obj)) as K8sObject
  const metadata = isObject(kept.metadata) ? kept.metadata : {}
  return {
    ...kept,
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: { ...metadata, ...(obj.metadata.name !== undefined ? { name: obj.metadata.name } : {}), ...(obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {}) },
  }
}

function project(value: unknown, tree: FieldsTree): unknown {
  if (isLeaf(tree)) return structuredClone(value)
  if (Array.isArray(value)) {
    const items: unknown[] = []
    for (const [index, item] of value.entries()) {
      const child = Object.entries(tree).find(([key]) => itemMatches(key, item, index))?.[1]
      if (child) items.push(project(item, child))
    }
    return items
  }
  if (!isObject(value)) return value
  const result: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(tree)) {
    if (!key.startsWith('f:')) continue
    const field = key.slice(2)
    if (field in value) result[field] = project(value[field], child)
  }
  return result
}

function itemMatches(key: string, item: unknown, index: number): boolean {
  if (key.startsWith('i:')) return Number(key.slice(2)) === index
  if (key.startsWith('v:')) return JSON.stringify(item) === key.slice(2) || safeEqual(key.slice(2), item)
  if (!key.startsWith('k:') || !isObject(item)) return false
  try {
    const match = JSON.parse(key.slice(2)) as Record<string, unknown>
    return Object.entries(match).every(([k, v]) => JSON.stringify(item[k]) === JSON.stringify(v))
  } catch {
    return false
  }
}

function safeEqual(json: string, item: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(json)) === JSON.stringify(item)
  } catch {
    return false
  }
}
