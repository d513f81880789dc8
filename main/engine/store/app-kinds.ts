import type { DeskStore } from './desk-store'
import { kindIdPattern } from './schema'

export interface KindOf {
  apiVersion: string
  kind: string
}

/** A kind as the store keeps it: apiVersion/kind. */
export const kindId = (kind: KindOf): string => `${kind.apiVersion}/${kind.kind}`

function parseKindId(id: string): KindOf {
  const at = id.lastIndexOf('/')
  return { apiVersion: id.slice(0, at), kind: id.slice(at + 1) }
}

/** The kinds an app has had live (synced, or found tracked), as remembered in the store. */
export function rememberedKinds(store: Pick<DeskStore, 'read'>, app: string): KindOf[] {
  const ids = store.read().appKinds[app]
  if (!ids) return none
  // The same array while the store is unchanged (its data is frozen and replaced on a write), so
  // a compare can tell that the kinds are the ones it worked with last time.
  let kinds = parsed.get(ids)
  if (!kinds) parsed.set(ids, (kinds = Object.freeze(ids.map(parseKindId)) as KindOf[]))
  return kinds
}

const none = Object.freeze([]) as unknown as KindOf[]
const parsed = new WeakMap<readonly string[], KindOf[]>()

/**
 * Adds kinds to what the store remembers of an app; the file is written only when one is new
 * (a compare calls this each time), and never for an app the store does not hold.
 */
export function rememberKinds(store: Pick<DeskStore, 'read' | 'update'>, app: string, kinds: KindOf[]): void {
  const known = (data: ReturnType<DeskStore['read']>) => new Set(data.appKinds[app] ?? [])
  kinds = kinds.filter((k) => kindIdPattern.test(kindId(k)))
  const data = store.read()
  const before = known(data)
  if (!data.apps.some((a) => a.metadata.name === app) || kinds.every((k) => before.has(kindId(k)))) return
  store.update((draft) => {
    if (!draft.apps.some((a) => a.metadata.name === app)) return
    const ids = known(draft)
    for (const kind of kinds) ids.add(kindId(kind))
    draft.appKinds = { ...draft.appKinds, [app]: [...ids].sort() }
  })
}
