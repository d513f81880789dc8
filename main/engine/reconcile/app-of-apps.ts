import { Application } from '../apps/schema'
import type { K8sObject } from '../render/objects'

export const parentAnnotation = 'gitops-desk.io/parent'

const isApplication = (obj: K8sObject) => obj.kind === 'Application' && obj.apiVersion.startsWith('argoproj.io/')

/**
 * App-of-apps: the Applications a parent renders. Unless they are to be applied to a cluster
 * that runs Argo CD, they become child apps here and leave the parent's targets.
 */
export function splitChildApps(objects: K8sObject[], applyChildApps: boolean): { targets: K8sObject[]; children: K8sObject[] } {
  if (applyChildApps) return { targets: objects, children: [] }
  return { targets: objects.filter((o) => !isApplication(o)), children: objects.filter(isApplication) }
}

/** A rendered child as a stored app: validated, marked with its parent, cluster fields dropped. */
export function childApp(parent: string, obj: K8sObject): { app: Application } | { error: string } {
  const { namespace: _namespace, resourceVersion: _rv, uid: _uid, finalizers: _finalizers, ...metadata } = obj.metadata as Record<string, unknown>
  const parsed = Application.safeParse({ ...obj, metadata: { ...metadata, annotations: { ...(obj.metadata.annotations ?? {}), [parentAnnotation]: parent } } })
  if (!parsed.success) return { error: `child Application ${obj.metadata.name ?? '?'} of ${parent}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` }
  return { app: parsed.data }
}

export const parentOf = (app: Application): string | undefined => app.metadata.annotations?.[parentAnnotation]
