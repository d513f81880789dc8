import type { K8sObject } from '../base/objects'
import type { Health } from './types'

// Health of the platform operators' kinds (cert-manager issuers and requests, external-secrets
// stores, Gateway API routes, Prometheus Operator, CloudNativePG, Karpenter, KEDA ScaledJob,
// Crossplane), from each project's documented status, in the words of Argo CD's bundled checks
// where it has one (the conformance suite compares every fixture with Argo CD itself;
// docs/deviations.md lists the kinds Argo CD has no check for).

type Obj = K8sObject & { spec?: Record<string, any>; status?: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
type Condition = { type: string; status: string; reason?: string; message?: string; observedGeneration?: number }

const conditionsOf = (value: unknown): Condition[] => (Array.isArray(value) ? (value as Condition[]) : [])
const health = (status: Health['status'], message = ''): Health => ({ status, message })

/**
 * The first Ready condition that is True or False decides, with its message; until there is
 * one, Progressing with `waiting` (a Ready of status Unknown waits too).
 */
export const byReadyCondition = (waiting: string) => (obj: Obj): Health => {
  for (const c of conditionsOf(obj.status?.conditions)) {
    if (c.type === 'Ready' && c.status === 'False') return health('Degraded', c.message ?? '')
    if (c.type === 'Ready' && c.status === 'True') return health('Healthy', c.message ?? '')
  }
  return health('Progressing', waiting)
}

/** cert-manager CertificateRequest: denied or invalid is final, Ready says issued, Failed is Degraded. */
function certificateRequest(obj: Obj): Health {
  const conditions = conditionsOf(obj.status?.conditions)
  const found = (type: string) => conditions.find((c) => c.type === type)
  for (const type of ['Denied', 'InvalidRequest']) if (found(type)?.status === 'True') return health('Degraded', found(type)?.message ?? '')
  const ready = found('Ready')
  if (ready?.status === 'True') return health('Healthy', ready.message ?? '')
  if (ready?.status === 'False' && ready.reason === 'Failed') return health('Degraded', ready.message ?? '')
  return health('Progressing', ready?.message || 'Waiting for the certificate to be issued')
}

/** KEDA: Ready, Paused (Suspended), Fallback (Degraded), as Argo CD's ScaledObject check. */
export const kedaScaler = (waiting: string) => (obj: Obj): Health => {
  let message: string | undefined
  let healthy = false
  let degraded = false
  let suspended = false
  for (const c of conditionsOf(obj.status?.conditions)) {
    // The last matching condition's message is the one shown, as in Argo CD's loop.
    const on = c.status === 'True'
    if (c.type === 'Ready') [healthy, degraded] = [healthy || on, degraded || c.status === 'False']
    else if (c.type === 'Paused' && on) suspended = true
    else if (c.type === 'Fallback' && on) degraded = true
    else continue
    if (c.type === 'Ready' ? c.status === 'True' || c.status === 'False' : on) message = c.message
  }
  if (degraded) return health('Degraded', message ?? '')
  if (healthy) return health(suspended ? 'Suspended' : 'Healthy', message ?? '')
  return health('Progressing', waiting)
}

/** Gateway API routes: each parent's ResolvedRefs and Accepted, then Programmed; HTTPRoute skips stale parents. */
const route = (kind: 'HTTPRoute' | 'GRPCRoute') => (obj: Obj): Health => {
  const parents: { parentRef?: { name?: string }; conditions?: Condition[] }[] = Array.isArray(obj.status?.parents) ? obj.status.parents : []
  const generation = obj.metadata.generation
  const observed = (parent: { conditions?: Condition[] }) => {
    if (kind === 'GRPCRoute' || generation === undefined) return true
    const conditions = conditionsOf(parent.conditions)
    return conditions.length > 0 && conditions.every((c) => c.observedGeneration === undefined || c.observedGeneration === generation)
  }
  for (const parent of parents) {
    if (!parent.conditions || !observed(parent)) continue
    const name = parent.parentRef?.name ?? ''
    for (const type of ['ResolvedRefs', 'Accepted']) {
      const failed = conditionsOf(parent.conditions).find((c) => c.type === type && c.status === 'False')
      if (failed) return health('Degraded', `Parent ${name}: ${failed.message || `Failed condition: ${type}`}`)
    }
    const programming = conditionsOf(parent.conditions).find((c) => c.type === 'Programmed' && c.status !== 'True')
    if (programming) return health('Progressing', `Parent ${name}: ${programming.message || 'Route is still being programmed'}`)
  }
  if (parents.some((p) => conditionsOf(p.conditions).length > 0 && observed(p))) return health('Healthy', `${kind} is healthy`)
  return health('Progressing', `Waiting for ${kind} status`)
}

/** Prometheus Operator (Prometheus, Alertmanager): the Available condition; SomePodsNotReady is progress. */
function prometheusOperator(obj: Obj): Health {
  let result = health('Progressing', 'Waiting for initialization')
  for (const c of conditionsOf(obj.status?.conditions)) {
    if (c.type !== 'Available') continue
    if (c.status === 'True') result = health('Healthy', 'All instances are available')
    else result = health(c.reason === 'SomePodsNotReady' ? 'Progressing' : 'Degraded', c.message || c.reason || '')
  }
  return result
}

// CloudNativePG's phases, as Argo CD's check maps them.
const cnpgPhases: Record<string, Health['status']> = {
  'Cluster in healthy state': 'Healthy',
  'Setting up primary': 'Progressing',
  'Creating a new replica': 'Progressing',
  'Upgrading cluster': 'Progressing',
  'Waiting for the instances to become active': 'Progressing',
  'Promoting to primary cluster': 'Progressing',
  'Switchover in progress': 'Degraded',
  'Failing over': 'Degraded',
  'Upgrading Postgres major version': 'Degraded',
  'Cluster upgrade delayed': 'Degraded',
  'Waiting for user action': 'Degraded',
  'Primary instance is being restarted in-place': 'Degraded',
  'Primary instance is being restarted without a switchover': 'Degraded',
  'Cluster cannot execute instance online upgrade due to missing architecture binary': 'Degraded',
  'Online upgrade in progress': 'Degraded',
  'Applying configuration': 'Degraded',
  'Unable to create required cluster objects': 'Suspended',
  'Cluster cannot proceed to reconciliation due to an unknown plugin being required': 'Suspended',
  'Cluster has incomplete or invalid image catalog': 'Suspended',
  'Cluster is unrecoverable and needs manual intervention': 'Suspended',
}

/** CloudNativePG Cluster: hibernation first, then its phase (an unknown phase is Unknown). */
function cnpgCluster(obj: Obj): Health {
  const reason = String(obj.status?.phaseReason ?? '')
  if (!obj.status?.conditions) return health('Progressing', reason)
  const hibernation = conditionsOf(obj.status.conditions).find((c) => c.type === 'cnpg.io/hibernation')
  if (hibernation) return health(hibernation.status === 'True' ? 'Suspended' : 'Degraded', hibernation.message ?? '')
  return health(cnpgPhases[String(obj.status.phase)] ?? 'Unknown', reason)
}

// Crossplane kinds that never have a status (configuration, not resources).
const crossplaneNoStatus = new Set(['Composition', 'CompositionRevision', 'DeploymentRuntimeConfig', 'ClusterProviderConfig', 'ProviderConfig', 'ProviderConfigUsage', 'ControllerConfig'])
const upboundNoStatus = new Set(['ClusterProviderConfig', 'ProviderConfig', 'ProviderConfigUsage'])

/**
 * Crossplane managed resources, providers and packages (`*.crossplane.io`, `*.upbound.io`):
 * Synced or LastAsyncOperation False is Degraded, a ready-like condition is Healthy, otherwise
 * provisioning. As Argo CD's check, an object with no status at all counts as up to date.
 */
const crossplane = (noStatus: Set<string>, readyTypes: string[]) => (obj: Obj): Health => {
  const empty = !obj.status || Object.keys(obj.status).length === 0
  if (!obj.status || (empty && noStatus.has(obj.kind))) return health('Healthy', 'Resource is up-to-date.')
  if (empty || !obj.status.conditions) {
    if ((obj.kind === 'ProviderConfig' || obj.kind === 'ClusterProviderConfig') && obj.status.users !== undefined) return health('Healthy', 'Resource is in use.')
    return health('Progressing', 'Provisioning ...')
  }
  for (const c of conditionsOf(obj.status.conditions)) {
    if ((c.type === 'LastAsyncOperation' || c.type === 'Synced') && c.status === 'False') return health('Degraded', c.message ?? '')
    if (readyTypes.includes(c.type) && c.status === 'True') return health('Healthy', 'Resource is up-to-date.')
  }
  return health('Progressing', 'Provisioning ...')
}

/** Crossplane Provider: installed and healthy, by the conditions' reasons. */
function crossplaneProvider(obj: Obj): Health {
  const conditions = conditionsOf(obj.status?.conditions)
  if (!obj.status?.conditions) return health('Progressing', 'Waiting for provider to be installed')
  const installed = conditions.filter((c) => c.type === 'Installed').at(-1)
  const healthy = conditions.filter((c) => c.type === 'Healthy').at(-1)
  return health(installed?.status === 'True' && healthy?.status === 'True' ? 'Healthy' : 'Degraded', `${installed?.reason ?? ''} ${healthy?.reason ?? ''}`)
}

export const platformRules: Record<string, (obj: Obj) => Health> = {
  'pkg.crossplane.io/Provider': crossplaneProvider,
  'cert-manager.io/Issuer': byReadyCondition('Initializing issuer'),
  'cert-manager.io/ClusterIssuer': byReadyCondition('Initializing ClusterIssuer'),
  'cert-manager.io/CertificateRequest': certificateRequest,
  'external-secrets.io/ExternalSecret': byReadyCondition('Waiting for ExternalSecret'),
  'external-secrets.io/SecretStore': byReadyCondition('Waiting for SecretStore'),
  'external-secrets.io/ClusterSecretStore': byReadyCondition('Waiting for ClusterSecretStore'),
  'external-secrets.io/PushSecret': byReadyCondition('Waiting for PushSecret'),
  'keda.sh/ScaledObject': kedaScaler('Creating HorizontalPodAutoscaler Object'),
  'keda.sh/ScaledJob': kedaScaler('Waiting for ScaledJob to be ready'),
  'gateway.networking.k8s.io/HTTPRoute': route('HTTPRoute'),
  'gateway.networking.k8s.io/GRPCRoute': route('GRPCRoute'),
  'monitoring.coreos.com/Prometheus': prometheusOperator,
  'monitoring.coreos.com/Alertmanager': prometheusOperator,
  'postgresql.cnpg.io/Cluster': cnpgCluster,
  'karpenter.sh/NodePool': byReadyCondition('Waiting for NodePool to be ready'),
  'karpenter.sh/NodeClaim': byReadyCondition('Waiting for NodeClaim to be ready'),
}

/** Rules for whole API groups, by glob (Argo CD's `_.crossplane.io/_`). */
export const platformGroupRules: Record<string, (obj: Obj) => Health> = {
  '*.crossplane.io/*': crossplane(crossplaneNoStatus, ['Ready', 'Healthy', 'Offered', 'Established', 'ValidPipeline', 'RevisionHealthy']),
  '*.upbound.io/*': crossplane(upboundNoStatus, ['Ready']),
}
