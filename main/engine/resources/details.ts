import YAML from 'yaml'
import type { HealthSource, KubeEvent, PodContainers, ResourceDetails, TreeNode } from '../../../shared/model'

export { logKinds } from '../../../shared/model'
import { maskSecrets } from '../diff/mask'
import type { K8sObject } from '../base/objects'

export interface DetailsInput {
  node: TreeNode
  context: string
  managed: boolean
  live: K8sObject | null
  target: K8sObject | null
  /** The pods it offers logs of (itself for a Pod). */
  pods: K8sObject[]
  /** Which check judged its health. */
  healthSource?: HealthSource | null
}

/** A resource as its panel shows it; Secret values are masked on both sides, as in diffs. */
export function resourceDetails(input: DetailsInput): ResourceDetails {
  const { node, live } = input
  const [maskedLive, maskedTarget] = maskSecrets(live, input.target)
  const metadata = live?.metadata ?? input.target?.metadata
  return {
    key: node.key,
    kind: node.kind,
    name: node.name,
    namespace: node.namespace,
    context: input.context,
    managed: input.managed,
    ...(node.status ? { status: node.status } : {}),
    health: node.health,
    ...(node.healthMessage ? { healthMessage: node.healthMessage } : {}),
    ...(node.health && input.healthSource ? { healthSource: input.healthSource } : {}),
    ...(live?.metadata.creationTimestamp ? { createdAt: String(live.metadata.creationTimestamp) } : {}),
    owners: ((live?.metadata.ownerReferences as { kind: string; name: string }[] | undefined) ?? []).map((o) => ({ kind: o.kind, name: o.name })),
    labels: (metadata?.labels as Record<string, string> | undefined) ?? {},
    annotations: withoutLastApplied((metadata?.annotations as Record<string, string> | undefined) ?? {}),
    live: maskedLive ? YAML.stringify(maskedLive, { lineWidth: 0 }) : null,
    desired: maskedTarget ? YAML.stringify(maskedTarget, { lineWidth: 0 }) : null,
    pods: input.pods.map(podContainers),
  }
}

/** kubectl's last-applied annotation repeats the whole object: the summary leaves it to the manifest. */
function withoutLastApplied(annotations: Record<string, string>): Record<string, string> {
  const { 'kubectl.kubernetes.io/last-applied-configuration': _skipped, ...rest } = annotations
  return rest
}

export function podContainers(pod: K8sObject): PodContainers {
  const spec = (pod as { spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] } }).spec
  const statuses = (pod as { status?: { containerStatuses?: { name: string; restartCount?: number }[]; initContainerStatuses?: { name: string; restartCount?: number }[] } }).status
  const restarts = Object.fromEntries([...(statuses?.containerStatuses ?? []), ...(statuses?.initContainerStatuses ?? [])].map((s) => [s.name, s.restartCount ?? 0]))
  return { pod: pod.metadata.name ?? '', containers: (spec?.containers ?? []).map((c) => c.name), initContainers: (spec?.initContainers ?? []).map((c) => c.name), restarts }
}

/** The objects under an owner (ReplicaSets, then Pods…), found through owner references. */
export function descendants(root: K8sObject, ownedBy: (uid: string) => K8sObject[], limit = 5000): K8sObject[] {
  const found: K8sObject[] = []
  const queue = [root]
  const seen = new Set<string>()
  while (queue.length && found.length < limit) {
    const uid = queue.shift()!.metadata.uid as string | undefined
    if (!uid || seen.has(uid)) continue
    seen.add(uid)
    for (const child of ownedBy(uid)) {
      found.push(child)
      queue.push(child)
    }
  }
  return found
}

export const isPod = (obj: K8sObject) => obj.apiVersion === 'v1' && obj.kind === 'Pod'

/** The Kubernetes Events about any of these objects (by uid), newest first. */
export function eventsAbout(events: K8sObject[], uids: Set<string>): KubeEvent[] {
  type CoreEvent = K8sObject & {
    involvedObject?: { uid?: string; kind?: string; name?: string }
    regarding?: { uid?: string; kind?: string; name?: string }
    type?: string
    reason?: string
    message?: string
    note?: string
    count?: number
    firstTimestamp?: string
    lastTimestamp?: string
    eventTime?: string
    series?: { count?: number; lastObservedTime?: string }
    source?: { component?: string; host?: string }
    reportingComponent?: string
  }
  return (events as CoreEvent[])
    .map((e) => ({ e, about: e.involvedObject ?? e.regarding }))
    .filter(({ about }) => !!about?.uid && uids.has(about.uid))
    .map(({ e, about }) => {
      const created = String(e.metadata.creationTimestamp ?? '')
      const firstSeen = e.firstTimestamp ?? e.eventTime ?? created
      const lastSeen = e.series?.lastObservedTime ?? e.lastTimestamp ?? firstSeen
      return {
        uid: String(e.metadata.uid ?? `${e.metadata.namespace}/${e.metadata.name}`),
        type: e.type ?? 'Normal',
        reason: e.reason ?? '',
        message: e.message ?? e.note ?? '',
        count: e.series?.count ?? e.count ?? 1,
        firstSeen,
        lastSeen,
        object: `${about!.kind ?? '?'}/${about!.name ?? '?'}`,
        source: e.source?.component ?? e.reportingComponent ?? '',
      }
    })
    .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen) || b.firstSeen.localeCompare(a.firstSeen))
}

