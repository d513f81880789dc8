import { UserError } from '../base/errors'
import { resourceKey, type K8sObject } from '../base/objects'
import type { TrackingMethod } from '../base/tracking'
import type { KubeApi } from '../kube/kube-api'
import { kindId, rememberKinds, rememberedKinds, type KindOf } from '../store/app-kinds'
import type { DeskStore } from '../store/desk-store'
import { owningApp } from './owning-app'

export { rememberKinds, rememberedKinds, type KindOf }

/**
 * Where to look for an app's tracked objects: the kinds it renders now and the kinds it has had
 * live (so a kind Git no longer renders is still found), less the kinds the settings exclude.
 * Argo CD watches every kind; this is the part of that an app can have.
 */
export function trackedKinds(targets: KindOf[], remembered: KindOf[], excluded: (obj: K8sObject) => boolean): KindOf[] {
  const kinds = new Map<string, KindOf>()
  for (const { apiVersion, kind } of [...targets, ...remembered]) if (!excluded({ apiVersion, kind, metadata: {} })) kinds.set(kindId({ apiVersion, kind }), { apiVersion, kind })
  return [...kinds.values()]
}

/**
 * An app's tracked objects of these kinds, each kind listed once (a one-shot compare, no watch).
 * A kind the cluster does not serve (its CRD removed) has none, and so has a kind these
 * credentials may not list across the cluster (a namespace-bound user still gets the per-object
 * compare, as before); any other failure is thrown.
 */
export async function listTracked(client: KubeApi, kinds: KindOf[], app: string, method: TrackingMethod): Promise<K8sObject[]> {
  const found = new Map<string, K8sObject>()
  const listOf = async (kind: KindOf): Promise<K8sObject[]> => {
    if (!(await client.resourceInfo(kind.apiVersion, kind.kind))) return []
    try {
      return (await client.list(kind.apiVersion, kind.kind)).items
    } catch (error) {
      if (error instanceof UserError && error.code === 'Forbidden') return []
      throw error
    }
  }
  const lists = await Promise.all(kinds.map(async (kind) => ({ kind, items: await listOf(kind) })))
  for (const { kind, items } of lists) {
    for (const item of items) {
      // A list's items come without apiVersion and kind; apiVersion and kind first, as the watch cache keeps them.
      const { apiVersion: _apiVersion, kind: _kind, ...rest } = item
      const obj = { apiVersion: kind.apiVersion, kind: kind.kind, ...rest } as K8sObject
      if (owningApp(obj, method) === app) found.set(resourceKey(obj), obj)
    }
  }
  return [...found.values()]
}

/** The store's memory of an app's kinds, as the compare reads and adds to it. */
export function storedKinds(store: Pick<DeskStore, 'read' | 'update'>): { remembered(app: string): KindOf[]; remember(app: string, kinds: KindOf[]): void } {
  return { remembered: (app) => rememberedKinds(store, app), remember: (app, kinds) => rememberKinds(store, app, kinds) }
}
