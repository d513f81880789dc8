import YAML from 'yaml'
import { z } from 'zod'
import { FilteredResource, IgnoreSpec, LuaActionSet, type ResourceCustomizations } from '../model/customizations-schema'
import { UserError } from '../base/errors'
import type { Settings } from '../../../shared/model'
import { trackingMethods, type CustomizationType, type TrackingMethod } from '../../../shared/statuses'
import { parseUserYaml } from '../base/yaml-docs'

/** What GitOps Desk takes from an argocd-cm, and what it does not read. */
export interface ArgoSettings {
  /** health.lua by `group/Kind` (globs kept as written). */
  healthScripts: Record<string, string>
  /** Kinds whose script may use string and math (useOpenLibs). */
  healthOpenLibs: string[]
  /** Diff rules and Lua actions by kind, exclusions and inclusions, ignoreAggregatedRoles (when set). */
  customizations: Partial<ResourceCustomizations>
  trackingMethod?: TrackingMethod
  kustomizeBuildOptions?: string
  /** timeout.reconciliation, in seconds. */
  reconcileIntervalSeconds?: number
  skipped: { key: string; reason: string }[]
}

// Keys that change what apps show and that GitOps Desk does not take, with why.
const notRead: [RegExp, string][] = [
  [/^application\.instanceLabelKey$/, 'GitOps Desk tracks with argocd.argoproj.io/tracking-id or app.kubernetes.io/instance'],
]
const knownTypeFieldsReason = 'not read: GitOps Desk compares server-side by default, where the API server normalizes the embedded types (it matters only for client-side diffs)'
const ignoreResourceUpdatesReason = 'not needed: GitOps Desk re-compares an app on each watched change (debounced), whatever the field'

/** Argo CD's override keys: `all` → `*\/*`, `group_Kind` → `group/Kind`, `Kind` → `/Kind` (core group). */
function overrideKey(key: string, where: string): string {
  if (key === 'all') return '*/*'
  const parts = key.split('_')
  if (parts.length === 2 && parts[0] && parts[1]) return `${parts[0]}/${parts[1]}`
  if (parts.length === 1 && key) return `/${key}`
  throw new UserError('Invalid', `${where}: the key should end in <group_kind> or <kind>, got "${key}"`, where)
}

const parseYaml = (text: string, where: string): unknown => parseUserYaml(text, where, { uniqueKeys: false })

const parseWith = <T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> => {
  const parsed = schema.safeParse(value ?? {})
  if (!parsed.success) throw new UserError('Invalid', `${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`, where)
  return parsed.data
}

/** A kind's `actions` value (YAML): discovery.lua, definitions with action.lua, mergeBuiltinActions. */
function actionSet(text: string, where: string): LuaActionSet {
  const raw = parseYaml(text, where) as { 'discovery.lua'?: unknown; definitions?: { name?: unknown; 'action.lua'?: unknown }[]; mergeBuiltinActions?: unknown } | null
  if (typeof raw?.['discovery.lua'] !== 'string') throw new UserError('Invalid', `${where}: no discovery.lua (Argo CD lists a kind's actions with it)`, where)
  return parseWith(LuaActionSet, { discovery: raw?.['discovery.lua'], definitions: (raw?.definitions ?? []).map((d) => ({ name: d?.name, script: d?.['action.lua'] })), mergeBuiltinActions: raw?.mergeBuiltinActions ?? false }, where)
}

/** Go's time.ParseDuration for what argocd-cm holds (`180s`, `3m`, `1h30m`), in seconds; null if not one. */
function goDurationSeconds(text: string): number | null {
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 }
  if (text.trim() === '0') return 0
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return null
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0)
}

