import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryKube } from '../../../test/support/memory-kube'
import type { K8sObject } from '../base/objects'
import { BundledScripts } from '../customizations/bundled-scripts'
import { LuaScripts } from '../lua/lua-scripts'
import { availableActions } from './available'
import { keepShapes } from './lua-actions'
import { runOperations } from './run-action'

const widget = (replicas: number) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns', labels: {} }, spec: { replicas, ports: [], selector: {} }, status: { phase: 'Running' } }) as K8sObject
const bundled = new BundledScripts()
const set = {
  discovery: 'local a = {}\na["scale-up"] = {disabled = obj.spec.replicas >= 3, displayName = "Scale up"}\na["reset"] = {}\na["ghost"] = {}\nreturn a',
  definitions: [
    { name: 'scale-up', script: 'obj.spec.replicas = obj.spec.replicas + 1\nobj.status.phase = "Scaling"\nreturn obj' },
    { name: 'reset', script: 'local cm = {apiVersion = "v1", kind = "ConfigMap", metadata = {name = "reset-" .. obj.metadata.name, namespace = obj.metadata.namespace}, data = {at = "now"}}\nreturn {{operation = "create", resource = cm}}' },
  ],
  mergeBuiltinActions: false,
}

describe('Lua actions from argocd-cm', () => {
  let lua: LuaScripts
  beforeAll(async () => (lua = await LuaScripts.create()))
  afterAll(() => lua.close())

  it('discovery.lua lists them (sorted, with Argo CD display names); one without action.lua is disabled', () => {
    const listed = availableActions(widget(1), { actions: { 'example.com/Widget': set } }, lua, bundled)
    expect(listed.map((a) => [a.name, a.disabled, a.source])).toEqual([['ghost', true, 'argocd-cm'], ['reset', false, 'argocd-cm'], ['scale-up', false, 'argocd-cm']])
    expect(listed.find((a) => a.name === 'scale-up')?.description).toBe('Scale up')
    expect(availableActions(widget(3), { actions: { 'example.com/Widget': set } }, lua, bundled).find((a) => a.name === 'scale-up')?.disabled).toBe(true)
  })

  it("a kind's Lua actions replace Argo CD's own, or stand beside them with mergeBuiltinActions; globs match kinds", () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1 } } as K8sObject
    // Argo CD's own (its bundled discovery.lua for Deployment: pause only once spec.paused is set).
    expect(availableActions(deployment, { actions: {} }, lua, bundled).map((a) => `${a.name}:${a.source}:${a.disabled}`)).toEqual(['restart:argocd:false', 'resume:argocd:true', 'scale:argocd:false'])
    const only = { discovery: 'return {restart = {disabled = true}, bump = {}}', definitions: [{ name: 'bump', script: 'return obj' }], mergeBuiltinActions: false }
    expect(availableActions(deployment, { actions: { 'apps/*': only } }, lua, bundled).map((a) => a.name)).toEqual(['bump', 'restart'])
    const merged = availableActions(deployment, { actions: { 'apps/Deployment': { ...only, mergeBuiltinActions: true } } }, lua, bundled)
    expect(merged.map((a) => `${a.name}:${a.source}:${a.disabled}`)).toEqual(['bump:argocd-cm:false', 'restart:argocd-cm:true', 'resume:argocd:true', 'scale:argocd:false'])
    // An action only the user's discovery names runs Argo CD's action.lua of that name, as Argo CD does.
    const restart = availableActions(deployment, { actions: { 'apps/Deployment': { ...only, discovery: 'return {restart = {}}' } } }, lua, bundled)[0]!
    const patched = restart.run({ ...deployment, spec: { replicas: 1, template: { metadata: {} } } } as K8sObject)[0]!.resource as K8sObject & { spec: { template: { metadata: { annotations: Record<string, string> } } } }
    expect(patched.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it('a patch goes to the status subresource and the object; a create makes the object; dry run changes nothing', async () => {
    const kube = new MemoryKube()
    const live = await kube.apply(widget(1))
    const [scaleUp, reset] = [...availableActions(live, { actions: { 'example.com/Widget': set } }, lua, bundled)].filter((a) => a.name !== 'ghost').reverse()
    expect(await runOperations(kube, live, scaleUp!.run(live), true)).toEqual(['patched example.com/Widget/ns/w'])
    expect((await kube.get(live))?.spec).toMatchObject({ replicas: 1 })
    expect(await runOperations(kube, live, scaleUp!.run(live), false)).toEqual(['patched example.com/Widget/ns/w'])
    const after = (await kube.get(live)) as K8sObject & { spec: { replicas: number; ports: unknown }; status: { phase: string } }
    // An untouched empty list stays a list (a Lua table cannot tell).
    expect([after.spec.replicas, after.status.phase, after.spec.ports]).toEqual([2, 'Scaling', []])
    expect(await runOperations(kube, live, reset!.run(live), false)).toEqual(['created /ConfigMap/ns/reset-w'])
    await expect(runOperations(kube, live, reset!.run(live), false)).rejects.toThrow(/already exists/)
  })

  it("Argo CD's own action patches only what it changes: a live object's managedFields are not patched away, and a no-op writes nothing", async () => {
    const kube = new MemoryKube()
    const managedFields = [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:paused': {} } } }]
    const live = await kube.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns', managedFields }, spec: { paused: true, replicas: 1 } } as K8sObject)
    const actions = availableActions(live, { actions: {} }, lua, bundled)
    expect(live.metadata.managedFields).toEqual(managedFields)
    // Already paused: Argo CD's pause changes nothing, so nothing is sent.
    expect(await runOperations(kube, live, actions.find((a) => a.name === 'pause')!.run(live), false)).toEqual(['apps/Deployment/ns/web already as the action leaves it'])
    const resumed = actions.find((a) => a.name === 'resume')!.run(live)[0]!.resource
    expect(resumed.metadata.managedFields).toEqual(managedFields)
    expect(await runOperations(kube, live, actions.find((a) => a.name === 'resume')!.run(live), false)).toEqual(['patched apps/Deployment/ns/web'])
    expect((await kube.get(live))?.metadata.managedFields).toEqual(managedFields)
  })

  it('a script that fails, loops or returns no table is a clear error naming the script; an unknown operation too', () => {
    const broken = (script: string) => availableActions(widget(1), { actions: { 'example.com/Widget': { ...set, definitions: [{ name: 'scale-up', script }] } } }, lua, bundled).find((a) => a.name === 'scale-up')!
    expect(() => broken('error("no quota")').run(widget(1))).toThrow(/action.lua failed: .*no quota/)
    expect(() => broken('while true do end').run(widget(1))).toThrow('action.lua ran longer than 1 s and was stopped')
    expect(() => broken('return 42').run(widget(1))).toThrow(/action.lua failed: it returned number, not a table/)
    expect(() => broken('return {{operation = "delete", resource = obj}}').run(widget(1))).toThrow(/operation "delete", not "patch" or "create"/)
    expect(() => availableActions(widget(1), { actions: { 'example.com/Widget': { ...set, discovery: 'os.execute("id")' } } }, lua, bundled)).toThrow(/discovery.lua failed: .*execute/)
  })

  it('keepShapes: an empty map where a list was is a list again, and the reverse', () => {
    expect(keepShapes({ a: {}, b: [], c: { d: {} } }, { a: [], b: {}, c: { d: [1] } })).toEqual({ a: [], b: {}, c: { d: [] } })
  })
})
