import { UserError } from '../base/errors'
import { parseYamlDocuments } from '../base/yaml-docs'
import type { K8sObject } from '../base/objects'

/**
 * What helm, kustomize or a plugin may print: Argo CD sets no limit of its own below its gRPC
 * message size, so a chart of thousands of objects renders; the tools' stdout is capped at the
 * same size (render/tools.ts, plugins). A file in the repository stays at the YAML limit.
 */
export const toolOutputMaxBytes = 64 * 1024 * 1024

/**
 * Reads Kubernetes objects from a YAML/JSON stream (a file, or a tool's output); lists are
 * expanded (listItems). Problems name `source:line`. `lenient` reads live objects as Argo CD's health
 * command does: a repeated key's last value wins, and an object may have no name.
 */
export function objectsFromYaml(text: string, source: string, { lenient = false, toolOutput = false } = {}): K8sObject[] {
  const tooLarge = (bytes: number) => `the output is ${(bytes / 1048576).toFixed(1)} MiB, larger than ${toolOutputMaxBytes / 1048576} MiB`
  const { docs, problems } = parseYamlDocuments(text, { uniqueKeys: !lenient, ...(toolOutput ? { maxBytes: toolOutputMaxBytes, tooLarge } : {}) })
  if (problems.length > 0) throw new UserError('Invalid', `invalid YAML: ${problems[0]!.message}`, `${source}:${problems[0]!.line}`)
  const objects: K8sObject[] = []
  for (const doc of docs) {
    for (const item of listItems(doc.value) as Partial<K8sObject>[]) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new UserError('Invalid', 'expected a Kubernetes object (a map with apiVersion and kind)', `${source}:${doc.line}`)
      }
      if (typeof item.apiVersion !== 'string' || typeof item.kind !== 'string') {
        throw new UserError('Invalid', 'object has no apiVersion or kind', `${source}:${doc.line}`)
      }
      if (!lenient && typeof item.metadata?.name !== 'string' && typeof item.metadata?.generateName !== 'string') {
        throw new UserError('Invalid', `${item.kind} has no metadata.name`, `${source}:${doc.line}`)
      }
      objects.push((lenient && !item.metadata ? { ...item, metadata: {} } : item) as K8sObject)
    }
  }
  return objects
}

/**
 * The objects one document stands for, as Argo CD's repo server reads every manifest (IsList,
 * isNullList): an object whose `items` is a list is its items, whatever its kind (List,
 * SecretList, ConfigMapList), one level deep; one whose `items` is null, with no spec or status,
 * is nothing. (A SecretList kept whole would carry Secrets past every check made by kind.)
 */
export function listItems(value: unknown): unknown[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [value]
  const fields = value as Record<string, unknown>
  if (Array.isArray(fields.items)) return fields.items
  if ('items' in fields && fields.items === null && !('spec' in fields) && !('status' in fields)) return []
  return [value]
}
