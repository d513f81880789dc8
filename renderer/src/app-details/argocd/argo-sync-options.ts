import YAML from 'yaml'

/** The Application's own sync options (spec.syncPolicy.syncOptions), which Argo CD's panel starts from. */
export function appSyncOptions(specYaml: string): string[] {
  try {
    const spec = YAML.parse(specYaml) as { syncPolicy?: { syncOptions?: unknown } } | null
    const options = spec?.syncPolicy?.syncOptions
    return Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : []
  } catch {
    return []
  }
}

/**
 * The sync options Argo CD's server writes: the request's options replace the app's (as its
 * API does), so the panel's whole state is sent, the app's options with the panel's changes.
 */
export function argoSyncOptions(appOptions: readonly string[], changed: readonly string[]): string[] {
  const name = (o: string) => o.split('=')[0]!.trim()
  const changedNames = new Set(changed.map(name))
  return [...appOptions.filter((o) => !changedNames.has(name(o))), ...changed]
}
