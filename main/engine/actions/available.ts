import type { ResourceCustomizations } from '../model/customizations-schema'
import { forGroupKind } from '../customizations/lookup'
import { groupOf, type K8sObject } from '../base/objects'
import type { LuaScripts } from '../lua/lua-scripts'
import { actionsFor, type Action } from './builtin'
import { luaActions } from './lua-actions'

/**
 * The actions a live object offers, as Argo CD lists them: a kind's Lua actions from argocd-cm
 * replace the built-in ones, or come first beside them with mergeBuiltinActions.
 */
export function availableActions(live: K8sObject, customizations: Pick<ResourceCustomizations, 'actions'>, lua?: LuaScripts): Action[] {
  const custom = forGroupKind(customizations.actions, groupOf(live.apiVersion), live.kind)
  if (!custom || !lua) return actionsFor(live)
  const fromLua = luaActions(custom, live, lua)
  if (!custom.mergeBuiltinActions) return fromLua
  const names = new Set(fromLua.map((a) => a.name))
  return [...fromLua, ...actionsFor(live).filter((a) => !names.has(a.name))]
}
