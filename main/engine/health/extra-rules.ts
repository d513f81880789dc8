import type { K8sObject } from '../base/objects'
import type { Health } from './types'

// Health for four kinds that Argo CD v3.2.11 bundles no check for, beside a sibling kind it does
// check (docs/deviations.md, health:certificaterequest-*, scaledjob-*, alertmanager-*,
// nodeclaim-*): each is judged as Argo CD's script judges the sibling. Every other custom kind's
// health comes from Argo CD's own scripts (customizations/bundled-scripts.ts).

type Obj = K8sObject & { status?: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
type Condition = { type: string; status: string; reason?: string; message?: string }

const conditionsOf = (value: unknown): Condition[] => (Array.isArray(value) ? (value as Condition[]) : [])
const health = (status: Health['status'], message = ''): Health => ({ status, message })

/** Karpenter NodeClaim, as Argo CD's NodePool: the first Ready condition that is True or False decides. */
function nodeClaim(obj: Obj): Health {
  for (const c of conditionsOf(obj.status?.conditions)) {
    if (c.type === 'Ready' && c.status === 'False') return health('Degraded', c.message ?? '')
    if (c.type === 'Ready' && c.status === 'True') return health('Healthy', c.message ?? '')
  }
  return health('Progressing', 'Waiting for NodeClaim to be ready')
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

/** KEDA ScaledJob, as Argo CD's ScaledObject: Ready, Paused (Suspended), Fallback (Degraded). */
function scaledJob(obj: Obj): Health {
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
  return health('Progressing', 'Waiting for ScaledJob to be ready')
}

/** Prometheus Operator Alertmanager, as Argo CD's Prometheus: the Available condition; SomePodsNotReady is progress. */
function alertmanager(obj: Obj): Health {
  let result = health('Progressing', 'Waiting for initialization')
  for (const c of conditionsOf(obj.status?.conditions)) {
    if (c.type !== 'Available') continue
    if (c.status === 'True') result = health('Healthy', 'All instances are available')
    else result = health(c.reason === 'SomePodsNotReady' ? 'Progressing' : 'Degraded', c.message || c.reason || '')
  }
  return result
}

export const extraRules: Record<string, (obj: Obj) => Health> = {
  'karpenter.sh/NodeClaim': nodeClaim,
  'cert-manager.io/CertificateRequest': certificateRequest,
  'keda.sh/ScaledJob': scaledJob,
  'monitoring.coreos.com/Alertmanager': alertmanager,
}
