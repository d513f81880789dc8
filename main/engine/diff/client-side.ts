import type { K8sObject } from '../kube/objects'

/**
 * Client-side prediction, for clusters that refuse a dry run: the target laid over the live
 * object, so fields present only in live (defaults, other controllers' fields) are not reported.
 * Lists of named items (containers, ports, env) are matched by name; other lists by position
 * when their lengths agree, else the target's list stands.
 */
export function overlayTarget(live: unknown, target: unknown): unknown {
  if (Array.isArray(target)) {
    if (!Array.isArray(live)) return target
    const named = target.every((t) => t && typeof t === 'object' && 'name' in t)
    if (named) return target.map((t) => overlayTarget(live.find((l) => l && typeof l === 'object' && (l as { name?: unknown }).name === (t as { name: unknown }).name), t))
    if (live.length === target.length) return target.map((t, i) => overlayTarget(live[i], t))
    return target
  }
  if (target && typeof target === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return target
    const merged: Record<string, unknown> = { ...(live as Record<string, unknown>) }
    for (const [key, value] of Object.entries(target)) merged[key] = overlayTarget((live as Record<string, unknown>)[key], value)
    return merged
  }
  return target
}

/** Secret stringData as the API server stores it: folded into base64 data. */
export function foldStringData(obj: K8sObject): K8sObject {
  if (obj.apiVersion !== 'v1' || obj.kind !== 'Secret' || !obj.stringData) return obj
  const copy = structuredClone(obj)
  const data = { ...((copy.data as Record<string, string> | undefined) ?? {}) }
  for (const [k, v] of Object.entries(copy.stringData as Record<string, string>)) data[k] = Buffer.from(v).toString('base64')
  delete copy.stringData
  copy.data = data
  return copy
}

export function predictClientSide(live: K8sObject | null, target: K8sObject): K8sObject {
  const folded = foldStringData(target)
  return live ? (overlayTarget(live, folded) as K8sObject) : folded
}
