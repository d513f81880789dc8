import type { K8sObject } from '../base/objects'
import type { KubeApi } from '../kube/kube-api'

/** The resources a local check stands in for (v1, core group). */
export type CheckedResource = 'configmaps' | 'secrets'
export const checkedResources: readonly CheckedResource[] = ['configmaps', 'secrets']

interface RuleLike {
  operations?: unknown
  apiGroups?: unknown
  apiVersions?: unknown
  resources?: unknown
}

const listOf = (value: unknown): unknown[] | null => (Array.isArray(value) ? value : null)
/** Whether a rule's list names one of these values or '*'; a missing or malformed list may match anything. */
const names = (value: unknown, ...wanted: string[]): boolean => {
  const list = listOf(value)
  return !list || list.some((v) => v === '*' || (typeof v === 'string' && wanted.includes(v)))
}

/**
 * Whether an admission rule (a webhook's rule, a policy's resource rule) may match the create or
 * server-side apply of this resource. Selectors and match conditions are not read: assumed to
 * match. A subresource rule (configmaps/status) counts too: stricter than the API server.
 */
export function ruleMayMatch(rule: RuleLike, resource: CheckedResource): boolean {
  if (!names(rule.operations, 'CREATE', 'UPDATE') || !names(rule.apiGroups, '') || !names(rule.apiVersions, 'v1')) return false
  const resources = listOf(rule.resources)
  return !resources || resources.some((r) => typeof r !== 'string' || r === '*' || r === '*/*' || r === resource || r.startsWith(`${resource}/`) || r.startsWith('*/'))
}

/** The resources some webhook of these Validating/MutatingWebhookConfigurations may see. */
export function webhookResources(configs: K8sObject[]): Set<CheckedResource> {
  const seen = new Set<CheckedResource>()
  for (const config of configs) {
    const webhooks = listOf(config.webhooks) ?? []
    for (const webhook of webhooks as { rules?: unknown }[]) {
      const rules = listOf(webhook?.rules)
      for (const resource of checkedResources) if (!rules || rules.some((rule) => ruleMayMatch((rule ?? {}) as RuleLike, resource))) seen.add(resource)
    }
  }
  return seen
}

/** The resources some of these Validating/MutatingAdmissionPolicies may see (no matchConstraints: all). */
export function policyResources(policies: K8sObject[]): Set<CheckedResource> {
  const seen = new Set<CheckedResource>()
  for (const policy of policies) {
    const constraints = (policy.spec as { matchConstraints?: { resourceRules?: unknown } } | undefined)?.matchConstraints
    const rules = constraints ? listOf(constraints.resourceRules) : null
    for (const resource of checkedResources) if (!rules || rules.some((rule) => ruleMayMatch((rule ?? {}) as RuleLike, resource))) seen.add(resource)
  }
  return seen
}

const group = 'admissionregistration.k8s.io'

/**
 * The resources whose writes an admission webhook or policy of the cluster may refuse or change:
 * Validating/MutatingWebhookConfigurations (v1), Validating and MutatingAdmissionPolicies
 * (each at the first version served of v1, v1beta1, v1alpha1); a kind not served
 * has none. A failed read throws: the caller then asks the server for everything.
 */
export async function admissionResources(client: KubeApi): Promise<Set<CheckedResource>> {
  const kinds: [string, string][] = [
    [`${group}/v1`, 'ValidatingWebhookConfiguration'],
    [`${group}/v1`, 'MutatingWebhookConfiguration'],
  ]
  // A policy kind at the first version served: an older cluster serves ValidatingAdmissionPolicy at v1beta1 or v1alpha1 only.
  const policyKinds: [string, string][] = []
  for (const kind of ['ValidatingAdmissionPolicy', 'MutatingAdmissionPolicy']) {
    for (const version of ['v1', 'v1beta1', 'v1alpha1']) {
      if (await client.resourceInfo(`${group}/${version}`, kind)) {
        policyKinds.push([`${group}/${version}`, kind])
        break
      }
    }
  }
  const served = async ([apiVersion, kind]: [string, string]) => ((await client.resourceInfo(apiVersion, kind)) ? (await client.list(apiVersion, kind)).items : [])
  const [webhooks, policies] = await Promise.all([Promise.all(kinds.map(served)), Promise.all(policyKinds.map(served))])
  return new Set([...webhookResources(webhooks.flat()), ...policyResources(policies.flat())])
}
