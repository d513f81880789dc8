import type { K8sObject } from '../base/objects'

/**
 * Client-side prediction, for clusters that refuse a dry run: the target laid over the live
 * object, so fields present only in live (defaults, other controllers' fields) are not reported.
 * Lists of named items (containers, ports, env) are matched by name; other lists by position
 * when their lengths agree, else the target's list stands.
 */
export function overlayTarget(live: unknown, target: unknown, path: string[] = []): unknown {
  if (Array.isArray(target)) {
    if (!Array.isArray(live)) return target
    const named = target.every((t) => t && typeof t === 'object' && 'name' in t)
    if (named) return target.map((t) => overlayTarget(live.find((l) => l && typeof l === 'object' && (l as { name?: unknown }).name === (t as { name: unknown }).name), t, path))
    if (live.length === target.length) return target.map((t, i) => overlayTarget(live[i], t, path))
    return target
  }
  if (target && typeof target === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return target
    const merged: Record<string, unknown> = { ...(live as Record<string, unknown>) }
    for (const [key, value] of Object.entries(target)) merged[key] = overlayTarget((live as Record<string, unknown>)[key], value, [...path, key])
    return merged
  }
  // The API server stores quantities in canonical form (2000m → "2", 1024Mi → 1Gi): an equal
  // quantity written another way is no difference, as Argo CD's normalization says.
  if (isQuantityField(path) && live !== undefined && sameQuantity(live, target)) return live
  return target
}

/** Fields whose values are resource quantities: container resources, quotas and limit ranges. */
function isQuantityField(path: string[]): boolean {
  const parent = path.at(-2)
  return parent === 'limits' || parent === 'requests' || parent === 'hard' || parent === 'capacity' || parent === 'default' || parent === 'defaultRequest' || parent === 'max' || parent === 'min'
}

const suffixes: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 }

/** A Kubernetes quantity's value ("500m", "1Gi", "1e3", 2), or null when it is not one. */
export function quantityValue(value: unknown): number | null {
  if (typeof value === 'number') return value
  if (typeof value !== 'string') return null
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(value.trim())
  if (!match) return null
  const number = Number(match[1])
  return match[2] ? number * 10 ** Number(match[2].slice(1)) : number * suffixes[match[3] ?? '']!
}

function sameQuantity(a: unknown, b: unknown): boolean {
  const x = quantityValue(a)
  const y = quantityValue(b)
  return x !== null && y !== null && Math.abs(x - y) <= Math.abs(x) * 1e-12
}

/**
 * Secret stringData as the API server stores it: folded into base64 data. As gitops-engine's
 * NormalizeSecret, a value that is not a string is kept as it is (the apply then fails with the
 * API server's reason) and stringData that is not a map is left alone; neither is an internal error.
 */
export function foldStringData(obj: K8sObject): K8sObject {
  const stringData = obj.stringData
  if (obj.apiVersion !== 'v1' || obj.kind !== 'Secret' || !stringData || typeof stringData !== 'object' || Array.isArray(stringData)) return obj
  const copy = structuredClone(obj)
  const data = { ...((copy.data as Record<string, unknown> | undefined) ?? {}) }
  for (const [k, v] of Object.entries(stringData as Record<string, unknown>)) data[k] = typeof v === 'string' ? Buffer.from(v).toString('base64') : v
  delete copy.stringData
  copy.data = data
  return copy
}

export function predictClientSide(live: K8sObject | null, target: K8sObject): K8sObject {
  const folded = foldStringData(target)
  return live ? (overlayTarget(live, folded) as K8sObject) : folded
}
