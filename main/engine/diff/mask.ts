import type { K8sObject } from '../kube/objects'
import { foldStringData } from './client-side'

const isSecret = (obj: K8sObject | null): obj is K8sObject => obj !== null && obj.apiVersion === 'v1' && obj.kind === 'Secret'

/**
 * Masks Secret values before they leave the engine, as Argo CD does: every distinct value gets
 * its own run of '+', so a changed value shows as a changed mask and equal values look equal.
 * stringData is folded into data first (as the API server does).
 */
export function maskSecrets(live: K8sObject | null, target: K8sObject | null): [K8sObject | null, K8sObject | null] {
  if (!isSecret(live) && !isSecret(target)) return [live, target]
  const fold = (obj: K8sObject | null): K8sObject | null => (isSecret(obj) ? structuredClone(foldStringData(obj)) : obj)
  const [l, t] = [fold(live), fold(target)]
  const masks = new Map<string, string>()
  const maskOf = (value: string) => {
    if (!masks.has(value)) masks.set(value, '+'.repeat(8 + masks.size))
    return masks.get(value)!
  }
  for (const obj of [l, t]) {
    if (!obj?.data) continue
    obj.data = Object.fromEntries(Object.entries(obj.data as Record<string, string>).map(([k, v]) => [k, maskOf(v)]))
    const annotations = obj.metadata.annotations
    if (annotations?.['kubectl.kubernetes.io/last-applied-configuration']) annotations['kubectl.kubernetes.io/last-applied-configuration'] = '(masked)'
  }
  return [l, t]
}
