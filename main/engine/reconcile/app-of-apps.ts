import type { AppCondition } from '../../../shared/model'
import { Application } from '../apps/schema'
import type { K8sObject } from '../kube/objects'

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

/**
 * What registering a parent's rendered children changes (pure): the children to store (new or
 * changed), the ones it no longer renders, and conditions for invalid or clashing children.
 */
export function childChanges(parent: Application, children: K8sObject[], stored: Application[]): { conditions: AppCondition[]; changed: Application[]; removed: Application[] } {
  const conditions: AppCondition[] = []
  const parentName = parent.metadata.name
  const apps = children.map((c) => childApp(parentName, c))
  for (const a of apps) if ('error' in a) conditions.push({ type: 'InvalidSpecError', message: a.error })
  const wanted = apps.flatMap((a) => ('app' in a ? [a.app] : []))
  const mine = stored.filter((a) => parentOf(a) === parentName)
  const clash = wanted.filter((w) => stored.some((a) => a.metadata.name === w.metadata.name && parentOf(a) !== parentName))
  for (const c of clash) conditions.push({ type: 'InvalidSpecError', message: `child Application ${c.metadata.name} clashes with an app of that name that ${parentName} does not own` })
  const register = wanted.filter((w) => !clash.includes(w))
  const removed = mine.filter((m) => !register.some((w) => w.metadata.name === m.metadata.name))
  const changed = register.filter((w) => JSON.stringify(w) !== JSON.stringify(mine.find((m) => m.metadata.name === w.metadata.name)))
  return { conditions, changed, removed }
}
