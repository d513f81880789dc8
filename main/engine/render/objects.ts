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
 * Reads Kubernetes objects from a YAML/JSON stream (a file, or a tool's output); `List` objects
 * are expanded. Problems name `source:line`. `lenient` reads live objects as Argo CD's health
 * command does: a repeated key's last value wins, and an object may have no name.
 */
export function objectsFromYaml(text: string, source: string, { lenient = false, toolOutput = false } = {}): K8sObject[] {
  const tooLarge = (bytes: number) => `the output is ${(bytes / 1048576).toFixed(1)} MiB, larger than ${toolOutputMaxBytes / 1048576} MiB`
  const { docs, problems } = parseYamlDocuments(text, { uniqueKeys: !lenient, ...(toolOutput ? { maxBytes: toolOutputMaxBytes, tooLarge } : {}) })
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
      if (!lenient && typeof item.metadata?.name !== 'string' && typeof item.metadata?.generateName !== 'string') {
        throw new UserError('Invalid', `${item.kind} has no metadata.name`, `${source}:${doc.line}`)
      }
      objects.push((lenient && !item.metadata ? { ...item, metadata: {} } : item) as K8sObject)
    }
  }
  return objects
}