/** Reads Argo CD settings from an argocd-cm ConfigMap's data. */
export function readArgoSettings(data: Record<string, string>, where: string): ArgoSettings {
  const settings: ArgoSettings = { healthScripts: {}, healthOpenLibs: [], customizations: {}, skipped: [] }
  const c = settings.customizations
  // One kind's customization of one type, from either form of argocd-cm.
  const take = (type: string, kind: string, value: unknown, at: string) => {
    if (type === 'health') settings.healthScripts[kind] = String(value)
    else if (type === 'useOpenLibs') {
      if (String(value).trim() === 'true') settings.healthOpenLibs.push(kind)
    } else if (type === 'ignoreDifferences') (c.ignoreDifferences ??= {})[kind] = parseWith(IgnoreSpec, typeof value === 'string' ? parseYaml(value, at) : value, at)
    else if (type === 'actions') (c.actions ??= {})[kind] = actionSet(String(value), at)
    else if (type === 'knownTypeFields') settings.skipped.push({ key: at, reason: knownTypeFieldsReason })
    else if (type === 'ignoreResourceUpdates') settings.skipped.push({ key: at, reason: ignoreResourceUpdatesReason })
    else throw new UserError('Invalid', `${at}: resource customization type "${type}" is not one Argo CD has`, at)
  }
  for (const [key, value] of Object.entries(data)) {
    const at = `${where} ${key}`
    const split = /^resource\.customizations\.([^.]+)\.(.+)$/.exec(key)
    if (split) take(split[1]!, overrideKey(split[2]!, at), value, at)
    else if (key === 'resource.customizations') {
      // The single-key form: YAML by `group/Kind`, each with health.lua, actions, ignoreDifferences…
      const parsed = (parseYaml(value, at) ?? {}) as Record<string, Record<string, unknown> | null>
      const fields: Record<string, string> = { 'health.lua': 'health', 'health.lua.useOpenLibs': 'useOpenLibs', actions: 'actions', ignoreDifferences: 'ignoreDifferences', ignoreResourceUpdates: 'ignoreResourceUpdates', knownTypeFields: 'knownTypeFields' }
      for (const [kind, custom] of Object.entries(parsed)) {
        const target = kind === 'all' ? '*/*' : kind.includes('/') ? kind : `/${kind}`
        for (const [field, fieldValue] of Object.entries(custom ?? {})) {
          if (fields[field]) take(fields[field], target, fieldValue, `${at} ${kind}.${field}`)
          else settings.skipped.push({ key: `resource.customizations ${kind}.${field}`, reason: 'not a field Argo CD reads' })
        }
      }
    } else if (key === 'resource.exclusions' || key === 'resource.inclusions') {
      const list = parseWith(z.array(FilteredResource), parseYaml(value, at) ?? [], at)
      c[key === 'resource.exclusions' ? 'exclusions' : 'inclusions'] = list
    } else if (key === 'resource.compareoptions') {
      const options = (parseYaml(value, at) ?? {}) as { ignoreAggregatedRoles?: unknown; ignoreResourceStatusField?: unknown }
      if (options.ignoreAggregatedRoles !== undefined) c.ignoreAggregatedRoles = options.ignoreAggregatedRoles === true
      const status = options.ignoreResourceStatusField
      if (status !== undefined && status !== 'all' && status !== '') settings.skipped.push({ key: `${key} ignoreResourceStatusField: ${String(status)}`, reason: 'GitOps Desk always ignores status in diffs (Argo CD\'s default, all)' })
    } else if (key === 'timeout.reconciliation') {
      const seconds = goDurationSeconds(value)
      if (seconds === null) throw new UserError('Invalid', `${at}: "${value}" is not a duration (180s, 3m)`, at)
      if (seconds < 10) settings.skipped.push({ key: `${key}: ${value}`, reason: 'GitOps Desk reconciles at least every 10 s and cannot turn it off (0)' })
      else settings.reconcileIntervalSeconds = Math.round(seconds)
    } else if (key === 'application.resourceTrackingMethod' && (trackingMethods as readonly string[]).includes(value)) settings.trackingMethod = value as TrackingMethod
    else if (key === 'kustomize.buildOptions') settings.kustomizeBuildOptions = value
    else {
      const rule = notRead.find(([pattern]) => pattern.test(key))
      if (rule) settings.skipped.push({ key, reason: rule[1] })
    }
  }
  return settings
}

/**
 * Settings with what an argocd-cm gave taken in: customizations by kind replace the stored ones
 * of those kinds (the others stay); exclusions and inclusions are replaced when given.
 */
export function withArgoSettings(current: Settings, read: ArgoSettings): Settings {
  const c = read.customizations
  return {
    ...current,
    healthScripts: { ...current.healthScripts, ...read.healthScripts },
    healthOpenLibs: [...new Set([...current.healthOpenLibs.filter((k) => !(k in read.healthScripts)), ...read.healthOpenLibs])],
    customizations: {
      ignoreDifferences: { ...current.customizations.ignoreDifferences, ...c.ignoreDifferences },
      actions: { ...current.customizations.actions, ...c.actions },
      exclusions: c.exclusions ?? current.customizations.exclusions,
      inclusions: c.inclusions ?? current.customizations.inclusions,
      ignoreAggregatedRoles: c.ignoreAggregatedRoles ?? current.customizations.ignoreAggregatedRoles,
    },
    ...(read.trackingMethod ? { trackingMethod: read.trackingMethod } : {}),
    ...(read.kustomizeBuildOptions ? { kustomizeBuildOptions: read.kustomizeBuildOptions } : {}),
    ...(read.reconcileIntervalSeconds ? { reconcileIntervalSeconds: read.reconcileIntervalSeconds } : {}),
  }
}

