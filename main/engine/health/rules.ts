import { healthStatuses } from '../../../shared/statuses'
import type { K8sObject } from '../base/objects'
import { extraRules } from './extra-rules'
import type { Health } from './types'

// Built-in rules, as gitops-engine's pkg/health phrases them (compiled in Go there too).
// Pure functions over plain objects.

type Obj = K8sObject & { spec?: Record<string, any>; status?: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
type Condition = { type: string; status: string; reason?: string; message?: string }

const conditions = (obj: Obj): Condition[] => (obj.status?.conditions as Condition[] | undefined) ?? []
const condition = (obj: Obj, type: string) => conditions(obj).find((c) => c.type === type)
const num = (value: unknown) => (typeof value === 'number' ? value : 0)
const healthy = (message = ''): Health => ({ status: 'Healthy', message })
const progressing = (message: string): Health => ({ status: 'Progressing', message })
const degraded = (message: string): Health => ({ status: 'Degraded', message })
const generationObserved = (obj: Obj) => num(obj.metadata.generation) <= num(obj.status?.observedGeneration)

function deployment(obj: Obj): Health {
  const name = obj.metadata.name
  if (obj.spec?.paused) return { status: 'Suspended', message: 'Deployment is paused' }
  if (!generationObserved(obj)) return progressing('Waiting for rollout to finish: observed deployment generation less than desired generation')
  if (condition(obj, 'Progressing')?.reason === 'ProgressDeadlineExceeded') return degraded(`Deployment "${name}" exceeded its progress deadline`)
  const replicas = obj.spec?.replicas ?? 1
  const updated = num(obj.status?.updatedReplicas)
  if (updated < replicas) return progressing(`Waiting for rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`)
  if (num(obj.status?.replicas) > updated) return progressing(`Waiting for rollout to finish: ${num(obj.status?.replicas) - updated} old replicas are pending termination...`)
  if (num(obj.status?.availableReplicas) < updated) return progressing(`Waiting for rollout to finish: ${num(obj.status?.availableReplicas)} of ${updated} updated replicas are available...`)
  return healthy()
}

function statefulSet(obj: Obj): Health {
  if (num(obj.status?.observedGeneration) === 0 || !generationObserved(obj)) return progressing('Waiting for statefulset spec update to be observed...')
  const replicas = obj.spec?.replicas ?? 1
  const ready = num(obj.status?.readyReplicas)
  if (ready < replicas) return progressing(`Waiting for ${replicas - ready} pods to be ready...`)
  const strategy = obj.spec?.updateStrategy ?? {}
  if (strategy.type === 'OnDelete') return healthy(`statefulset has ${ready} ready pods`)
  const partition = strategy.rollingUpdate?.partition
  if (typeof partition === 'number' && partition > 0) {
    const expected = replicas - partition
    const updated = num(obj.status?.updatedReplicas)
    if (updated < expected) return progressing(`Waiting for partitioned roll out to finish: ${updated} out of ${expected} new pods have been updated...`)
    return healthy(`partitioned roll out complete: ${updated} new pods have been updated...`)
  }
  if (obj.status?.updateRevision !== obj.status?.currentRevision) {
    return progressing(`waiting for statefulset rolling update to complete ${num(obj.status?.updatedReplicas)} pods at revision ${obj.status?.updateRevision}...`)
  }
  return healthy(`statefulset rolling update complete ${num(obj.status?.currentReplicas)} pods at revision ${obj.status?.currentRevision}...`)
}

function daemonSet(obj: Obj): Health {
  const name = obj.metadata.name
  if (!generationObserved(obj)) return progressing('Waiting for daemon set spec update to be observed...')
  const desired = num(obj.status?.desiredNumberScheduled)
  const updated = num(obj.status?.updatedNumberScheduled)
  if (obj.spec?.updateStrategy?.type === 'OnDelete') return healthy(`daemon set ${updated} out of ${desired} new pods have been updated`)
  if (updated < desired) return progressing(`Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`)
  const available = num(obj.status?.numberAvailable)
  if (available < desired) return progressing(`Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`)
  return healthy()
}

function replicaSet(obj: Obj): Health {
  if (!generationObserved(obj)) return progressing('Waiting for rollout to finish: observed replica set generation less than desired generation')
  const failure = condition(obj, 'ReplicaFailure')
  if (failure?.status === 'True') return degraded(failure.message ?? 'ReplicaFailure')
  const replicas = obj.spec?.replicas ?? 1
  const available = num(obj.status?.availableReplicas)
  if (available < replicas) return progressing(`Waiting for rollout to finish: ${available} out of ${replicas} new replicas are available...`)
  return healthy()
}

const badWaitingReasons = new Set(['CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'CreateContainerConfigError', 'InvalidImageName', 'CreateContainerError', 'RunContainerError'])

function pod(obj: Obj): Health {
  const status = obj.status ?? {}
  const statuses: { name: string; ready?: boolean; state?: { waiting?: { reason?: string; message?: string }; terminated?: { exitCode?: number; reason?: string } } }[] = [
    ...(status.initContainerStatuses ?? []),
    ...(status.containerStatuses ?? []),
  ]
  for (const s of statuses) {
    const waiting = s.state?.waiting
    if (waiting?.reason && badWaitingReasons.has(waiting.reason)) return degraded(waiting.message ?? waiting.reason)
  }
  switch (status.phase) {
    case 'Pending':
      return progressing(status.message ?? '')
    case 'Succeeded':
      return healthy(status.message ?? '')
    case 'Failed':
      return degraded(status.message ?? `Pod failed${status.reason ? `: ${status.reason}` : ''}`)
    case 'Running': {
      if (obj.spec?.restartPolicy && obj.spec.restartPolicy !== 'Always') return progressing(status.message ?? '')
      return condition(obj, 'Ready')?.status === 'True' ? healthy(status.message ?? '') : progressing(status.message ?? '')
    }
    default:
      return { status: 'Unknown', message: status.message ?? '' }
  }
}

const hasIngress = (obj: Obj) => ((obj.status?.loadBalancer?.ingress as unknown[] | undefined) ?? []).length > 0

function service(obj: Obj): Health {
  if (obj.spec?.type === 'LoadBalancer' && !hasIngress(obj)) return progressing('')
  return healthy()
}

function ingress(obj: Obj): Health {
  return hasIngress(obj) ? healthy() : progressing('')
}

function pvc(obj: Obj): Health {
  switch (obj.status?.phase) {
    case 'Lost':
      return degraded('')
    case 'Pending':
      return progressing('')
    case 'Bound':
      return healthy()
    default:
      return { status: 'Unknown', message: '' }
  }
}

/** gitops-engine's Job rule: only the conditions count (a suspended Job has a Suspended condition). */
function job(obj: Obj): Health {
  let failed = false
  let complete = false
  let suspended = false
  let message = ''
  let failMessage = ''
  for (const c of conditions(obj)) {
    if (c.type === 'Failed') [failed, complete, failMessage] = [true, true, c.message ?? '']
    else if (c.type === 'Complete') [complete, message] = [true, c.message ?? '']
    else if (c.type === 'Suspended') [complete, message, suspended] = [true, c.message ?? '', suspended || c.status === 'True']
  }
  if (!complete) return progressing(message)
  if (failed) return degraded(failMessage)
  if (suspended) return { status: 'Suspended', message: failMessage }
  return healthy(message)
}

/** gitops-engine's HPA rule (autoscaling/v1 keeps its conditions in an annotation). */
function hpa(obj: Obj): Health {
  let all: Condition[] = conditions(obj)
  if (obj.apiVersion === 'autoscaling/v1') {
    const annotation = obj.metadata.annotations?.['autoscaling.alpha.kubernetes.io/conditions']
    if (!annotation) return progressing('Waiting to Autoscale')
    all = JSON.parse(annotation) as Condition[]
  }
  const degradedBy: [string, string][] = [['AbleToScale', 'FailedGetScale'], ['AbleToScale', 'FailedUpdateScale'], ['ScalingActive', 'FailedGetResourceMetric'], ['ScalingActive', 'InvalidSelector']]
  for (const c of all) {
    if (degradedBy.some(([type, reason]) => c.type === type && c.reason === reason)) return degraded(c.message ?? '')
    if ((c.type === 'AbleToScale' || c.type === 'ScalingLimited') && c.status === 'True') return healthy(c.message ?? '')
  }
  return progressing('Waiting to Autoscale')
}

function apiService(obj: Obj): Health {
  const available = condition(obj, 'Available')
  if (!available) return progressing('Waiting to be processed')
  const message = `${available.reason ?? ''}: ${available.message ?? ''}`
  return available.status === 'True' ? healthy(message) : progressing(message)
}

function application(obj: Obj): Health {
  const health = obj.status?.health as { status?: string; message?: string } | undefined
  if (!health?.status || !(healthStatuses as readonly string[]).includes(health.status)) return { status: 'Unknown', message: '' }
  return { status: health.status as Health['status'], message: health.message ?? '' }
}

/**
 * group/kind → rule: gitops-engine's compiled checks, a child Application's own verdict and four
 * kinds Argo CD has no script for (docs/deviations.md). The user's argocd-cm scripts and Argo CD's
 * bundled scripts come first (custom-health.ts).
 */
export const builtinRules: Record<string, (obj: Obj) => Health> = {
  'apps/Deployment': deployment,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'apps/ReplicaSet': replicaSet,
  '/Pod': pod,
  '/Service': service,
  'networking.k8s.io/Ingress': ingress,
  '/PersistentVolumeClaim': pvc,
  'batch/Job': job,
  'autoscaling/HorizontalPodAutoscaler': hpa,
  'apiregistration.k8s.io/APIService': apiService,
  'argoproj.io/Application': application,
  ...extraRules,
}
