import type { K8sObject } from '../base/objects'
import { instanceLabel, trackingAnnotation, trackingId, type TrackingMethod } from '../base/tracking'

/**
 * The app an object belongs to: its tracking id names it (annotation); with label tracking, else
 * the instance label. With annotation tracking (Argo CD's default) the label means nothing: Helm
 * charts put `app.kubernetes.io/instance: RELEASE` on every pod, and those pods are not the app's.
 * Without a method, either (the cache's index, which each read then narrows).
 */
export function owningApp(obj: K8sObject, method?: TrackingMethod): string | undefined {
  const id = obj.metadata.annotations?.[trackingAnnotation]
  if (id) {
    // Objects are never changed in place (the watch cache replaces them): one answer per object.
    const known = byTrackingId.get(obj)
    if (known?.id === id) return known.app
    // Controllers copy annotations to what they create (a Deployment's onto its ReplicaSets):
    // as in Argo CD, the id counts only on the object it names.
    const app = id.split(':')[0]!
    const owner = app && trackingId(app, obj) === id ? app : undefined
    byTrackingId.set(obj, { id, app: owner })
    return owner
  }
  return method === undefined || method === 'label' ? obj.metadata.labels?.[instanceLabel] : undefined
}

const byTrackingId = new WeakMap<K8sObject, { id: string; app: string | undefined }>()

/** Argo CD's SharedResourceWarning: another app's tracking id is on an object this app renders. */
export function sharedResourceMessage(live: K8sObject, app: string, owner: string): string {
  return `${live.kind}/${live.metadata.name ?? ''} is part of applications ${app} and ${owner}`
}
