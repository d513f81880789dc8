import type { K8sObject } from '../kube/objects'
import { instanceLabel, trackingAnnotation, trackingId } from '../render/tracking'

/** The app an object belongs to: its tracking id names it (annotation), else the instance label. */
export function owningApp(obj: K8sObject): string | undefined {
  const id = obj.metadata.annotations?.[trackingAnnotation]
  if (id) {
    // Controllers copy annotations to what they create (a Deployment's onto its ReplicaSets):
    // as in Argo CD, the id counts only on the object it names.
    const app = id.split(':')[0]!
    return app && trackingId(app, obj) === id ? app : undefined
  }
  return obj.metadata.labels?.[instanceLabel]
}

/** Argo CD's SharedResourceWarning: another app's tracking id is on an object this app renders. */
export function sharedResourceMessage(live: K8sObject, app: string, owner: string): string {
  return `${live.kind}/${live.metadata.name ?? ''} is part of applications ${app} and ${owner}`
}
