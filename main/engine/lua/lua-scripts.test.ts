import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LuaScripts } from './lua-scripts'

const widget = (phase: string) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, status: { phase, conditions: [{ type: 'Ready', message: 'all good' }] } })
const script = `
hs = {}
if obj.status ~= nil and obj.status.phase == "Running" then
  hs.status = "Healthy"
  hs.message = obj.status.conditions[1].message
  return hs
end
hs.status = "Progressing"
hs.message = "Waiting for " .. obj.metadata.name
return hs
`

describe("Argo CD's Lua health scripts", () => {
  let lua: LuaScripts
  beforeAll(async () => (lua = await LuaScripts.create()))
  afterAll(() => lua.close())

  it('runs a health.lua with obj and reads {status, message}', () => {
    expect(lua.health(script, widget('Running'))).toEqual({ status: 'Healthy', message: 'all good' })
    expect(lua.health(script, widget('Pending'))).toEqual({ status: 'Progressing', message: 'Waiting for w' })
    expect(lua.health('return {status = "Healthy", message = tostring(#{unpack({1, 2, 3})})}', widget('x'))).toEqual({ status: 'Healthy', message: '3' })
    // Numbers print as gopher-lua prints them: a whole float as an integer.
    expect(lua.health('return {status = "Healthy", message = tostring(4 / 2) .. " " .. tostring(1.5) .. " " .. tostring(obj.status.conditions[1].n / 4)}', { ...widget('x'), status: { conditions: [{ n: 10 }] } })).toEqual({ status: 'Healthy', message: '2 1.5 2.5' })
  })

  it("the libraries Argo CD's VM opens: base, table, a safe os (also by require); string and math only with useOpenLibs", () => {
    expect(lua.health('local os2 = require("os") return {status = "Healthy", message = type(os.time()) .. " " .. type(os2.date) .. " " .. type(string) .. " " .. type(math)}', widget('x'))).toEqual({ status: 'Healthy', message: 'number function nil nil' })
    expect(lua.health('return {status = "Healthy", message = string.upper("ok") .. math.floor(2.5)}', widget('x'), true)).toEqual({ status: 'Healthy', message: 'OK2' })
    // A script cannot leave anything behind for the next one.
    lua.health('table.insert = nil; leaked = 1; return {status = "Healthy"}', widget('x'))
    expect(lua.health('return {status = "Healthy", message = type(table.insert) .. " " .. type(leaked)}', widget('x'))).toEqual({ status: 'Healthy', message: 'function nil' })
  })

  it('a script that loops forever, allocates without bound, calls os.execute or errors is Unknown with the reason; the next one runs', () => {
    expect(lua.health('while true do end', widget('x'))).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/health script ran longer than 1 s and was stopped/) })
    expect(lua.health('local s, kept = "x", {} while true do s = s .. s kept[#kept + 1] = s end', widget('x'))).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/health script used more than 32 MiB of memory and was stopped/) })
    expect(lua.health('os.execute("id")', widget('x'))).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/field 'execute'/) })
    expect(lua.health('error("broken")', widget('x'))).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/broken/) })
    expect(lua.health('return {status = "Fine"}', widget('x'))).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/no valid status \("Fine"\)/) })
    expect(lua.health(script, widget('Running'))).toEqual({ status: 'Healthy', message: 'all good' })
  })

  it("ipairs and pairs of something not a table fail where they are called, with gopher-lua's words (Argo CD's Rollout script on a status without conditions)", () => {
    const loop = 'local n = 0\nfor _, c in ipairs(obj.status.missing) do n = n + 1 end\nreturn {status = "Healthy"}'
    expect(lua.health(loop, widget('x'), true, true)).toEqual({ status: 'Unknown', message: 'health script failed: [string "health.lua"]:2: bad argument #1 to ipairs (table expected, got nil)' })
    expect(lua.health('for k in pairs("text") do end return {status = "Healthy"}', widget('x'))).toEqual({ status: 'Unknown', message: 'health script failed: [string "health.lua"]:1: bad argument #1 to pairs (table expected, got string)' })
    expect(lua.health('local n = 0 for _ in ipairs({1, 2}) do n = n + 1 end for _ in pairs({a = 1}) do n = n + 1 end return {status = "Healthy", message = tostring(n)}', widget('x'))).toEqual({ status: 'Healthy', message: '3' })
  })
})
