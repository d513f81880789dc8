import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { HealthChecks, type LuaHealth } from './custom-health'

// A fake at the Lua interface that counts the scripts it runs; its verdict reads the object.
function counting(): LuaHealth & { runs: number } {
  const lua = { runs: 0, health: (_script: string, obj: K8sObject) => (lua.runs++, { status: 'Healthy' as const, message: String((obj as { status?: { phase?: string } }).status?.phase) }) }
  return lua
}
const widget = (uid: string | undefined, resourceVersion: string | undefined, phase: string) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', uid, resourceVersion }, status: { phase } }) as K8sObject

describe("a health script's verdict is remembered per object version", () => {
  it('an unchanged live object is not judged again; a new version, another object or new scripts are', () => {
    const lua = counting()
    const checks = new HealthChecks({ lua: () => lua })
    checks.useScripts({ 'example.com/Widget': 'return {status = "Healthy"}' }, [])
    expect(checks.healthOf(widget('u1', '5', 'Running'))?.message).toBe('Running')
    expect(checks.healthOf(widget('u1', '5', 'Running'))?.message).toBe('Running')
    expect(lua.runs).toBe(1)
    expect(checks.healthOf(widget('u1', '6', 'Failed'))?.message).toBe('Failed')
    expect(checks.healthOf(widget('u2', '5', 'Other'))?.message).toBe('Other')
    expect(lua.runs).toBe(3)
    checks.useScripts({ 'example.com/Widget': 'return {status = "Healthy", message = "v2"}' }, [])
    checks.healthOf(widget('u1', '5', 'Running'))
    expect(lua.runs).toBe(4)
  })

  it('a script that reads the clock, or an object with no version (a file), is judged every time', () => {
    const lua = counting()
    const checks = new HealthChecks({ lua: () => lua })
    checks.useScripts({ 'example.com/Widget': 'if os.time() > 0 then return {status = "Healthy"} end' }, [])
    checks.healthOf(widget('u1', '5', 'Running'))
    checks.healthOf(widget('u1', '5', 'Running'))
    checks.useScripts({ 'example.com/Widget': 'return {status = "Healthy"}' }, [])
    checks.healthOf(widget(undefined, undefined, 'Running'))
    checks.healthOf(widget(undefined, undefined, 'Running'))
    expect(lua.runs).toBe(4)
  })

  it('objects read from files (remember: false) are judged every time, even with the same uid and version', () => {
    const lua = counting()
    const checks = new HealthChecks({ lua: () => lua, remember: false })
    checks.useScripts({ 'example.com/Widget': 'return {status = "Healthy"}' }, [])
    expect(checks.healthOf(widget('u1', '5', 'Ready'))?.message).toBe('Ready')
    expect(checks.healthOf(widget('u1', '5', 'NotReady'))?.message).toBe('NotReady')
    // With the memo, another object (name) with the same uid and version is still its own.
    const remembering = new HealthChecks({ lua: () => lua })
    remembering.useScripts({ 'example.com/Widget': 'return {status = "Healthy"}' }, [])
    remembering.healthOf(widget('u1', '5', 'Ready'))
    expect(remembering.healthOf({ ...widget('u1', '5', 'Other'), metadata: { name: 'w2', uid: 'u1', resourceVersion: '5' } })?.message).toBe('Other')
  })
})
