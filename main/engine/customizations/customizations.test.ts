import { describe, expect, it } from 'vitest'
import { applyIgnoreRules } from '../diff/ignore'
import type { K8sObject } from '../base/objects'
import { splitTargets } from '../render/targets'
import { ignoreRulesFor } from '../diff/ignore-rules'
import { forGroupKind } from './lookup'
import { isExcludedResource } from './resource-filter'
import { ResourceCustomizations } from '../model/customizations-schema'

const custom = (c: object) => ResourceCustomizations.parse(c)

describe("Argo CD's resource customizations", () => {
  it('a kind finds its customization by exact key first, then by glob', () => {
    const byKey = { 'apps/Deployment': 'exact', '*.crossplane.io/*': 'crossplane', '*/*': 'all' }
    expect(forGroupKind(byKey, 'apps', 'Deployment')).toBe('exact')
    expect(forGroupKind(byKey, 'rds.aws.crossplane.io', 'DBInstance')).toBe('crossplane')
    expect(forGroupKind(byKey, '', 'ConfigMap')).toBe('all')
    expect(forGroupKind({ '/Service': 's' }, '', 'Service')).toBe('s')
  })

  it("exclusions and inclusions as Argo CD's table: excluded never, included only when inclusions name the cluster; Events and Leases never", () => {
    const none = { exclusions: [], inclusions: [] }
    expect(isExcludedResource(none, 'apps', 'Deployment', ['kind-a'])).toBe(false)
    expect(isExcludedResource(none, '', 'Event', ['kind-a'])).toBe(true)
    expect(isExcludedResource(none, 'coordination.k8s.io', 'Lease', ['kind-a'])).toBe(true)
    const filter = { exclusions: [{ apiGroups: ['*.cilium.io'], kinds: ['*'] }], inclusions: [{ apiGroups: ['apps'], clusters: ['https://prod:6443'] }] }
    expect(isExcludedResource(filter, 'x.cilium.io', 'CiliumIdentity', ['kind-a', 'https://a:6443'])).toBe(true)
    expect(isExcludedResource(filter, 'apps', 'Deployment', ['prod', 'https://prod:6443'])).toBe(false)
    expect(isExcludedResource(filter, '', 'ConfigMap', ['prod', 'https://prod:6443'])).toBe(true)
    expect(isExcludedResource(filter, '', 'ConfigMap', ['kind-a', 'https://a:6443'])).toBe(false)
  })

  it('excluded targets leave the app with an ExcludedResourceWarning, as Argo CD says it', () => {
    const objects = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }] as K8sObject[]
    const split = splitTargets(objects, { applyChildApps: false, customizations: custom({ exclusions: [{ apiGroups: ['example.com'] }] }) }, ['kind-a'])
    expect(split.targets.map((o) => o.kind)).toEqual(['ConfigMap'])
    expect(split.conditions).toEqual([{ type: 'ExcludedResourceWarning', message: 'Resource example.com/Widget w is excluded in the settings' }])
  })

  it("ignore rules: the app's, then the settings' by kind (*/* for all), and aggregated ClusterRoles' rules", async () => {
    const app = { spec: { ignoreDifferences: [{ kind: 'Secret', jsonPointers: ['/data'] }] } }
    const rules = ignoreRulesFor(app, custom({ ignoreDifferences: { '*/*': { jsonPointers: ['/metadata/labels/team'] }, 'apps/Deployment': { jsonPointers: ['/spec/replicas'] }, '/ConfigMap': { jsonPointers: ['/data/x'] } }, ignoreAggregatedRoles: true }))
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { team: 'a', app: 'd' } }, spec: { replicas: 3, paused: false } } as K8sObject
    expect(await applyIgnoreRules(deployment, rules)).toEqual({ ...deployment, metadata: { name: 'd', labels: { app: 'd' } }, spec: { paused: false } })
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: '1', y: '2' } } as K8sObject
    expect((await applyIgnoreRules(cm, rules)) as unknown).toMatchObject({ data: { y: '2' } })
    // A Deployment rule does not touch a ConfigMap's spec, nor a core rule an apps kind.
    const role = (aggregated: boolean) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, ...(aggregated ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } } : {}), rules: [{ verbs: ['get'] }] }) as K8sObject
    expect(await applyIgnoreRules(role(true), rules)).not.toHaveProperty('rules')
    expect(await applyIgnoreRules(role(false), rules)).toHaveProperty('rules')
  })
})
