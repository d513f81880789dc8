import { afterAll, describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { BundledScripts } from '../customizations/bundled-scripts'
import { LuaScripts } from '../lua/lua-scripts'
import { HealthChecks, type LuaHealth } from './custom-health'

const widget: K8sObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' } }
// A fake at the Lua interface: answers Degraded, naming the script and whether it had open libs.
const fake: LuaHealth = { health: (script, _obj, openLibs) => ({ status: 'Degraded', message: `${script}${openLibs ? ' +libs' : ''}` }) }
const pausedRollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', namespace: 'ns', generation: 2 }, spec: { paused: true, strategy: { canary: {} } }, status: { observedGeneration: '2', phase: 'Paused', message: 'manually paused', pauseConditions: [{ reason: 'PausedByUser' }] } } as K8sObject
const lua = new LuaScripts()
afterAll(() => lua.close())

describe('health customizations belong to one engine', () => {
  it('a rule set on one engine is not seen by another (no module state)', () => {
    const customized = new HealthChecks({ lua: () => fake })
    const plain = new HealthChecks({ lua: () => fake })
    customized.useScripts({ 'example.com/Widget': 'check-widget' }, ['example.com/Widget'])
    expect(customized.healthOf(widget)).toEqual({ status: 'Degraded', message: 'check-widget +libs' })
    expect(plain.healthOf(widget)).toBeNull()
  })

  it("a missing resource counts toward the app only for a kind with its own check under its exact key, as Argo CD aggregates", () => {
    const customized = new HealthChecks({ lua: () => fake })
    customized.useScripts({ 'example.com/Widget': 'widget', 'other.io/*': 'any' }, [])
    expect(customized.countsForAppHealth('example.com', 'Widget', 'Missing', null)).toBe(true)
    expect(customized.countsForAppHealth('other.io', 'Thing', 'Missing', null)).toBe(false)
    // A Rollout has Argo CD's bundled script, which does not make a missing one count.
    expect(new HealthChecks({ lua: () => lua, bundled: new BundledScripts() }).countsForAppHealth('argoproj.io', 'Rollout', 'Missing', null)).toBe(false)
    expect(new HealthChecks().countsForAppHealth('apps', 'Deployment', 'Missing', null)).toBe(true)
  })

  it('no scripts: the built-in rules only again', () => {
    const checks = new HealthChecks({ lua: () => fake })
    checks.useScripts({ 'example.com/Widget': 'check-widget' }, [])
    checks.useScripts({}, [])
    expect(checks.healthOf(widget)).toBeNull()
  })
})

describe("Argo CD's order: the user's argocd-cm, then Argo CD's bundled script, then the compiled rules", () => {
  const checks = () => new HealthChecks({ lua: () => lua, bundled: new BundledScripts() })

  it("a kind Argo CD ships a script for is judged by that script, and says so", () => {
    const health = checks()
    // Argo CD's Rollout script: a Rollout paused by the user is Suspended (not Progressing).
    expect(health.healthOf(pausedRollout)).toEqual({ status: 'Suspended', message: 'manually paused' })
    expect(health.sourceOf('argoproj.io', 'Rollout')).toEqual({ kind: 'argocd', label: expect.stringMatching(/^Argo CD v\d+\.\d+\.\d+'s health check for argoproj\.io\/Rollout$/) })
    // Crossplane's wildcard folder (_.crossplane.io/_) judges any of its kinds.
    expect(health.healthOf({ apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: 'c' } })).toEqual({ status: 'Healthy', message: 'Resource is up-to-date.' })
  })

  it("the user's check wins over Argo CD's script, which wins over a compiled rule", () => {
    const health = checks()
    health.useScripts({ 'argoproj.io/Rollout': 'return {status = "Degraded", message = "mine"}' }, [])
    expect(health.healthOf(pausedRollout)).toEqual({ status: 'Degraded', message: 'mine' })
    expect(health.sourceOf('argoproj.io', 'Rollout')?.kind).toBe('argocd-cm')
    expect(health.sourceOf('apps', 'Deployment')).toEqual({ kind: 'built-in', label: "Argo CD's compiled check for Deployment (gitops-engine)" })
    expect(health.sourceOf('', 'ConfigMap')).toBeNull()
  })

  it('a script set that cannot be read makes each scripted kind Unknown with the reason, never silently healthy', () => {
    const health = new HealthChecks({ lua: () => lua, bundled: new BundledScripts('/nonexistent/argocd-scripts') })
    expect(health.healthOf(pausedRollout)).toEqual({ status: 'Unknown', message: expect.stringMatching(/Argo CD's bundled health checks cannot be read .*run npm run build/) })
    // The compiled rules still answer.
    expect(health.healthOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'ClusterIP' } } as K8sObject)?.status).toBe('Healthy')
  })
})
