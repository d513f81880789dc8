import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { K8sObject } from '../base/objects'
import { LuaScripts } from './lua-scripts'

// Hostile health and action scripts (issue 30, items 5 and 6): each ends at its limit with the
// reason, the next script is answered right after, and nothing one script does reaches another.
const widget = (phase: string, version = '1', uid = 'u-1'): K8sObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'n', uid, resourceVersion: version }, status: { phase } } as K8sObject)
const normal = 'return {status = obj.status.phase == "Running" and "Healthy" or "Progressing", message = "phase " .. obj.status.phase}'
const stopped = { status: 'Unknown', message: 'health script ran longer than 1 s and was stopped' }

/** The answer and how long it took, logged: each bomb must be answered within about its 1 s limit. */
function timed<T>(what: string, run: () => T): T {
  const start = performance.now()
  try {
    return run()
  } finally {
    const ms = Math.round(performance.now() - start)
    console.log(`${what}: answered in ${ms} ms`)
    expect(ms, what).toBeLessThan(5000)
  }
}

describe('Lua scripts that try to hang or exhaust the engine', { timeout: 20_000 }, () => {
  let lua: LuaScripts
  beforeAll(async () => (lua = await LuaScripts.create()))
  afterAll(() => lua.close())

  it('a loop whose timeout error pcall would catch is stopped at 1 s; the next check is answered', () => {
    expect(timed('pcall-wrapped loop', () => lua.health('while true do pcall(function() while true do end end) end', widget('x')))).toEqual(stopped)
    expect(lua.health(normal, widget('Running'))).toEqual({ status: 'Healthy', message: 'phase Running' })
  })

  it('a string.find that backtracks exponentially (C code inside the VM) is stopped at 1 s', () => {
    const script = 'local s = string.rep("a", 40) string.find(s, string.rep("a*", 40) .. "b") return {status = "Healthy"}'
    expect(timed('pathological string.find', () => lua.health(script, widget('x'), true))).toEqual(stopped)
    expect(lua.health(normal, widget('Pending'))).toEqual({ status: 'Progressing', message: 'phase Pending' })
  })

  it('__gc metamethods that loop, during the script or when its VM is closed, are stopped at 1 s', () => {
    const atClose = 'setmetatable({}, {__gc = function() while true do end end}) return {status = "Healthy"}'
    expect(timed('__gc loop at close', () => lua.health(atClose, widget('x')))).toEqual(stopped)
    const during = 'setmetatable({}, {__gc = function() while true do end end}) local t = {} for i = 1, 1e7 do t[i % 100] = {i} end return {status = "Healthy"}'
    expect(timed('__gc loop during the script', () => lua.health(during, widget('x')))).toEqual(stopped)
    expect(lua.health(normal, widget('Running'))).toEqual({ status: 'Healthy', message: 'phase Running' })
  })

  it('a script allocating without bound ends at its 32 MiB cap and the process gives the memory back', { timeout: 30_000 }, async () => {
    lua.health(normal, widget('Running'))
    const before = process.memoryUsage.rss()
    let peak = before
    for (let i = 0; i < 3; i++) {
      const bomb = 'local mib, kept = string.rep("x", 1048576), {} for i = 1, 1e9 do kept[i] = mib .. i end'
      expect(timed('memory bomb', () => lua.health(bomb, widget('x'), true))).toEqual({ status: 'Unknown', message: 'health script used more than 32 MiB of memory and was stopped' })
      peak = Math.max(peak, process.memoryUsage.rss())
      expect(lua.health(normal, widget('Running'))).toEqual({ status: 'Healthy', message: 'phase Running' })
    }
    console.log(`RSS before ${before >> 20} MiB, highest after a bomb ${peak >> 20} MiB`)
    await expect.poll(() => process.memoryUsage.rss(), { timeout: 20_000, interval: 100 }).toBeLessThan(before + 16 * 1024 * 1024)
  })

  it('the cap is per script: a script may use its whole cap right after one that left garbage', () => {
    // 16 MiB held, 24 MiB at the last step: within one cap, not within what two scripts would leave.
    const fill = 'local s = "x" for i = 1, 24 do s = s .. s end leftover = s return {status = "Healthy", message = tostring(#s)}'
    expect(lua.health(fill, widget('x'))).toEqual({ status: 'Healthy', message: String(16 * 1024 * 1024) })
    expect(lua.health(fill, widget('x'))).toEqual({ status: 'Healthy', message: String(16 * 1024 * 1024) })
  })

  it('an overrun is remembered for the same script and object version; a new version runs the script again', () => {
    const stuck = 'if obj.status.phase == "Stuck" then while true do end end return {status = "Healthy", message = "ok"}'
    expect(lua.health(stuck, widget('Stuck', '7'))).toEqual(stopped)
    expect(timed('the same overrun asked again', () => lua.health(stuck, widget('Stuck', '7')))).toEqual(stopped)
    expect(lua.health(stuck, widget('Running', '8'))).toEqual({ status: 'Healthy', message: 'ok' })
  })

  it('a script that overruns on 3 objects in a row is paused for a minute (answered at once), then tried again', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const stuck = 'if obj.status.phase == "Stuck" then while true do end end return {status = "Healthy", message = "ok"}'
      for (const uid of ['a', 'b', 'c']) expect(lua.health(stuck, widget('Stuck', '1', uid))).toEqual(stopped)
      const paused = timed('a paused script', () => lua.health(stuck, widget('Running', '1', 'd')))
      expect(paused).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/^health script ran past its time limit on 3 objects in a row and is paused until \S+Z$/) })
      expect(lua.health(normal, widget('Running', '1', 'd'))).toEqual({ status: 'Healthy', message: 'phase Running' })
      vi.setSystemTime(Date.now() + 61_000)
      expect(lua.health(stuck, widget('Running', '1', 'd'))).toEqual({ status: 'Healthy', message: 'ok' })
      expect(lua.health(stuck, widget('Running', '1', 'e'))).toEqual({ status: 'Healthy', message: 'ok' })
    } finally {
      vi.useRealTimers()
    }
  })

  it('discovery.lua and action.lua bombs are errors naming the script and the limit', () => {
    expect(() => timed('action loop', () => lua.runAction('while true do pcall(function() while true do end end) end', widget('x')))).toThrow('action.lua ran longer than 1 s and was stopped')
    expect(() => lua.discoverActions('local s, kept = "x", {} while true do s = s .. s kept[#kept + 1] = s end', widget('x'))).toThrow('discovery.lua used more than 32 MiB of memory and was stopped')
    expect(lua.runAction('obj.status.phase = "Done" return obj', widget('x'))).toMatchObject({ status: { phase: 'Done' } })
  })
})

