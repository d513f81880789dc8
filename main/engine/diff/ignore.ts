import { globMatch } from '../apps/project'
import { applyMergePatch, createMergePatch } from '../base/merge-patch'
import { UserError } from '../base/errors'
import { groupOf, type K8sObject } from '../base/objects'

export interface IgnoreRule {
  group?: string
  kind: string
  name?: string
  namespace?: string
  jsonPointers?: string[]
  jqPathExpressions?: string[]
  managedFieldsManagers?: string[]
}

/** Argo CD matching: group and kind are globs, name and namespace exact. */
export function ruleMatches(rule: IgnoreRule, obj: K8sObject): boolean {
  return (
    globMatch(groupOf(obj.apiVersion) || '_', rule.group ? rule.group : '_') &&
    globMatch(obj.kind, rule.kind) &&
    (!rule.name || rule.name === obj.metadata.name) &&
    (!rule.namespace || rule.namespace === obj.metadata.namespace)
  )
}

/** Removes what the rules say to ignore, from a copy; both sides of a diff go through it. */
export async function applyIgnoreRules(obj: K8sObject, rules: IgnoreRule[], managedFieldsFrom?: K8sObject | null): Promise<K8sObject> {
  let result = structuredClone(obj)
  for (const rule of rules) {
    if (!ruleMatches(rule, obj)) continue
    for (const pointer of rule.jsonPointers ?? []) removePointer(result, pointer)
    for (const expression of rule.jqPathExpressions ?? []) {
      // Loaded with the first jq rule: its WebAssembly costs about 10 MB of memory that apps without one never need.
      const { default: jq } = await import('jq-wasm')
      try {
        result = (await jq.json(result, `del(${expression})`)) as K8sObject
      } catch (error) {
        throw new UserError('Invalid', `ignoreDifferences jqPathExpression ${JSON.stringify(expression)} is not valid jq: ${(error as Error).message.split('\n')[0]}`, 'spec.ignoreDifferences')
      }
    }
    if (rule.managedFieldsManagers?.length && managedFieldsFrom) {
      for (const path of fieldsOwnedBy(managedFieldsFrom, rule.managedFieldsManagers)) removePath(result, path)
    }
  }
  return result
}

/**
 * RespectIgnoreDifferences=true, as Argo CD patches its targets: the fields the rules ignore take
 * their live values (or stay absent when the live object has none), so a sync leaves them be.
 */
export async function withIgnoredFieldsFromLive(target: K8sObject, live: K8sObject | null, rules: IgnoreRule[]): Promise<K8sObject> {
  if (!live || !rules.some((r) => ruleMatches(r, target))) return target
  const [normalizedTarget, normalizedLive] = await Promise.all([applyIgnoreRules(target, rules, live), applyIgnoreRules(live, rules, live)])
  return applyMergePatch(normalizedTarget, createMergePatch(normalizedLive, live)) as K8sObject
}

/** RFC 6901 pointer removal; a pointer to nothing is fine (the field may be absent on one side). */
export function removePointer(obj: unknown, pointer: string): void {
  if (!pointer.startsWith('/')) throw new UserError('Invalid', `ignoreDifferences jsonPointer ${JSON.stringify(pointer)} must start with /`, 'spec.ignoreDifferences')
  const steps = pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  removePath(obj, steps)
}

type PathStep = string | { match: Record<string, unknown> } | { value: unknown }

function removePath(obj: unknown, steps: PathStep[]): void {
  let current: unknown = obj
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!
    const last = i === steps.length - 1
    if (Array.isArray(current)) {
      const index = typeof step === 'string' ? Number(step) : current.findIndex((item) => ('match' in step ? Object.entries(step.match).every(([k, v]) => JSON.stringify((item as Record<string, unknown>)?.[k]) === JSON.stringify(v)) : JSON.stringify(item) === JSON.stringify(step.value)))
      if (!(index >= 0 && index < current.length)) return
      if (last) return void current.splice(index, 1)
      current = current[index]
    } else if (current && typeof current === 'object' && typeof step === 'string') {
      if (last) return void delete (current as Record<string, unknown>)[step]
      current = (current as Record<string, unknown>)[step]
    } else return
  }
}

/** The leaf paths (fieldsV1) that the given managers own in an object's managedFields. */
export function fieldsOwnedBy(obj: K8sObject, managers: string[]): PathStep[][] {
  const entries = (obj.metadata.managedFields as { manager?: string; fieldsV1?: Record<string, unknown> }[] | undefined) ?? []
  const paths: PathStep[][] = []
  const walk = (fields: Record<string, unknown>, prefix: PathStep[]) => {
    for (const [key, value] of Object.entries(fields)) {
      if (key === '.') continue
      const step: PathStep = key.startsWith('f:') ? key.slice(2) : key.startsWith('k:') ? { match: JSON.parse(key.slice(2)) as Record<string, unknown> } : key.startsWith('v:') ? { value: JSON.parse(key.slice(2)) } : key
      const child = value as Record<string, unknown>
      const hasChildren = Object.keys(child).some((k) => k !== '.')
      if (hasChildren) walk(child, [...prefix, step])
      else paths.push([...prefix, step])
    }
  }
  for (const entry of entries) if (entry.manager && managers.includes(entry.manager) && entry.fieldsV1) walk(entry.fieldsV1, [])
  return paths
}
