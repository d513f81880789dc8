import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { HealthChecks, type LuaHealth } from './custom-health'

const widget: K8sObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' } }
// A fake at the Lua interface: answers Degraded, naming the script and whether it had open libs.
const lua: LuaHealth = { health: (script, _obj, openLibs) => ({ status: 'Degraded', message: `${script}${openLibs ? ' +libs' : ''}` }) }

describe('health customizations belong to one engine', () => {
  it('a rule set on one engine is not seen by another (no module state)', () => {
    const customized = new HealthChecks()
    const plain = new HealthChecks()
    customized.useScripts({ 'example.com/Widget': 'check-widget' }, ['example.com/Widget'], lua)
    expect(customized.healthOf(widget)).toEqual({ status: 'Degraded', message: 'check-widget +libs' })
    expect(plain.healthOf(widget)).toBeNull()
  })

  it('a missing resource of a customized kind counts toward the app, as Argo CD aggregates', () => {
    const customized = new HealthChecks()
    customized.useScripts({ 'example.com/*': 'any' }, [], lua)
    expect(customized.countsForAppHealth('example.com', 'Widget', 'Missing', null)).toBe(true)
    expect(new HealthChecks().countsForAppHealth('example.com', 'Widget', 'Missing', null)).toBe(false)
  })

  it('no scripts: the built-in rules only again', () => {
    const checks = new HealthChecks()
    checks.useScripts({ 'example.com/Widget': 'check-widget' }, [], lua)
    checks.useScripts({}, [], null)
    expect(checks.healthOf(widget)).toBeNull()
  })
})
