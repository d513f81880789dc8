import type { LuaEngine } from 'wasmoon'
import { UserError } from '../errors'
import type { K8sObject } from '../kube/objects'
import type { Health, HealthStatus } from '../health/types'

const statuses: HealthStatus[] = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']

// Each script runs in an environment of its own with what Argo CD's VM opens: the base
// functions (Lua 5.1's unpack too), table, a safe os (time and date) that require("os") also
// gives; string and math only with useOpenLibs. Nothing a script changes outlives it.
const sandbox = `
local base = { assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall, xpcall = xpcall,
  rawequal = rawequal, rawget = rawget, rawlen = rawlen, rawset = rawset, select = select, setmetatable = setmetatable,
  getmetatable = getmetatable, tonumber = tonumber, tostring = tostring, type = type, unpack = table.unpack, _VERSION = _VERSION }
local libs = { table = table, string = string, math = math }
local safeOs = { time = os.time, date = os.date }
local function copy(t) local c = {} for k, v in pairs(t) do c[k] = v end return c end
__sandbox = function(code, object, open, chunk, params)
  local env = copy(base)
  env.print = function() end
  env.table = copy(libs.table)
  env.table.getn = function(t) return #t end -- Lua 5.1's, which Argo CD's scripts use
  env.os = copy(safeOs)
  if open then env.string = copy(libs.string); env.math = copy(libs.math) end
  env.require = function(name) if name == "os" then return env.os end error("module '" .. tostring(name) .. "' not found", 2) end
  env._G = env
  env.obj = object
  env.actionParams = params or {}
  local fn, err = load(code, chunk, "t", env)
  if not fn then error(err, 0) end
  return fn()
end
os = nil; io = nil; require = nil; dofile = nil; loadfile = nil; package = nil; debug = nil
`

/**
 * Argo CD's resource customization scripts (Lua), run in a Lua VM compiled to WebAssembly: each
 * script on a thread of its own with a time limit (1 s) and the VM's memory capped (32 MB over
 * what it holds), with the libraries Argo CD opens (see sandbox). A script that fails, loops or
 * allocates without bound gives Unknown with the reason; the VM carries on.
 */
export class LuaScripts {
  private constructor(private readonly lua: LuaEngine) {}

  static async create(): Promise<LuaScripts> {
    const { LuaFactory } = await import('wasmoon')
    const lua = await new LuaFactory().createEngine({ openStandardLibs: true, injectObjects: false, enableProxy: false, traceAllocations: true })
    lua.doStringSync(sandbox)
    return new LuaScripts(lua)
  }

  /** A health.lua script's verdict on a live object. */
  health(script: string, obj: K8sObject, openLibs = false): Health {
    try {
      const result = this.run(script, obj, openLibs, 'health.lua') as { status?: unknown; message?: unknown } | undefined
      const status = result?.status
      if (typeof status !== 'string' || !statuses.includes(status as HealthStatus)) return { status: 'Unknown', message: `the health script returned no valid status (${JSON.stringify(status ?? null)})` }
      return { status: status as HealthStatus, message: typeof result?.message === 'string' ? result.message : '' }
    } catch (error) {
      // A script's failure is its author's, not ours: its own words, first line.
      return { status: 'Unknown', message: `health script failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` }
    }
  }

  /**
   * An action's discovery.lua: the actions it offers by name, each maybe disabled. Throws a
   * UserError naming the script when it fails (the menu shows the reason).
   */
  discoverActions(script: string, obj: K8sObject): Record<string, { disabled: boolean; displayName?: string; params?: { name: string; type?: string; default?: string }[] }> {
    const result = this.runAction(script, obj, {}, 'discovery.lua')
    if (!result || typeof result !== 'object' || Array.isArray(result)) return {}
    return Object.fromEntries(
      Object.entries(result as Record<string, Record<string, unknown> | null>).map(([name, value]) => {
        const params = Array.isArray(value?.params) ? (value.params as Record<string, unknown>[]).filter((p) => typeof p?.name === 'string').map((p) => ({ name: String(p.name), ...(typeof p.type === 'string' ? { type: p.type } : {}), ...(p.default !== undefined ? { default: String(p.default) } : {}) })) : []
        return [name, { disabled: value?.disabled === true, ...(typeof value?.displayName === 'string' ? { displayName: value.displayName } : {}), ...(params.length ? { params } : {}) }]
      }),
    )
  }

  /**
   * An action.lua's result: the changed object (Argo CD's old style) or a list of
   * `{operation: "patch" | "create", resource}`. Throws a UserError with the script's reason.
   */
  runAction(script: string, obj: K8sObject, params: Record<string, string> = {}, chunk = 'action.lua'): unknown {
    try {
      const result = this.run(script, obj, false, chunk, params)
      if (result === null || typeof result !== 'object') throw new Error(`it returned ${result === undefined || result === null ? 'nothing' : typeof result}, not a table`)
      return result
    } catch (error) {
      throw new UserError('Invalid', `${chunk} failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`, chunk)
    }
  }

  private run(script: string, obj: K8sObject, openLibs: boolean, chunk: string, params: Record<string, string> = {}): unknown {
    const thread = this.lua.global.newThread()
    try {
      this.lua.global.setMemoryMax(this.lua.global.getMemoryUsed() + 32 * 1024 * 1024)
      this.lua.global.set('__code', script)
      this.lua.global.set('__obj', structuredClone(obj))
      this.lua.global.set('__open', openLibs)
      this.lua.global.set('__chunk', chunk)
      this.lua.global.set('__params', { ...params })
      thread.loadString('return __sandbox(__code, __obj, __open, __chunk, __params)')
      thread.setTimeout(Date.now() + 1000)
      return thread.runSync(0)[0]
    } finally {
      this.lua.global.pop()
      this.lua.global.setMemoryMax(undefined)
    }
  }

  close(): void {
    this.lua.global.close()
  }
}
