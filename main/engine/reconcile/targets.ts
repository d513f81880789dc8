import type { AppCondition } from '../../../shared/model'
import { isExcludedResource } from '../customizations/resource-filter'
import { groupOf, type K8sObject } from '../kube/objects'
import type { Settings } from '../../../shared/model'
import { splitChildApps } from './app-of-apps'

/**
 * What an app's rendered objects become, in one place for compare, reconcile and sync: child
 * Applications apart (app-of-apps), and the kinds the settings exclude for this cluster left out
 * with Argo CD's ExcludedResourceWarning. `cluster` is the context's name and server URL.
 */
export function splitTargets(objects: K8sObject[], settings: Pick<Settings, 'applyChildApps' | 'customizations'>, cluster: string[]): { targets: K8sObject[]; children: K8sObject[]; conditions: AppCondition[] } {
  const { targets, children } = splitChildApps(objects, settings.applyChildApps)
  const conditions: AppCondition[] = []
  const kept = targets.filter((o) => {
    const group = groupOf(o.apiVersion)
    if (!isExcludedResource(settings.customizations, group, o.kind, cluster)) return true
    conditions.push({ type: 'ExcludedResourceWarning', message: `Resource ${group}/${o.kind} ${o.metadata.name} is excluded in the settings` })
    return false
  })
  return { targets: kept, children, conditions }
}
