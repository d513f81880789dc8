import { resourceKey, type K8sObject } from '../base/objects'
import { owningApp } from '../cache/owning-app'

/**
 * Which apps render a given resource on a context, so that a watch event finds its apps in one
 * lookup instead of a scan of every app's objects (at 1,000 events/s over 20,000 targets the
 * scan alone took the whole CPU).
 */
export class TargetIndex {
  private readonly apps = new Map<string, Set<string>>() // context + key → app names
  private readonly keysOf = new Map<string, string[]>() // app → its entries, to remove them

  set(app: string, context: string, objects: readonly K8sObject[]): void {
    this.delete(app)
    const entries = objects.map((o) => `${context}\u0000${resourceKey(o)}`)
    for (const entry of entries) {
      let names = this.apps.get(entry)
      if (!names) this.apps.set(entry, (names = new Set()))
      names.add(app)
    }
    this.keysOf.set(app, entries)
  }

  delete(app: string): void {
    for (const entry of this.keysOf.get(app) ?? []) {
      const names = this.apps.get(entry)
      names?.delete(app)
      if (names?.size === 0) this.apps.delete(entry)
    }
    this.keysOf.delete(app)
  }

  appsFor(context: string, key: string): ReadonlySet<string> {
    return this.apps.get(`${context}\u0000${key}`) ?? empty
  }
}

const empty: ReadonlySet<string> = new Set()

/** The apps a watch event concerns: those that render the object, and the one its tracking id names. */
export function appsConcerned(index: TargetIndex, context: string, obj: K8sObject): Set<string> {
  const names = new Set(index.appsFor(context, resourceKey(obj)))
  const owner = owningApp(obj)
  if (owner) names.add(owner)
  return names
}
