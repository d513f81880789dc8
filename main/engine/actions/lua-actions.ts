import type { LuaActionSet } from '../model/customizations-schema'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import type { LuaScripts } from '../lua/lua-scripts'
import type { Action, ActionOperation } from './builtin'

/**
 * A kind's Lua actions from argocd-cm: discovery.lua names them (maybe disabled), each
 * action.lua changes the object or returns operations, as Argo CD runs them. A discovered action
 * with no definition is shown disabled.
 */
export function luaActions(set: LuaActionSet, live: K8sObject, lua: LuaScripts): Action[] {
  const discovered = lua.discoverActions(set.discovery, live)
  return Object.entries(discovered)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, found]) => {
      const definition = set.definitions.find((d) => d.name === name)
      return {
        name,
        description: found.displayName ?? (definition ? 'a Lua action from the imported argocd-cm' : 'discovery.lua offers it, but argocd-cm has no action.lua for it'),
        disabled: found.disabled || !definition,
        source: 'argocd-cm' as const,
        ...(found.params ? { params: found.params } : {}),
        run: (obj: K8sObject, _now: Date, params: Record<string, string> = {}) => operationsOf(lua.runAction(definition!.script, obj, params), obj),
      }
    })
}

/** An action.lua's result as operations: a list of {operation, resource}, or the changed object (a patch). */
function operationsOf(result: unknown, live: K8sObject): ActionOperation[] {
  if (!Array.isArray(result)) return [{ operation: 'patch', resource: keepShapes(result, live) as K8sObject }]
  return result.map((item: { operation?: unknown; resource?: unknown }, i) => {
    if (item?.operation !== 'patch' && item?.operation !== 'create') throw new UserError('Invalid', `action.lua: item ${i + 1} has operation ${JSON.stringify(item?.operation ?? null)}, not "patch" or "create"`, 'action.lua')
    if (!item.resource || typeof item.resource !== 'object') throw new UserError('Invalid', `action.lua: item ${i + 1} has no resource`, 'action.lua')
    const resource = item.operation === 'patch' ? keepShapes(item.resource, live) : item.resource
    return { operation: item.operation, resource: resource as K8sObject }
  })
}

/**
 * A Lua table cannot tell an empty list from an empty map: where the live object had a list
 * and the script's result has an empty map (or the reverse), the live shape is kept, as Argo CD
 * cleans a returned object, so an untouched field is not patched.
 */
export function keepShapes(value: unknown, before: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
  if (Array.isArray(before) && isMap(value) && Object.keys(value).length === 0) return []
  if (isMap(before) && Array.isArray(value) && value.length === 0) return {}
  if (Array.isArray(before) && Array.isArray(value)) return value.map((v, i) => keepShapes(v, before[i]))
  if (isMap(before) && isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keepShapes(v, before[k])]))
  return value
}
