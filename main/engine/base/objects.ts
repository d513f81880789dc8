/** A Kubernetes object as the engine handles it: plain data (rendered, live or predicted). */
export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown }
  [key: string]: unknown
}

/** The top-level fields of a v1 Secret (its schema has no others). */
export const secretFields: readonly string[] = ['apiVersion', 'kind', 'metadata', 'data', 'stringData', 'type', 'immutable']

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : ''
}

/** group/kind/namespace/name: how every resource is keyed. */
export function resourceKey(obj: K8sObject): string {
  return `${groupOf(obj.apiVersion)}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`
}

/** The parts of a resource key (one reader, shared with the renderer). */
export { parseResourceKey } from '../../../shared/resource-key'
