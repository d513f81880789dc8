import { errorMessage } from '../base/errors'
import { groupOf, type K8sObject } from '../base/objects'
import { builtinRules } from './rules'
import { isWorse, type Health, type HealthStatus } from './types'

export type HealthRule = (obj: K8sObject) => Health

/** The rule for a kind, or undefined (custom-health.ts puts the Lua scripts in front). */
export type RuleFor = (group: string, kind: string) => HealthRule | undefined

/** The rules compiled in: gitops-engine's (rules.ts). */
export const builtinRuleFor: RuleFor = (group, kind) => builtinRules[`${group}/${kind}`]

/**
 * An object's health, or null for kinds that have no rule. A live object that is missing is
 * Missing; one being deleted is Progressing "Pending deletion"; a rule that throws is Unknown
 * with the reason, never an exception.
 */
export function healthOf(live: K8sObject | null, ruleFor: RuleFor = builtinRuleFor): Health | null {
  if (!live) return { status: 'Missing', message: '' }
  if (live.metadata?.deletionTimestamp) return { status: 'Progressing', message: 'Pending deletion' }
  let rule: HealthRule | undefined
  try {
    rule = ruleFor(groupOf(live.apiVersion), live.kind)
  } catch (error) {
    return { status: 'Unknown', message: errorMessage(error) }
  }
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
 * when its kind has a compiled health check or the user's own (a missing ConfigMap, CronJob or
 * Rollout leaves the app Healthy: Argo CD's bundled scripts do not count here).
 */
export function countsForAppHealth(group: string, kind: string, health: HealthStatus | null, live: K8sObject | null, hasUserCheck = false): boolean {
  if (live?.metadata.annotations?.['argocd.argoproj.io/ignore-healthcheck'] === 'true') return false
  return health !== 'Missing' || isCompiledCheck(group, kind) || hasUserCheck
}

/** Whether gitops-engine checks this kind in Go. */
export function isCompiledCheck(group: string, kind: string): boolean {
  return compiledChecks.has(`${group}/${kind}`)
}

/** An app's health: the worst of its resources' (Healthy when it has none with a rule). */
export function aggregateHealth(healths: (Health | null)[]): HealthStatus {
  let worst: HealthStatus = 'Healthy'
  for (const h of healths) if (h && isWorse(h.status, worst)) worst = h.status
  return worst
}