/** What an import reads, in one line each (the CLI and the import plan show these). */
export function describeArgoSettings(read: ArgoSettings): string[] {
  const c = read.customizations
  return [
    ...Object.keys(read.healthScripts).map((k) => `health check  ${k}`),
    ...Object.keys(c.ignoreDifferences ?? {}).map((k) => `ignore rule   ${k}`),
    ...Object.entries(c.actions ?? {}).map(([k, a]) => `actions       ${k}: ${a.definitions.map((d) => d.name).join(', ')}`),
    ...(c.exclusions ? [`exclusions    ${c.exclusions.length}`] : []),
    ...(c.inclusions ? [`inclusions    ${c.inclusions.length}`] : []),
    ...(c.ignoreAggregatedRoles !== undefined ? [`setting       ignoreAggregatedRoles: ${c.ignoreAggregatedRoles}`] : []),
    ...(read.trackingMethod ? [`setting       trackingMethod: ${read.trackingMethod}`] : []),
    ...(read.kustomizeBuildOptions ? [`setting       kustomizeBuildOptions: ${read.kustomizeBuildOptions}`] : []),
    ...(read.reconcileIntervalSeconds ? [`setting       reconcileIntervalSeconds: ${read.reconcileIntervalSeconds}`] : []),
  ]
}

export type { CustomizationType }

/** `group/Kind` → argocd-cm's `group_Kind` (`Kind` for the core group, `all` for `*\/*`). */
const splitKeyOf = (kind: string) => (kind === '*/*' ? 'all' : kind.startsWith('/') ? kind.slice(1) : kind.replace('/', '_'))

/**
 * One stored customization as an argocd-cm to edit and import again (the settings page's editor):
 * the same YAML an Argo CD user keeps, so what is shown is what is applied.
 */
export function argoCmSnippet(settings: Settings, type: CustomizationType, kind: string): string {
  const data: Record<string, string> = {}
  const key = `resource.customizations.${type}.${splitKeyOf(kind)}`
  if (type === 'health' && settings.healthScripts[kind] !== undefined) {
    data[key] = settings.healthScripts[kind]
    if (settings.healthOpenLibs.includes(kind)) data[`resource.customizations.useOpenLibs.${splitKeyOf(kind)}`] = 'true'
  }
  const ignore = settings.customizations.ignoreDifferences[kind]
  if (type === 'ignoreDifferences' && ignore) data[key] = YAML.stringify(ignore)
  const actions = settings.customizations.actions[kind]
  if (type === 'actions' && actions) data[key] = YAML.stringify({ 'discovery.lua': actions.discovery, definitions: actions.definitions.map((d) => ({ name: d.name, 'action.lua': d.script })), ...(actions.mergeBuiltinActions ? { mergeBuiltinActions: true } : {}) })
  if (Object.keys(data).length === 0) throw new UserError('NotFound', `no ${type} customization for ${kind}`, kind)
  return YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm' }, data }, { blockQuote: 'literal' })
}

/** Settings without one customization (health, ignoreDifferences or actions of a kind). */
export function withoutCustomization(current: Settings, type: CustomizationType, kind: string): Settings {
  const drop = <T>(byKind: Record<string, T>) => Object.fromEntries(Object.entries(byKind).filter(([k]) => k !== kind))
  if (type === 'health') return { ...current, healthScripts: drop(current.healthScripts), healthOpenLibs: current.healthOpenLibs.filter((k) => k !== kind) }
  const c = current.customizations
  return { ...current, customizations: type === 'actions' ? { ...c, actions: drop(c.actions) } : { ...c, ignoreDifferences: drop(c.ignoreDifferences) } }
}

/** An argocd-cm ConfigMap's data, from its YAML. */
export function argoCmData(text: string, where: string): Record<string, string> {
  const doc = parseUserYaml(text, where) as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> } | null
  if (doc?.kind !== 'ConfigMap') throw new UserError('Invalid', `${where} is not a ConfigMap (Argo CD's argocd-cm)`, where)
  return doc.data ?? {}
}
