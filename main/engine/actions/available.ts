import type { ResourceCustomizations } from '../model/customizations-schema'
import type { BundledScripts } from '../customizations/bundled-scripts'
import { forGroupKind } from '../customizations/lookup'
import { groupOf, type K8sObject } from '../base/objects'
import type { LuaScripts } from '../lua/lua-scripts'
import { luaActions, type ActionSource } from './lua-actions'
import type { Action } from './types'

/**
 * The actions a live object offers, as Argo CD finds them (its VM's GetResourceActionDiscovery):
 * the kind's Lua actions from the user's argocd-cm replace Argo CD's own (its bundled
 * discovery.lua and action.lua), or come first beside them with mergeBuiltinActions.
 */
export function availableActions(live: K8sObject, customizations: Pick<ResourceCustomizations, 'actions'>, lua: LuaScripts, bundled: BundledScripts | null): Action[] {
  const group = groupOf(live.apiVersion)
  const custom = forGroupKind(customizations.actions, group, live.kind)
  const own = !custom || custom.mergeBuiltinActions ? bundled?.actions(group, live.kind) : undefined
  const sources: ActionSource[] = [...(custom ? [{ source: 'argocd-cm' as const, discovery: custom.discovery, trusted: false }] : []), ...(own ? [{ source: 'argocd' as const, discovery: own.discovery, trusted: true }] : [])]
  if (sources.length === 0) return []
  // Argo CD runs the user's action.lua of that name, else its own (even for an action only the
  // user's discovery names).
  const bundledActions = own ?? bundled?.actions(group, live.kind)
  return luaActions(sources, live, lua, (name) => {
    const mine = custom?.definitions.find((d) => d.name === name)
    if (mine) return { script: mine.script, trusted: false }
    const theirs = bundledActions?.definitions.find((d) => d.name === name)
    return theirs ? { script: theirs.script, trusted: true } : undefined
  })
}
