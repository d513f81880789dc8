import { isDeepStrictEqual } from 'node:util'
import type { Engine } from '../reconcile/engine'
import type { StoreData } from '../store/desk-store'

/** The apps added, removed or changed between two versions of the store. */
export function changedApps(before: StoreData, after: StoreData): string[] {
  const old = new Map(before.apps.map((a) => [a.metadata.name, a]))
  const now = new Map(after.apps.map((a) => [a.metadata.name, a]))
  return [...new Set([...old.keys(), ...now.keys()])].filter((name) => !isDeepStrictEqual(old.get(name), now.get(name)))
}

/**
 * Follows what another process (the CLI, a second window) writes to the store while this one
 * runs, and tells the UI as our own changes do: changed apps are compared (a removed one is
 * forgotten), the app list, settings and clusters are fetched again. Returns the stop function.
 */
export function followOutsideChanges(engine: Engine, compareSoon: (names: string[]) => void): () => void {
  const stopWatching = engine.store.watch()
  const stopListening = engine.store.onOutsideChange((before, after) => {
    const apps = changedApps(before, after)
    if (apps.length) {
      compareSoon(apps)
      engine.emit({ type: 'apps-changed' })
    }
    if (!isDeepStrictEqual(before.settings, after.settings)) engine.emit({ type: 'settings-changed' })
    const clusters = !isDeepStrictEqual(before.clusters, after.clusters)
    if (clusters) engine.reloadContexts()
    if (clusters || !isDeepStrictEqual(before.settings.protectedContexts, after.settings.protectedContexts)) engine.emit({ type: 'clusters-changed' })
  })
  return () => {
    stopWatching()
    stopListening()
  }
}
