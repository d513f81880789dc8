import type { TreeNode } from '../../../shared/model'
import type { K8sObject } from '../base/objects'

type Info = Pick<TreeNode, 'labels' | 'pod' | 'service' | 'ingress'>

const record = (v: unknown): Record<string, string> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : undefined)
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [])
/** A load balancer's addresses (status.loadBalancer.ingress: ip or hostname). */
const balancerAddresses = (status: unknown): string[] =>
  list((status as { loadBalancer?: { ingress?: unknown } } | undefined)?.loadBalancer?.ingress)
    .map((i) => (typeof i.hostname === 'string' ? i.hostname : typeof i.ip === 'string' ? i.ip : ''))
    .filter(Boolean)

/**
 * What the Pod and Network views need of a live object (Argo CD's node info and networkingInfo):
 * a pod's node, phase, container readiness and labels; a Service's type, selector and external
 * addresses; an Ingress's backend Services and hosts. Read from the object only, never fetched.
 */
export function nodeInfo(obj: K8sObject): Info {
  const spec = (obj.spec ?? {}) as Record<string, unknown>
  const status = (obj.status ?? {}) as Record<string, unknown>
  if (obj.kind === 'Pod' && obj.apiVersion === 'v1') {
    const statuses = list(status.containerStatuses)
    const labels = record(obj.metadata.labels)
    return {
      ...(labels && Object.keys(labels).length ? { labels } : {}),
      pod: {
        ...(typeof spec.nodeName === 'string' && spec.nodeName ? { node: spec.nodeName } : {}),
        phase: typeof status.phase === 'string' ? status.phase : 'Unknown',
        ready: statuses.filter((c) => c.ready === true).length,
        containers: Math.max(list(spec.containers).length, statuses.length),
      },
    }
  }
  if (obj.kind === 'Service' && obj.apiVersion === 'v1') {
    const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP'
    const selector = record(spec.selector)
    const ports = list(spec.ports)
    const external = [
      ...balancerAddresses(status),
      ...(Array.isArray(spec.externalIPs) ? spec.externalIPs.filter((ip): ip is string => typeof ip === 'string') : []),
      ...(type === 'NodePort' || type === 'LoadBalancer' ? ports.filter((p) => typeof p.nodePort === 'number').map((p) => `NodePort ${String(p.nodePort)}`) : []),
    ]
    return { service: { type, ...(selector && Object.keys(selector).length ? { selector } : {}), external } }
  }
  if (obj.kind === 'Ingress' && obj.apiVersion.startsWith('networking.k8s.io/')) {
    const services = new Set<string>()
    const backend = (b: unknown) => {
      const name = (b as { service?: { name?: unknown } } | undefined)?.service?.name
      if (typeof name === 'string') services.add(name)
    }
    backend(spec.defaultBackend)
    const hosts: string[] = []
    for (const rule of list(spec.rules)) {
      if (typeof rule.host === 'string') hosts.push(rule.host)
      for (const path of list((rule.http as { paths?: unknown } | undefined)?.paths)) backend(path.backend)
    }
    return { ingress: { services: [...services].sort(), hosts, external: balancerAddresses(status) } }
  }
  return {}
}
