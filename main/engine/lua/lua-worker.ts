import { createRequire } from 'node:module'

/** What one script may allocate, counted from the fresh VM it runs in. */
export const luaMemoryMiB = 32

/**
 * How deeply an object handed to a script, or a script's result, may nest. wasmoon converts
 * between JS and Lua on the Lua stack, two slots a level, without growing it (no lua_checkstack):
 * past its free slots it writes over the VM's memory (a 20-level object did, in a fresh state).
 * Each state reserves room for this depth, and deeper objects are refused with the reason.
 */
export const luaMaxDepth = 1000
const luaStackSlots = 4 * luaMaxDepth + 64

// Runs once in each script's own Lua state, before the script: what Argo CD's gopher-lua VM
// opens (the base functions with Lua 5.1's unpack, table, a safe os that require("os") also
// gives; string and math only with useOpenLibs) in an environment of the script's own. Strings
// have a metatable only with useOpenLibs (gopher-lua sets it when it opens string), and then one
// that hides itself (getmetatable("") is false); string.dump fails as gopher-lua's does. load,
// collectgarbage, debug, io, package and the rest of os are unreachable.
const prelude = `
local base = { assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall, xpcall = xpcall,
  rawequal = rawequal, rawget = rawget, rawlen = rawlen, rawset = rawset, select = select, setmetatable = setmetatable,
  getmetatable = getmetatable, tonumber = tonumber, tostring = tostring, type = type, unpack = table.unpack, _VERSION = _VERSION }
-- gopher-lua (Lua 5.1) has one number type and prints a whole float as an integer ("2", where Lua
-- 5.4 says "2.0" for 4 / 2); tostring does the same here (concatenation cannot: docs/deviations.md).
local mathType, floor, format, tostring54 = math.type, math.floor, string.format, tostring
base.tostring = function(v)
  if mathType(v) == "float" and v == floor(v) and v >= -1e15 and v <= 1e15 then return format("%d", v) end
  return tostring54(v)
end
-- gopher-lua's ipairs and pairs take only a table, and say so where the script called them; Lua
-- 5.4's take anything and fail later, inside, with no line ("attempt to index a nil value").
local type54, ipairs54, pairs54 = type, ipairs, pairs
base.ipairs = function(t)
  if type54(t) ~= "table" then error("bad argument #1 to ipairs (table expected, got " .. type54(t) .. ")", 2) end
  return ipairs54(t)
end
base.pairs = function(t)
  if type54(t) ~= "table" then error("bad argument #1 to pairs (table expected, got " .. type54(t) .. ")", 2) end
  return pairs54(t)
end
local libs = { table = table, string = string, math = math }
local safeOs = { time = os.time, date = os.date }
local setStringMetatable, loadText, setUpvalue = debug.setmetatable, load, debug.setupvalue
local compiled = {}
local function copy(t) local c = {} for k, v in pairs(t) do c[k] = v end return c end
-- The height of a table (memoized, so shared subtables are walked once; a cycle counts as a leaf,
-- as wasmoon reads it once); an error past the limit, at any path's depth.
local maxDepth = ${luaMaxDepth}
local function checkDepth(t, depth, heights)
  local known = heights[t]
  if known then
    if depth + known - 1 > maxDepth then error("the script's result is nested more than " .. maxDepth .. " levels deep", 0) end
    return known
  end
  if depth > maxDepth then error("the script's result is nested more than " .. maxDepth .. " levels deep", 0) end
  heights[t] = 1
  local most = 0
  for _, v in next, t do
    if type(v) == "table" then
      local h = checkDepth(v, depth + 1, heights)
      if h > most then most = h end
    end
  end
  heights[t] = most + 1
  return most + 1
end
__sandbox = function(code, object, open, chunk, params, trusted)
  local env = copy(base)
  env.print = function() end
  env.table = copy(libs.table)
  env.table.getn = function(t) return #t end -- Lua 5.1's, which Argo CD's scripts use
  env.os = copy(safeOs)
  if open then
    env.string = copy(libs.string)
    env.string.dump = function() error("string.dump is not supported (nor is it in Argo CD's VM)", 2) end
    env.math = copy(libs.math)
    setStringMetatable("", { __index = env.string, __metatable = false })
  else
    setStringMetatable("", nil)
  end
  env.require = function(name) if name == "os" then return env.os end error("module '" .. tostring(name) .. "' not found", 2) end
  env._G = env
  env.obj = object
  env.actionParams = params or {}
  -- A trusted script (bundled with the app, checked against Argo CD's module) is compiled once per
  -- warm state and given this call's environment; any other one is compiled in its own state.
  local fn = trusted and compiled[code]
  if fn then
    setUpvalue(fn, 1, env)
  else
    local err
    fn, err = loadText(code, chunk, "t", env)
    if not fn then error(err, 0) end
    if trusted then compiled[code] = fn end
  end
  local result = fn()
  -- wasmoon reads the result with two Lua stack slots a level: no deeper than the room reserved.
  if type(result) == "table" then checkDepth(result, 1, {}) end
  return result
end
os = nil; io = nil; require = nil; dofile = nil; loadfile = nil; package = nil; debug = nil; collectgarbage = nil; load = nil
`

