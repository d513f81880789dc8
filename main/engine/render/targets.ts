import type { AppCondition } from '../../../shared/model'
import { isExcludedResource } from '../customizations/resource-filter'
import { groupOf, type K8sObject } from '../base/objects'
import type { Settings } from '../../../shared/model'
import { splitChildApps } from './app-of-apps'

/**
 * What an app's rendered objects become, in one place for compare, reconcile and sync: child
 * Applications apart (app-of-apps), and the kinds the settings exclude for this cluster left out
 * with Argo CD's ExcludedResourceWarning. `cluster` is the context's name and server URL.
 */
export function splitTargets(objects: K8sObject[], settings: Pick<Settings, 'applyChildApps' | 'customizations'>, cluster: string[]): { targets: K8sObject[]; children: K8sObject[]; appsets: K8sObject[]; conditions: AppCondition[] } {
  const { targets, children, appsets } = splitChildApps(objects, settings.applyChildApps)
  const excluded = isExcludedFor(settings, cluster)
  const conditions: AppCondition[] = []
  const kept = targets.filter((o) => {
    if (!excluded(o)) return true
    conditions.push({ type: 'ExcludedResourceWarning', message: `Resource ${groupOf(o.apiVersion)}/${o.kind} ${o.metadata.name} is excluded in the settings` })
    return false
  })
  return { targets: kept, children, appsets, conditions }
}

/**
 * Whether the settings exclude an object's kind on this cluster: such objects are not the app's
 * to compare, prune or delete, even when they carry its tracking id (Argo CD never sees them).
 */
export function isExcludedFor(settings: Pick<Settings, 'customizations'>, cluster: string[]): (obj: K8sObject) => boolean {
  return (obj) => isExcludedResource(settings.customizations, groupOf(obj.apiVersion), obj.kind, cluster)
}
