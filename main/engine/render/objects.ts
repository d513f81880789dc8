import { UserError } from '../errors'
import { parseYamlDocuments } from '../yaml-docs'

/** A Kubernetes object as rendered: plain data. */
export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown }
  [key: string]: unknown
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : ''
}

/** group/kind/namespace/name: how every resource is keyed. */
export function resourceKey(obj: K8sObject): string {
  return `${groupOf(obj.apiVersion)}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`
}

/**
 * Reads Kubernetes objects from a YAML/JSON stream (a file, or a tool's output); `List` objects
 * are expanded. Problems name `source:line`.
 */
export function objectsFromYaml(text: string, source: string): K8sObject[] {
  const { docs, problems } = parseYamlDocuments(text)
  if (problems.length > 0) throw new UserError('Invalid', `invalid YAML: ${problems[0]!.message}`, `${source}:${problems[0]!.line}`)
  const objects: K8sObject[] = []
  for (const doc of docs) {
    const value = doc.value as Partial<K8sObject>
    const items = value && value.kind === 'List' && Array.isArray(value.items) ? (value.items as Partial<K8sObject>[]) : [value]
    for (const item of items) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new UserError('Invalid', 'expected a Kubernetes object (a map with apiVersion and kind)', `${source}:${doc.line}`)
      }
      if (typeof item.apiVersion !== 'string' || typeof item.kind !== 'string') {
        throw new UserError('Invalid', 'object has no apiVersion or kind', `${source}:${doc.line}`)
      }
      if (typeof item.metadata?.name !== 'string' && typeof item.metadata?.generateName !== 'string') {
        throw new UserError('Invalid', `${item.kind} has no metadata.name`, `${source}:${doc.line}`)
      }
      objects.push(item as K8sObject)
    }
  }
  return objects
}
