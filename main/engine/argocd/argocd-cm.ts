import YAML from 'yaml'
import { UserError } from '../errors'
import { yamlLimits } from '../yaml-docs'

/** What GitOps Desk takes from an argocd-cm, and what it does not read (yet). */
export interface ArgoSettings {
  /** health.lua by `group/Kind` (globs kept as written). */
  healthScripts: Record<string, string>
  /** Kinds whose script may use string and math (useOpenLibs). */
  healthOpenLibs: string[]
  trackingMethod?: 'annotation' | 'label' | 'annotation+label'
  kustomizeBuildOptions?: string
  skipped: { key: string; reason: string }[]
}

// Keys that change what apps show, not read yet; the rest of argocd-cm (URLs, SSO…) does not apply.
const notRead: [RegExp, string][] = [
  [/^resource\.customizations\.(ignoreDifferences|actions|knownTypeFields|ignoreResourceUpdates)\./, 'not read by GitOps Desk yet'],
  [/^resource\.(exclusions|inclusions|compareoptions)$/, 'not read by GitOps Desk yet'],
  [/^application\.instanceLabelKey$/, 'GitOps Desk tracks with argocd.argoproj.io/tracking-id or app.kubernetes.io/instance'],
]

/** `group_Kind` (Argo CD's split keys; the core group has none) → `group/Kind`. */
const groupKind = (key: string) => (key.includes('_') ? `${key.slice(0, key.lastIndexOf('_'))}/${key.slice(key.lastIndexOf('_') + 1)}` : `/${key}`)

/** Reads Argo CD settings from an argocd-cm ConfigMap's data. */
export function readArgoSettings(data: Record<string, string>, where: string): ArgoSettings {
  const settings: ArgoSettings = { healthScripts: {}, healthOpenLibs: [], skipped: [] }
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('resource.customizations.health.')) settings.healthScripts[groupKind(key.slice('resource.customizations.health.'.length))] = value
    else if (key.startsWith('resource.customizations.useOpenLibs.')) {
      if (value.trim() === 'true') settings.healthOpenLibs.push(groupKind(key.slice('resource.customizations.useOpenLibs.'.length)))
    }
    else if (key === 'resource.customizations') {
      // The single-key form: YAML by `group/Kind`, each with its health.lua (and more).
      let parsed: Record<string, { 'health.lua'?: string; 'health.lua.useOpenLibs'?: boolean } | null>
      try {
        parsed = (YAML.parse(value, { maxAliasCount: yamlLimits.maxAliasCount }) ?? {}) as typeof parsed
      } catch (error) {
        throw new UserError('Invalid', `resource.customizations is not YAML: ${(error as Error).message.split('\n')[0]}`, `${where} resource.customizations`)
      }
      for (const [kind, custom] of Object.entries(parsed)) {
        const target = kind.includes('/') ? kind : `/${kind}`
        if (custom?.['health.lua']) settings.healthScripts[target] = custom['health.lua']
        if (custom?.['health.lua.useOpenLibs'] === true) settings.healthOpenLibs.push(target)
        const others = Object.keys(custom ?? {}).filter((k) => k !== 'health.lua' && k !== 'health.lua.useOpenLibs')
        if (others.length) settings.skipped.push({ key: `resource.customizations ${kind}: ${others.join(', ')}`, reason: 'not read by GitOps Desk yet' })
      }
    } else if (key === 'application.resourceTrackingMethod' && ['annotation', 'label', 'annotation+label'].includes(value)) settings.trackingMethod = value as ArgoSettings['trackingMethod']
    else if (key === 'kustomize.buildOptions') settings.kustomizeBuildOptions = value
    else {
      const rule = notRead.find(([pattern]) => pattern.test(key))
      if (rule) settings.skipped.push({ key, reason: rule[1] })
    }
  }
  return settings
}

/** An argocd-cm ConfigMap's data, from its YAML. */
export function argoCmData(text: string, where: string): Record<string, string> {
  const doc = YAML.parse(text, { maxAliasCount: yamlLimits.maxAliasCount }) as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> } | null
  if (doc?.kind !== 'ConfigMap') throw new UserError('Invalid', `${where} is not a ConfigMap (Argo CD's argocd-cm)`, where)
  return doc.data ?? {}
}
