import YAML from 'yaml'
import { propagationPolicies, type PropagationPolicy } from '../../../shared/statuses'
import type { SyncIntent } from '../../../shared/model'

/** A sync option as a checkbox: the value written when checked and unchecked, and whether the engine does it when the option is unset. */
interface OptionBox {
  name: string
  label: string
  on: string
  off: string
  /** Unset means checked (this engine applies server-side unless told ServerSideApply=false). */
  unsetChecked?: boolean
}

/** The sync options Argo CD's sync panel offers as checkboxes. */
export const optionBoxes: OptionBox[] = [
  { name: 'PruneLast', label: 'Prune last (after every wave)', on: 'true', off: 'false' },
  { name: 'ApplyOutOfSyncOnly', label: 'Apply out-of-sync only', on: 'true', off: 'false' },
  { name: 'Replace', label: 'Replace (kubectl replace/create instead of apply)', on: 'true', off: 'false' },
  { name: 'ServerSideApply', label: 'Server-side apply', on: 'true', off: 'false', unsetChecked: true },
  { name: 'RespectIgnoreDifferences', label: 'Respect ignore differences', on: 'true', off: 'false' },
  { name: 'Validate', label: 'Skip schema validation', on: 'false', off: 'true' },
  { name: 'CreateNamespace', label: 'Auto-create namespace', on: 'true', off: 'false' },
]
export { propagationPolicies }
type Propagation = PropagationPolicy

export interface SyncExtras {
  options: Record<string, boolean>
  propagation: Propagation
  retry: { on: boolean; limit: string; duration: string; factor: string; maxDuration: string }
  revision: string
}

const valueOf = (options: readonly string[], name: string): string | undefined => {
  let value: string | undefined
  for (const o of options) if (o.split('=')[0]?.trim() === name) value = o.slice(o.indexOf('=') + 1).trim().toLowerCase()
  return value
}

/** The panel's starting point: the app's own sync options, as Argo CD's panel fills them in. */
export function initialExtras(appOptions: readonly string[]): SyncExtras {
  const options = Object.fromEntries(optionBoxes.map((b) => {
    const v = valueOf(appOptions, b.name)
    return [b.name, v === undefined ? !!b.unsetChecked : v === b.on]
  }))
  const p = valueOf(appOptions, 'PrunePropagationPolicy')
  return { options, propagation: (propagationPolicies as readonly string[]).includes(p ?? '') ? (p as Propagation) : 'foreground', retry: { on: false, limit: '2', duration: '5s', factor: '2', maxDuration: '3m' }, revision: '' }
}

const durationPattern = /^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/

/** What is wrong with the retry or revision fields, naming the field; null when nothing is. */
export function extrasProblem(extras: SyncExtras): string | null {
  const { retry } = extras
  if (retry.on) {
    if (!/^-?\d+$/.test(retry.limit.trim()) || Number(retry.limit) < -1) return 'Retry limit: a whole number (-1 retries forever)'
    if (!durationPattern.test(retry.duration.trim())) return 'Backoff duration: a duration like 5s, 3m or 1h30m'
    if (!/^\d+$/.test(retry.factor.trim()) || Number(retry.factor) < 1) return 'Backoff factor: a whole number, 1 or more'
    if (!durationPattern.test(retry.maxDuration.trim())) return 'Max duration: a duration like 3m'
  }
  if (/\s/.test(extras.revision.trim())) return 'Revision: a commit, tag or branch has no spaces'
  return null
}

/**
 * The sync intent's part for these fields: an option only where the panel differs from the
 * app's (the engine applies the app's options, then these), a retry when asked, a revision when typed.
 */
export function extrasIntent(extras: SyncExtras, appOptions: readonly string[]): Pick<SyncIntent, 'syncOptions' | 'retry' | 'revision'> {
  const start = initialExtras(appOptions)
  const syncOptions = optionBoxes.filter((b) => extras.options[b.name] !== start.options[b.name]).map((b) => `${b.name}=${extras.options[b.name] ? b.on : b.off}`)
  if (extras.propagation !== start.propagation) syncOptions.push(`PrunePropagationPolicy=${extras.propagation}`)
  const { retry } = extras
  return {
    ...(syncOptions.length ? { syncOptions } : {}),
    ...(retry.on ? { retry: { limit: Number(retry.limit), backoff: { duration: retry.duration.trim(), factor: Number(retry.factor), maxDuration: retry.maxDuration.trim() } } } : {}),
    ...(extras.revision.trim() ? { revision: extras.revision.trim() } : {}),
  }
}

/** The syncOptions of an Application's YAML (spec.syncPolicy.syncOptions); none when it has none or does not parse. */
export function syncOptionsOf(appYaml: string): string[] {
  const doc = YAML.parseDocument(appYaml)
  const options = doc.errors.length ? undefined : (doc.toJSON() as { spec?: { syncPolicy?: { syncOptions?: unknown } } } | null)?.spec?.syncPolicy?.syncOptions
  return Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : []
}
