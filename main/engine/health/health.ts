import { errorMessage } from '../base/errors'
import { groupOf, type K8sObject } from '../base/objects'
import { forGroupKind } from '../customizations/lookup'
import { platformGroupRules } from './platform-operators'
import { builtinRules } from './rules'
import { isWorse, type Health, type HealthStatus } from './types'

export type HealthRule = (obj: K8sObject) => Health

/**
 * An object's health, or null for kinds that have no rule. A live object that is missing is
 * Missing; one being deleted is Progressing "Pending deletion"; a rule that throws is Unknown
 * with the reason, never an exception.
 */
export function healthOf(live: K8sObject | null, customRules: Record<string, HealthRule> = {}): Health | null {
  if (!live) return { status: 'Missing', message: '' }
  if (live.metadata.deletionTimestamp) return { status: 'Progressing', message: 'Pending deletion' }
  const group = groupOf(live.apiVersion)
  const key = `${group}/${live.kind}`
  const rule = customRule(customRules, key) ?? builtinRules[key] ?? forGroupKind(platformGroupRules, group, live.kind)
  if (!rule) return null
  try {
    return rule(live)
  } catch (error) {
    return { status: 'Unknown', message: `health check failed: ${errorMessage(error)}` }
  }
}

// The kinds whose health gitops-engine checks in Go; the others' checks are Lua scripts.
const compiledChecks = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/ReplicaSet', 'apps/DaemonSet', 'extensions/Ingress', 'networking.k8s.io/Ingress', 'argoproj.io/Workflow', 'apiregistration.k8s.io/APIService', '/Service', '/PersistentVolumeClaim', '/Pod', 'batch/Job', 'autoscaling/HorizontalPodAutoscaler'])

/**
 * Whether a resource's health counts toward its app's, as Argo CD aggregates (setApplicationHealth):
 * not when marked `argocd.argoproj.io/ignore-healthcheck: "true"`, and a missing resource only
 * when its kind has a compiled health check (a missing ConfigMap or CronJob leaves the app Healthy).
 */
export function countsForAppHealth(group: string, kind: string, health: HealthStatus | null, live: K8sObject | null, customRules: Record<string, HealthRule> = {}): boolean {
  if (live?.metadata.annotations?.['argocd.argoproj.io/ignore-healthcheck'] === 'true') return false
  return health !== 'Missing' || compiledChecks.has(`${group}/${kind}`) || customRule(customRules, `${group}/${kind}`) !== undefined
}

function customRule(rules: Record<string, HealthRule>, key: string): HealthRule | undefined {
  const slash = key.lastIndexOf('/')
  return forGroupKind(rules, key.slice(0, slash), key.slice(slash + 1))
}

/** An app's health: the worst of its resources' (Healthy when it has none with a rule). */
export function aggregateHealth(healths: (Health | null)[]): HealthStatus {
  let worst: HealthStatus = 'Healthy'
  for (const h of healths) if (h && isWorse(h.status, worst)) worst = h.status
  return worst
}
