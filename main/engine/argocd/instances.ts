import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { argoApiVersion } from './installation'

/** What discovery needs of a cluster: lists, with a field selector for argocd-cm. */
export interface InstanceLister {
  list(apiVersion: string, kind: string, namespace?: string, selectors?: { fieldSelector?: string }): Promise<{ items: K8sObject[] }>
}

/** One namespace of a context that holds an Argo CD, and whether its Applications can be read. */
export interface FoundInstance {
  namespace: string
  from: 'discovered' | 'settings'
  /** Why the Applications cannot be listed there (forbidden, unreachable); null when they can. */
  problem: string | null
}

/**
 * The Argo CD installations of one context, as `argocd --core` finds its own: namespaces that
 * hold an `argocd-cm` ConfigMap (one cluster-wide list by name; a user who may not list
 * ConfigMaps cluster-wide finds none this way) where the Application kind is served, plus the
 * namespaces Settings names for this context. Each says whether its Applications can be listed.
 */
export async function findInstances(client: InstanceLister, configured: readonly string[]): Promise<FoundInstance[]> {
  let discovered: string[] = []
  try {
    const cms = await client.list('v1', 'ConfigMap', undefined, { fieldSelector: 'metadata.name=argocd-cm' })
    discovered = [...new Set(cms.items.filter((cm) => cm.metadata.name === 'argocd-cm').map((cm) => cm.metadata.namespace ?? ''))].filter(Boolean)
  } catch (error) {
    if (!(error instanceof UserError && error.code === 'Forbidden')) throw error
  }
  const namespaces = new Map<string, FoundInstance['from']>(discovered.map((ns) => [ns, 'discovered']))
  for (const ns of configured) if (!namespaces.has(ns)) namespaces.set(ns, 'settings')
  const found = await Promise.all(
    [...namespaces].map(async ([namespace, from]): Promise<FoundInstance | null> => {
      try {
        await client.list(argoApiVersion, 'Application', namespace)
        return { namespace, from, problem: null }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        // An argocd-cm without the Application kind served is not an Argo CD this desk can read.
        if (from === 'discovered' && error instanceof UserError && error.code === 'NotFound') return null
        return { namespace, from, problem: error instanceof UserError && error.code === 'Forbidden' ? forbiddenText(message, 'list', namespace) : message }
      }
    }),
  )
  return found.filter((f): f is FoundInstance => f !== null).sort((a, b) => a.namespace.localeCompare(b.namespace))
}

/**
 * A refusal as the user reads it: "forbidden: USER cannot VERB applications in NAMESPACE", the
 * user and verb as the API server named them (the kubeconfig's user name when it did not).
 */
export function forbiddenText(apiMessage: string, verb: string, namespace: string, kubeconfigUser?: string): string {
  const said = /User "([^"]*)" cannot (\w+) resource/.exec(apiMessage)
  return `forbidden: ${said?.[1] ?? kubeconfigUser ?? 'this user'} cannot ${said?.[2] ?? verb} applications in ${namespace}`
}
