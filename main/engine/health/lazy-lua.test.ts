import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { BundledScripts } from '../customizations/bundled-scripts'
import { HealthChecks, type LuaHealth } from './custom-health'

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation: 1 }, spec: { replicas: 1 }, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 } } as K8sObject
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'ClusterIP' } } as K8sObject
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } } as K8sObject
const kafka = { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'Kafka', metadata: { name: 'events' } } as K8sObject

describe('the Lua VM starts only for a kind that has a script', () => {
  it('objects with a compiled rule or none never ask for the VM (the CLI and the app start no worker for them); a bundled kind does', () => {
    const asked: string[] = []
    const checks = new HealthChecks({
      lua: () => {
        asked.push('vm')
        return { health: () => ({ status: 'Degraded', message: 'from Lua' }) } satisfies LuaHealth
      },
      bundled: new BundledScripts(),
    })
    expect(checks.healthOf(deployment)).toEqual({ status: 'Healthy', message: '' })
    expect(checks.healthOf(service)?.status).toBe('Healthy')
    expect(checks.healthOf(configMap)).toBeNull()
    expect(checks.sourceOf('apps', 'Deployment')?.kind).toBe('built-in')
    expect(asked).toEqual([])
    // Strimzi's Kafka has only Argo CD's script: the first one asks for the VM.
    expect(checks.healthOf(kafka)).toEqual({ status: 'Degraded', message: 'from Lua' })
    expect(asked).toEqual(['vm'])
  })
})
