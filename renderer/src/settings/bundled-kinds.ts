import type { BundledCustomization } from '../../../shared/model'

/** The bundled kinds whose key (as shown or as Argo CD's folder names it) holds the search text, ignoring case (all for an empty search). */
export function filterBundledKinds(kinds: readonly BundledCustomization[], search: string): BundledCustomization[] {
  const needle = search.trim().toLowerCase()
  return needle ? kinds.filter((k) => k.key.toLowerCase().includes(needle) || shownKey(k.key).toLowerCase().includes(needle)) : [...kinds]
}

/** Argo CD's wildcard folders are named with `_` for `*` (API groups have no `_`): shown as the glob they are. */
export function shownKey(key: string): string {
  return key.replaceAll('_', '*')
}

/** "233 kinds with health checks, 28 with actions", counted from the list itself. */
export function bundledCountText(kinds: readonly BundledCustomization[]): string {
  const health = kinds.filter((k) => k.health).length
  const actions = kinds.filter((k) => k.actions.length > 0).length
  return `${health} ${health === 1 ? 'kind' : 'kinds'} with health checks, ${actions} with actions`
}
