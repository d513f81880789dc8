import type { AppCondition } from '../../../shared/model'
import { isAutomated, type Application } from '../model/app-schema'
import type { K8sObject } from '../base/objects'
import type { DeskStore } from '../store/desk-store'
import { childAppSetChanges, childChanges } from '../render/app-of-apps'

export interface ChildAppsHost {
  store: DeskStore
  /** A child the parent no longer renders: the controller forgets it. */
  forget(name: string): void
  /** With the parent's prune, a dropped child's resources go through a sync operation (so Prune=false and the propagation policy hold). */
  pruneDropped(child: Application): void
  /** A child registered or changed gets its compare (while the loop runs). */
  compare(name: string): void
  /** ApplicationSets a parent registered or changed, to generate them. */
  appSetsChanged(names: string[]): void
}

/**
 * App of apps: the Applications and ApplicationSets a parent renders are registered in the
 * store (the ones it no longer renders removed), with the conditions that say what was refused.
 */
export class ChildApps {
  constructor(private readonly host: ChildAppsHost) {}

  register(parent: Application, children: K8sObject[], appsets: K8sObject[]): AppCondition[] {
    return [...this.registerChildren(parent, children), ...this.registerAppSets(parent, appsets)]
  }

  /** Registers the ApplicationSets a parent renders (an app of ApplicationSets); they then generate their apps. */
  private registerAppSets(parent: Application, rendered: K8sObject[]): AppCondition[] {
    const { store } = this.host
    const { conditions, changed } = childAppSetChanges(parent, rendered, store.read().appsets)
    if (changed.length === 0) return conditions
    store.update((data) => {
      const names = new Set(changed.map((a) => a.metadata.name))
      data.appsets = [...data.appsets.filter((a) => !names.has(a.metadata.name)), ...changed]
    })
    this.host.appSetsChanged(changed.map((a) => a.metadata.name))
    return conditions
  }

  /** Registers the children a parent renders, and removes the ones it no longer renders. */
  private registerChildren(parent: Application, children: K8sObject[]): AppCondition[] {
    const { store } = this.host
    const { conditions, changed, removed } = childChanges(parent, children, store.read().apps)
    if (changed.length === 0 && removed.length === 0) return conditions
    store.update((data) => {
      const names = new Set([...changed, ...removed].map((a) => a.metadata.name))
      data.apps = [...data.apps.filter((a) => !names.has(a.metadata.name)), ...changed]
    })
    for (const child of removed) {
      this.host.forget(child.metadata.name)
      if (isAutomated(parent) && parent.spec.syncPolicy?.automated?.prune) this.host.pruneDropped(child)
    }
    for (const child of changed) this.host.compare(child.metadata.name)
    return conditions
  }
}
