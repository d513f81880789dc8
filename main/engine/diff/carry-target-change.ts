import { isDeepStrictEqual } from 'node:util'
import type { K8sObject } from '../base/objects'
import { foldStringData } from './client-side'
import { acceptedKey, acceptedValue, withinSize } from './config-data-rules'

/** A prediction and the target it was made for (against a live object the caller has checked is unchanged). */
export interface TargetPrediction {
  target: K8sObject
  predicted: K8sObject
}

/** The maps whose string values a change may touch, by kind (v1 only). */
const valueMaps: Record<string, readonly string[]> = { ConfigMap: ['data', 'binaryData'], Secret: ['data', 'stringData'] }

/**
 * The prediction for a new target of a v1 ConfigMap or Secret, made from the previous target's
 * prediction against the same live object (uid and content, same schema: the caller checks)
 * without a dry run, where a server-side apply's answer is certain: the targets differ only in
 * string values under `data`/`binaryData` (ConfigMap) or `data`/`stringData` (Secret), changed
 * or added (a removed key may stay, owned by another manager: dry-run); the previous prediction
 * held each old value verbatim (our apply had set it); and each new value and key is one the API
 * server takes as it is (a valid key, canonical base64 for bytes, no lone surrogate, within the
 * size limit; an Opaque Secret, not immutable). Forced, our apply sets those values, and nothing
 * else in the object moves. Secret stringData is compared and set folded into base64 data, as the
 * API server stores it. Otherwise null: dry-run. A mutating webhook that rewrites ConfigMap or
 * Secret data is not seen here (docs/deviations.md). Pure.
 */
export function carryTargetChange(previous: TargetPrediction, target: K8sObject): K8sObject | null {
  const old = previous.target
  const predicted = previous.predicted
  const maps = target.apiVersion === 'v1' && Object.hasOwn(valueMaps, target.kind) ? valueMaps[target.kind] : undefined
  if (!maps || old.apiVersion !== target.apiVersion || old.kind !== target.kind) return null
  if (predicted.immutable === true || (target.kind === 'Secret' && (predicted.type ?? 'Opaque') !== 'Opaque')) return null
  const changes = valueChanges(old, target, maps)
  // Each raw value changed is one the API server takes as it is (a Secret's data under its stringData too).
  if (!changes?.length || !changes.every(([field, key, value]) => acceptedKey(key) && acceptedValue(target.kind, field, value))) return null
  // Compared as the API server stores them: a Secret's stringData folded into data.
  const [before, after] = [foldStringData(old), foldStringData(target)]
  const carried = structuredClone(predicted)
  for (const field of maps) {
    const [was, now] = [mapOf(before, field), mapOf(after, field)]
    for (const [key, value] of Object.entries(now)) {
      if (was[key] === value) continue
      if (typeof value !== 'string' || !acceptedKey(key) || !acceptedValue(target.kind, field, value)) return null
      const held = mapOf(predicted, field)
      // A changed value our apply had set as it is in Git; an added key is set whatever was live.
      if (key in was && held[key] !== was[key]) return null
      // A ConfigMap key in both data and binaryData is refused by the API server.
      if (maps.some((other) => other !== field && other !== 'stringData' && key in mapOf(carried, other))) return null
      carried[field] = { ...mapOf(carried, field), [key]: value }
    }
  }
  return withinSize(carried, maps) ? carried : null
}

/**
 * Where the two targets differ, as [map, key, new value], when they differ only at keys of `maps`
 * (each map present in both or in neither) by a string value changed or added; any other
 * difference, a removed key or a value that is not a string: null.
 */
function valueChanges(old: K8sObject, target: K8sObject, maps: readonly string[]): [string, string, string][] | null {
  const rest = (obj: K8sObject) => Object.fromEntries(Object.entries(obj).filter(([k]) => !maps.includes(k)))
  if (!isDeepStrictEqual(rest(old), rest(target))) return null
  const changes: [string, string, string][] = []
  for (const field of maps) {
    const [was, now] = [old[field], target[field]]
    if (was === undefined && now === undefined) continue
    if (!isRecord(was) || !isRecord(now)) return null
    for (const key of Object.keys(was)) if (!(key in now)) return null
    for (const [key, value] of Object.entries(now)) {
      if (was[key] === value) continue
      if (typeof value !== 'string' || (key in was && typeof was[key] !== 'string')) return null
      changes.push([field, key, value])
    }
  }
  return changes
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const mapOf = (obj: K8sObject, field: string): Record<string, unknown> => (isRecord(obj[field]) ? obj[field] : {})