const warmUp = `
local parts = {}
for i = 1, 200 do table.insert(parts, string.format("%d:%s", i, string.upper(obj.metadata.name))) end
local s = table.concat(parts, ","):gsub("WARM", "warm")
return {status = #s > 0 and "Healthy" or "Unknown", message = s:sub(1, 10)}
`

// The worker: a script from the user (argocd-cm) gets a Lua state of its own (as Argo CD makes an
// LState per script), closed before the answer, so finalizers (__gc) run inside the request's
// deadline and nothing one script changes (the string metatable included) reaches another.
// Argo CD's own scripts, bundled with the app and checked against its module's hash, share one
// warm state (a fresh environment and string metatable per call, the chunk compiled once): they
// are trusted code, and a fresh state per call would cost more than the check. The WebAssembly
// heap cannot shrink: once scripts have grown it by half the cap, the worker asks to be
// replaced, which gives the memory back to the system.
//
// JSON nulls are left out, as Argo CD's decodeValue does (nil is no value in a Lua table, and a
// null list item is not appended).
const source = `
const { workerData: { data } } = require('node:worker_threads')
const { LuaFactory } = require(data.wasmoon)
const factory = new LuaFactory()
const engineOptions = { openStandardLibs: true, injectObjects: false, enableProxy: false, traceAllocations: true }
let heapAtStart = 0
let heap = () => 0
let warm
const withoutNulls = (value, depth = 1) => {
  if (!value || typeof value !== 'object') return value
  if (depth > data.maxDepth) throw new Error('the object is nested more than ' + data.maxDepth + ' levels deep, more than a Lua script is given here')
  if (Array.isArray(value)) return value.filter((v) => v !== null).map((v) => withoutNulls(v, depth + 1))
  const copy = {}
  for (const key of Object.keys(value)) if (value[key] !== null) copy[key] = withoutNulls(value[key], depth + 1)
  return copy
}
// Room on the Lua stack for wasmoon's conversions of an object and a result luaMaxDepth deep
// (lua_checkstack also keeps the garbage collector from shrinking the stack below it).
const createEngine = async () => {
  const lua = await factory.createEngine(engineOptions)
  if (!lua.global.lua.lua_checkstack(lua.global.address, data.stackSlots)) throw new Error('the Lua VM cannot reserve its stack')
  return lua
}
const run = (lua, { script, obj, open, chunk, params, trusted }) => {
  const object = withoutNulls(obj)
  lua.global.set('__code', script)
  lua.global.set('__obj', object)
  lua.global.set('__open', open)
  lua.global.set('__chunk', chunk)
  lua.global.set('__params', params)
  lua.global.set('__trusted', !!trusted)
  lua.global.setMemoryMax(lua.global.getMemoryUsed() + data.memoryBytes)
  lua.global.loadString('return __sandbox(__code, __obj, __open, __chunk, __params, __trusted)')
  const result = lua.global.runSync()[0]
  return result === undefined || result === null ? null : JSON.parse(JSON.stringify(result))
}
const failure = (error) => {
  const message = String(error && error.message || error).split('\\n')[0]
  return new Error(/not enough memory/.test(message) ? 'memory' : 'error:' + message)
}
globalThis.sandboxReady = factory.getLuaModule().then(async (lua) => {
  warm = await createEngine()
  warm.doStringSync(data.prelude)
  // One script before the first request, so compiling the VM's code is not the first script's time.
  await globalThis.handleSandboxTask({ script: data.warmUp, obj: { metadata: { name: 'warm-up' } }, open: true, chunk: 'warm-up', params: {} })
  await globalThis.handleSandboxTask({ script: data.warmUp, obj: { metadata: { name: 'warm-up' } }, open: true, chunk: 'warm-up', params: {}, trusted: true })
  heap = () => lua.module.HEAPU8.length
  heapAtStart = heap()
})
globalThis.sandboxShouldRecycle = () => heap() > heapAtStart + data.memoryBytes / 2
globalThis.handleSandboxTask = async (request) => {
  if (request.trusted) {
    try {
      return run(warm, request)
    } catch (error) {
      throw failure(error)
    } finally {
      // Between calls the state holds only the compiled scripts: the object and results go
      // (wasmoon's runSync leaves the results on the stack, one more each call).
      warm.global.setTop(0)
      warm.global.set('__obj', undefined)
      warm.global.set('__code', undefined)
    }
  }
  const lua = await createEngine()
  try {
    lua.doStringSync(data.prelude)
    return run(lua, request)
  } catch (error) {
    throw failure(error)
  } finally {
    lua.global.close()
  }
}
`

/** The worker's source and data for a SyncSandbox. */
export function luaWorker(): { source: string; workerData: unknown } {
  return { source, workerData: { wasmoon: createRequire(import.meta.url).resolve('wasmoon'), prelude, warmUp, memoryBytes: luaMemoryMiB * 1024 * 1024, maxDepth: luaMaxDepth, stackSlots: luaStackSlots } }
}
