import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'

type Container = { name: string; ports?: { name?: string; containerPort: number }[] }
type PodLike = K8sObject & { spec?: { containers?: Container[] }; status?: { phase?: string; conditions?: { type: string; status: string }[] } }
type ServiceLike = K8sObject & { spec?: { selector?: Record<string, string>; ports?: { name?: string; port: number; targetPort?: number | string }[] } }

const where = (obj: K8sObject) => `${obj.kind}/${obj.metadata.name ?? ''}`

/** A pod whose containers run: exec and port-forward reach only those. */
export function requireRunning(pod: K8sObject): void {
  const phase = (pod as PodLike).status?.phase ?? 'Unknown'
  if (phase !== 'Running') throw new UserError('Conflict', `pod ${pod.metadata.name} is ${phase}: no container of it runs`, where(pod))
}

/**
 * The container a shell opens in: the one asked for, else the pod's default container
 * (kubectl's `kubectl.kubernetes.io/default-container` annotation), else its first one.
 */
export function containerOf(pod: K8sObject, asked?: string): string {
  const names = ((pod as PodLike).spec?.containers ?? []).map((c) => c.name)
  if (asked) {
    if (!names.includes(asked)) throw new UserError('NotFound', `pod ${pod.metadata.name} has no container "${asked}" (it has: ${names.join(', ') || 'none'})`, where(pod))
    return asked
  }
  const preferred = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container']
  const chosen = preferred && names.includes(preferred) ? preferred : names[0]
  if (!chosen) throw new UserError('NotFound', `pod ${pod.metadata.name} has no containers`, where(pod))
  return chosen
}

/** A pod's port given as a number or as the name of one of its containers' ports. */
export function podPort(pod: K8sObject, port: number | string): number {
  if (typeof port === 'number') return port
  const found = ((pod as PodLike).spec?.containers ?? []).flatMap((c) => c.ports ?? []).find((p) => p.name === port)
  if (!found) throw new UserError('NotFound', `pod ${pod.metadata.name} has no port named "${port}"`, where(pod))
  return found.containerPort
}

const isReady = (pod: PodLike) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
const matches = (selector: Record<string, string>, pod: K8sObject) => Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v)

/**
 * Where a port-forward to a Service goes, as `kubectl port-forward svc/NAME` decides it: one of
 * the running pods its selector picks (ready ones first, then the oldest, then by name), and the
 * service port (by number or name) translated to that pod's target port (a number, or a named
 * container port).
 */
export function serviceBackend(service: K8sObject, pods: K8sObject[], port: number | string): { pod: K8sObject; port: number } {
  const spec = (service as ServiceLike).spec ?? {}
  const ports = spec.ports ?? []
  const servicePort = ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port))
  if (!servicePort) throw new UserError('NotFound', `Service ${service.metadata.name} has no port ${port} (it has: ${ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ') || 'none'})`, where(service))
  const selector = spec.selector ?? {}
  if (Object.keys(selector).length === 0) throw new UserError('NotFound', `Service ${service.metadata.name} has no selector: no pods back it`, where(service))
  const namespace = service.metadata.namespace
  const candidates = (pods as PodLike[])
    .filter((p) => p.metadata.namespace === namespace && !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && matches(selector, p))
    .sort((a, b) => Number(isReady(b)) - Number(isReady(a)) || String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
  const pod = candidates[0]
  if (!pod) throw new UserError('NotFound', `no running pod backs Service ${service.metadata.name} (selector ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',')})`, where(service))
  const target = servicePort.targetPort ?? servicePort.port
  return { pod, port: podPort(pod, typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : target) }
}
