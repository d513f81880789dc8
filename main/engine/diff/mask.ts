import type { K8sObject } from '../base/objects'
import { foldStringData } from './client-side'

export const isSecret = (obj: K8sObject | null): obj is K8sObject => obj !== null && obj.apiVersion === 'v1' && obj.kind === 'Secret'

/**
 * The one way Secret values leave the engine (diffs, resource panels, the render command, the
 * API), as Argo CD's HideSecretData does: every distinct value gets its own run of '+', so a
 * changed value shows as a changed mask and equal values look equal. stringData is folded into
 * data first (as the API server does); kubectl's last-applied annotation, which repeats the
 * values, is masked whole. The objects given together share one set of masks.
 */
export function maskSecretObjects<T extends K8sObject | null>(objects: T[]): T[] {
  if (!objects.some(holdsSecret)) return objects
  const masks = new Map<string, string>()
  const maskOf = (value: string) => {
    if (!masks.has(value)) masks.set(value, '+'.repeat(8 + masks.size))
    return masks.get(value)!
  }
  const mask = (obj: K8sObject): K8sObject => {
    if (!isSecret(obj as K8sObject | null)) {
      // A Secret inside another object's items (a List inside a List, left whole as Argo CD leaves it).
      const items = (obj as { items?: unknown }).items
      if (!Array.isArray(items) || !items.some(holdsSecret)) return obj
      return { ...obj, items: items.map((item: unknown) => (holdsSecret(item) ? mask(item as K8sObject) : item)) } as K8sObject
    }
    const masked = structuredClone(foldStringData(obj))
    if (masked.data) masked.data = Object.fromEntries(Object.entries(masked.data as Record<string, string>).map(([k, v]) => [k, maskOf(String(v))]))
    const annotations = masked.metadata.annotations
    if (annotations?.['kubectl.kubernetes.io/last-applied-configuration']) annotations['kubectl.kubernetes.io/last-applied-configuration'] = '(masked)'
    return masked
  }
  return objects.map((obj) => (obj === null ? obj : (mask(obj) as T)))
}

/**
 * An edit of a Secret that was shown masked (the live editor), back to real values: a value that
 * is still one of the masks (left as shown, or copied to another key) is the live value it masks,
 * and the masked last-applied annotation left as shown is the live one. Only what the user really
 * typed is new. Any other object is returned as it is.
 */
export function unmaskSecretEdit(live: K8sObject, edited: K8sObject): K8sObject {
  if (!isSecret(live) || !isSecret(edited)) return edited
  const real = foldStringData(live)
  const [masked] = maskSecretObjects([real])
  const valueOf = new Map<string, string>()
  for (const [k, mask] of Object.entries((masked!.data ?? {}) as Record<string, string>)) valueOf.set(mask, String((real.data as Record<string, unknown>)[k]))
  const unmasked = structuredClone(edited)
  if (unmasked.data && typeof unmasked.data === 'object') {
    unmasked.data = Object.fromEntries(Object.entries(unmasked.data as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' && valueOf.has(v) ? valueOf.get(v) : v]))
  }
  const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration'
  const annotations = unmasked.metadata?.annotations
  if (annotations?.[lastApplied] === '(masked)' && live.metadata.annotations?.[lastApplied] !== undefined) annotations[lastApplied] = live.metadata.annotations[lastApplied]
  return unmasked
}

/** A Secret, or an object whose items (at any depth of lists) include one. */
function holdsSecret(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  if (isSecret(value as K8sObject)) return true
  const items = (value as { items?: unknown }).items
  return Array.isArray(items) && items.some(holdsSecret)
}

/** A live object and its target, masked together (a diff of the two shows which keys changed). */
export function maskSecrets(live: K8sObject | null, target: K8sObject | null): [K8sObject | null, K8sObject | null] {
  const [l, t] = maskSecretObjects([live, target])
  return [l!, t!]
}
