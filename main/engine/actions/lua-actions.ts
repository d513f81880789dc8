import type { ResourceAction } from '../../../shared/model'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import type { LuaScripts } from '../lua/lua-scripts'
import type { Action, ActionOperation } from './types'

/** An action.lua to run, and whether it is Argo CD's own (bundled: run in the warm VM state). */
export interface ActionScript {
  script: string
  trusted: boolean
}

/** One discovery.lua and where its actions' scripts are found. */
export interface ActionSource {
  source: ResourceAction['source']
  discovery: string
  trusted: boolean
}

/**
 * A kind's Lua actions, as Argo CD lists and runs them: each discovery.lua names actions (maybe
 * disabled, with a display name and parameters); the first discovery to name an action decides
 * how it shows. An action runs the user's action.lua of that name, else Argo CD's bundled one;
 * a discovered action with neither is shown disabled.
 */
export function luaActions(sources: ActionSource[], live: K8sObject, lua: LuaScripts, definition: (name: string) => ActionScript | undefined): Action[] {
  const actions: Action[] = []
  const seen = new Set<string>()
  for (const { source, discovery, trusted } of sources) {
    const discovered = Object.entries(lua.discoverActions(discovery, live, trusted)).sort(([a], [b]) => a.localeCompare(b))
    for (const [name, found] of discovered) {
      if (seen.has(name)) continue
      seen.add(name)
      const script = definition(name)
      actions.push({
        name,
        // Where it comes from is `source`; the description is Argo CD's display name, or why it cannot run.
        description: found.displayName ?? (script ? '' : 'discovery.lua offers it, but there is no action.lua for it'),
        disabled: found.disabled || !script,
        source,
        ...(found.params ? { params: found.params } : {}),
        run: (obj: K8sObject, params: Record<string, string> = {}) => runLuaAction(lua, script!, obj, params),
      })
    }
  }
  return actions
}

/** Runs an action.lua on a live object: what it does, as operations (see operationsOf). */
export function runLuaAction(lua: LuaScripts, { script, trusted }: ActionScript, obj: K8sObject, params: Record<string, string> = {}): ActionOperation[] {
  return operationsOf(lua.runAction(script, obj, params, 'action.lua', trusted), obj)
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