describe('Lua scripts cannot reach each other or the VM', () => {
  let lua: LuaScripts
  beforeAll(async () => (lua = await LuaScripts.create()))
  afterAll(() => lua.close())

  it("a script that changes the string library or strings' metatable does not change another kind's script", () => {
    const poison = `
      pcall(function() getmetatable("").__index.upper = function() return "POISONED" end end)
      string.upper = function() return "POISONED" end
      rawset(table, "concat", function() return "POISONED" end)
      return {status = "Healthy", message = ("ok"):upper()}`
    // Inside the script its own string table changed (as in any Lua); the metatable stays hidden.
    expect(lua.health(poison, widget('x'), true)).toEqual({ status: 'Healthy', message: 'POISONED' })
    const victim = 'return {status = "Healthy", message = ("ok"):upper() .. string.upper("!") .. table.concat({"a", "b"})}'
    expect(lua.health(victim, { ...widget('x'), kind: 'Gadget' }, true)).toEqual({ status: 'Healthy', message: 'OK!ab' })
    expect(lua.health('return {status = "Healthy", message = tostring(getmetatable(""))}', widget('x'), true)).toEqual({ status: 'Healthy', message: 'false' })
  })

  it('load, collectgarbage, setfenv, getfenv and debug are unreachable, string.dump always fails; without useOpenLibs strings have no methods', () => {
    const probe = 'return {status = "Healthy", message = table.concat({type(load), type(loadstring), type(collectgarbage), type(setfenv), type(getfenv), type(debug), type(coroutine)}, " ")}'
    expect(lua.health(probe, widget('x'), true)).toEqual({ status: 'Healthy', message: 'nil nil nil nil nil nil nil' })
    // As in Argo CD's VM, string.dump is there and always fails: no function's bytecode comes out.
    const dump = 'local a, b = pcall(string.dump, function() end) local c, d = pcall(("").dump, function() end) return {status = "Healthy", message = tostring(a) .. " " .. b .. " | " .. tostring(c) .. " " .. d}'
    expect(lua.health(dump, widget('x'), true)).toEqual({ status: 'Healthy', message: expect.stringMatching(/^false .*string.dump is not supported.* \| false .*string.dump is not supported/) })
    expect(lua.health('return {status = "Healthy", message = ("").dump}', widget('x'))).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/attempt to index a string value/) })
    expect(lua.health('return {status = "Healthy", message = ("ok"):upper()}', widget('x'))).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/attempt to index a string value/) })
  })

  it('a script that hands back a bytecode string cannot get it loaded by another', () => {
    expect(lua.health('return {status = "Healthy", message = "\\27Lua"}', widget('x'))).toEqual({ status: 'Healthy', message: '\u001bLua' })
    expect(lua.health('\u001bLua\u0054\u0000', widget('x'))).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/attempt to load a binary chunk/) })
  })
})
