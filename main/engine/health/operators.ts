import type { K8sObject } from '../base/objects'
import { platformRules } from './platform-operators'
import type { Health } from './types'

// Health of the custom resources operators define (Argo Rollouts, cert-manager, external-secrets,
// sealed-secrets, Flux, KEDA, the Gateway API) and of PodDisruptionBudgets and CRDs, from each project's documented status fields, in the words Argo CD's
// bundled checks use (the conformance suite compares every fixture with Argo CD itself).

type Obj = K8sObject & { spec?: Record<string, any>; status?: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
type Condition = { type: string; status: string; reason?: string; message?: string }

const condition = (obj: Obj, type: string): Condition | undefined => ((obj.status?.conditions as Condition[] | undefined) ?? []).find((c) => c.type === type)
const health = (status: Health['status'], message = ''): Health => ({ status, message })

/** Argo Rollouts: the controller's own phase, once it has seen the current spec. */
function rollout(obj: Obj): Health {
  const observed = Number(obj.status?.observedGeneration ?? 0)
  if (obj.metadata.generation !== undefined && observed < Number(obj.metadata.generation)) return health('Progressing', 'Waiting for rollout spec update to be observed')
  const message = String(obj.status?.message ?? '')
  switch (obj.status?.phase) {
    case 'Paused':
      return health('Suspended', message)
    case 'Degraded':
      return health('Degraded', message)
    case 'Progressing':
      return health('Progressing', message)
    case 'Healthy':
      return health('Healthy')
  }
  // Controllers before phases existed: judge by the replica counts.
  const replicas = Number(obj.spec?.replicas ?? 1)
  if (Number(obj.status?.updatedReplicas ?? 0) < replicas) return health('Progressing', 'Waiting for roll out to finish: More replicas need to be updated')
  if (Number(obj.status?.availableReplicas ?? 0) < replicas) return health('Progressing', 'Waiting for roll out to finish: updated replicas are still becoming available')
  return health('Healthy')
}

/** Argo Rollouts AnalysisRun: its phase, with the run's message where it has one. */
function analysisRun(obj: Obj): Health {
  if (!obj.status) return health('Progressing', 'Waiting for analysis run to finish: status has not been reconciled.')
  const message = (fallback: string) => (obj.status?.message !== undefined ? String(obj.status.message) : fallback)
  switch (obj.status.phase) {
    case 'Pending':
    case 'Running':
      return health('Progressing', 'Analysis run is running')
    case 'Successful':
      return health('Healthy', message('Analysis run completed successfully'))
    case 'Failed':
      return health('Degraded', message('Analysis run failed'))
    case 'Error':
      return health('Degraded', message('Analysis run had an error'))
    case 'Inconclusive':
      return health('Unknown', message('Analysis run was inconclusive'))
  }
  return health('Unknown', `unknown phase ${JSON.stringify(obj.status.phase ?? null)}`)
}

// Argo Rollouts Experiment phases, in Argo CD's words.
const experimentPhases: Record<string, Health> = {
  Pending: health('Progressing', 'Experiment is pending'),
  Running: health('Progressing', 'Experiment is running'),
  Successful: health('Healthy', 'Experiment is successful'),
  Failed: health('Degraded', 'Experiment has failed'),
  Error: health('Degraded', 'Experiment had an error'),
}

function experiment(obj: Obj): Health {
  if (!obj.status) return health('Progressing', 'Waiting for experiment to finish: status has not been reconciled.')
  return experimentPhases[String(obj.status.phase)] ?? health('Unknown', `unknown phase ${JSON.stringify(obj.status.phase ?? null)}`)
}

/** Argo CD ApplicationSet: an error, resources not up to date, a progressive sync underway, then up to date. */
function applicationSet(obj: Obj): Health {
  const conditions = ((obj.status?.conditions as Condition[] | undefined) ?? [])
  const first = (type: string, status: string) => conditions.find((c) => c.type === type && c.status === status)
  const verdict: [string, string, Health['status']][] = [['ErrorOccurred', 'True', 'Degraded'], ['ResourcesUpToDate', 'False', 'Degraded'], ['RolloutProgressing', 'True', 'Progressing'], ['ResourcesUpToDate', 'True', 'Healthy']]
  for (const [type, status, result] of verdict) {
    const found = first(type, status)
    if (found) return health(result, found.message ?? '')
  }
  return health('Progressing', 'Waiting for the status to be reported')
}

/** cert-manager Certificate: its Ready condition, Issuing while a new one is requested. */
function certificate(obj: Obj): Health {
  const issuing = condition(obj, 'Issuing')
  if (issuing?.status === 'True') return health('Progressing', issuing.message ?? '')
  return byReady(obj, 'Waiting for certificate')
}

/** A Ready condition's verdict with its message; Progressing with `waiting` until there is one. */
function byReady(obj: Obj, waiting: string): Health {
  const ready = condition(obj, 'Ready')
  if (!ready) return health('Progressing', waiting)
  return health(ready.status === 'True' ? 'Healthy' : 'Degraded', ready.message ?? '')
}

/** sealed-secrets SealedSecret: Synced once the controller decrypted it. */
function sealedSecret(obj: Obj): Health {
  const synced = condition(obj, 'Synced')
  if (!synced) return health('Progressing', 'Waiting for Sealed Secret to be decrypted')
  return synced.status === 'True' ? health('Healthy') : health('Degraded', synced.message ?? '')
}

/** Flux objects (kstatus): suspended, reconciling, then Ready; the message is the condition's reason. */
function flux(obj: Obj): Health {
  if (obj.spec?.suspend === true) return health('Suspended', `${obj.kind} is suspended`)
  const reconciling = condition(obj, 'Reconciling')
  if (reconciling?.status === 'True') return health('Progressing', reconciling.reason ?? '')
  const ready = condition(obj, 'Ready')
  if (ready?.status === 'True') return health('Healthy', ready.reason ?? '')
  if (ready?.status === 'False') return health('Degraded', ready.reason ?? '')
  return health('Progressing', 'Status unknown')
}

/** PodDisruptionBudget: healthy once the controller reports, whatever it says (as Argo CD). */
function podDisruptionBudget(obj: Obj): Health {
  const allowed = condition(obj, 'DisruptionAllowed')
  return allowed ? health('Healthy', `PodDisruptionBudget has ${allowed.reason ?? ''}`) : health('Progressing', 'Waiting for status')
}

/** CustomResourceDefinition: its names accepted and established. */
function customResourceDefinition(obj: Obj): Health {
  const names = condition(obj, 'NamesAccepted')
  if (names?.status === 'False') return health('Degraded', `CRD names have not been accepted: ${names.message ?? ''}`)
  if (condition(obj, 'Established')?.status === 'True') return health('Healthy', 'CRD is healthy')
  return health('Progressing', 'CRD is not established yet')
}

/** Gateway API Gateway: programmed by its implementation. */
function gateway(obj: Obj): Health {
  const programmed = condition(obj, 'Programmed')
  if (!programmed) return health('Progressing', 'Waiting for Gateway status')
  return programmed.status === 'True' ? health('Healthy', 'Gateway is healthy') : health('Progressing', programmed.message ?? '')
}

export const operatorRules: Record<string, (obj: Obj) => Health> = {
  ...platformRules,
  'policy/PodDisruptionBudget': podDisruptionBudget,
  'apiextensions.k8s.io/CustomResourceDefinition': customResourceDefinition,
  'gateway.networking.k8s.io/Gateway': gateway,
  'argoproj.io/Rollout': rollout,
  'argoproj.io/AnalysisRun': analysisRun,
  'argoproj.io/Experiment': experiment,
  'argoproj.io/ApplicationSet': applicationSet,
  'cert-manager.io/Certificate': certificate,
  'bitnami.com/SealedSecret': sealedSecret,
  'kustomize.toolkit.fluxcd.io/Kustomization': flux,
  'helm.toolkit.fluxcd.io/HelmRelease': flux,
  'source.toolkit.fluxcd.io/GitRepository': flux,
  'source.toolkit.fluxcd.io/HelmRepository': flux,
  'source.toolkit.fluxcd.io/OCIRepository': flux,
}
