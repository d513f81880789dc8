import { globMatch } from '../base/glob'

/**
 * A customization for a kind, as Argo CD finds one: the exact `group/Kind` key first, then the
 * first key with a glob that matches (`*.crossplane.io/*`, `*\/*`).
 */
export function forGroupKind<T>(byKey: Record<string, T>, group: string, kind: string): T | undefined {
  const key = `${group}/${kind}`
  if (byKey[key] !== undefined) return byKey[key]
  const pattern = Object.keys(byKey).find((p) => p.includes('*') && globMatch(key, p))
  return pattern === undefined ? undefined : byKey[pattern]
}
