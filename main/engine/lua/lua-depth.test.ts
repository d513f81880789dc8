import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { BundledScripts } from '../customizations/bundled-scripts'
import { LuaScripts } from './lua-scripts'
import { luaMaxDepth } from './lua-worker'

// Deeply nested objects and results (a CRD's schema, a custom resource's free-form spec, an
// attacker's repository): wasmoon converts them on the Lua stack without growing it, and an
// object nested 20 levels wrote over the VM's memory: that check said "memory access out of
// bounds", and so did every one of Argo CD's scripts after it, on any object.
const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: true }
  for (let i = 1; i < levels; i++) value = { a: value }
  return value
}
const kafka = (uid: string, spec: unknown = {}): K8sObject => ({ apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'Kafka', metadata: { name: 'k', namespace: 'n', uid, resourceVersion: '1' }, spec, status: { conditions: [{ type: 'NotReady', status: 'True', reason: 'ZooKeeperFailed', message: 'quorum lost' }] } }) as K8sObject
const degraded = { status: 'Degraded', message: 'quorum lost' }

describe('objects and results nested deeply', { timeout: 30_000 }, () => {
  let lua: LuaScripts
  const script = new BundledScripts().healthScript('kafka.strimzi.io', 'Kafka')!
  beforeAll(async () => (lua = await LuaScripts.create()))
  afterAll(() => lua.close())

  it("Argo CD's own script judges an object nested 20, 100 and the most levels as a flat one, and the next object after each", () => {
    for (const levels of [20, 100, luaMaxDepth - 2]) {
      // spec is two levels below the object: the object is `levels` + 2 deep.
      expect(lua.health(script, kafka(`deep-${levels}`, nested(levels)), true, true), `${levels} levels`).toEqual(degraded)
      expect(lua.health(script, kafka(`flat-${levels}`), true, true)).toEqual(degraded)
    }
  })

  it("a user's script reads a deeply nested object too", () => {
    const depth = 'local d, t = 0, obj.spec while t.a do d = d + 1 t = t.a end return {status = "Healthy", message = tostring(d)}'
    expect(lua.health(depth, kafka('user-deep', nested(500)))).toEqual({ status: 'Healthy', message: '499' })
  })

  it('an object nested deeper than the limit is Unknown with the reason; the checks after it still answer', () => {
    for (const levels of [luaMaxDepth, 3000]) {
      expect(lua.health(script, kafka(`too-deep-${levels}`, nested(levels)), true, true)).toEqual({ status: 'Unknown', message: `health script failed: the object is nested more than ${luaMaxDepth} levels deep, more than a Lua script is given here` })
      expect(lua.health(script, kafka(`after-${levels}`), true, true)).toEqual(degraded)
    }
    // Deeper still, Node's structured clone gives up before the worker sees it: Unknown all the same.
    expect(lua.health(script, kafka('too-deep-20000', nested(20_000)), true, true)).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/nested more than|call stack/) })
    expect(lua.health(script, kafka('after-20000'), true, true)).toEqual(degraded)
  })

  it("a script's result nested deeply is read up to the limit, and refused past it (shared tables counted at each place)", () => {
    const build = (levels: number) => `local t = {} for i = 2, ${levels} do t = {a = t} end return t`
    expect(JSON.stringify(lua.runAction(build(luaMaxDepth), kafka('r1'))).length).toBeGreaterThan(luaMaxDepth * 5)
    expect(() => lua.runAction(build(luaMaxDepth + 1), kafka('r2'))).toThrow(`action.lua failed: the script's result is nested more than ${luaMaxDepth} levels deep`)
    // The same deep table under a shallow key and again far down: its depth there counts.
    const shared = `local deep = {} for i = 2, 600 do deep = {a = deep} end local t = deep for i = 1, 600 do t = {a = t} end return {first = deep, second = t}`
    expect(() => lua.runAction(shared, kafka('r3'))).toThrow("the script's result is nested more than")
    expect(lua.health('local t = {} t.self = t return {status = "Healthy", message = "cycle"}', kafka('r4'))).toEqual({ status: 'Healthy', message: 'cycle' })
    expect(lua.health(script, kafka('r5'), true, true)).toEqual(degraded)
  })

  it('thousands of checks in the warm state leave it answering (results are not kept on its stack)', () => {
    for (let i = 0; i < 3000; i++) lua.health(script, kafka(`many-${i}`), true, true)
    expect(lua.health(script, kafka('many-last', nested(luaMaxDepth - 2)), true, true)).toEqual(degraded)
  })
})
