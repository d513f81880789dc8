import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { Application } from '../../main/engine/model/app-schema'
import { ClusterClient } from '../../main/engine/clusters/cluster-client'
import { compareResources } from '../../main/engine/diff/compare'
import { aggregateHealth, healthOf } from '../../main/engine/health/health'
import { GitRepoCache } from '../../main/engine/repos/git-cache'
import { renderApp } from '../../main/engine/render/render-app'
import type { K8sObject } from '../../main/engine/base/objects'
import { SyncOperation, type SyncRequest } from '../../main/engine/sync/operation'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'

const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook', 'sync-waves', 'kustomize-guestbook', 'helm-guestbook', 'sock-shop'])
const repos = new GitRepoCache(mkdtempSync(join(tmpdir(), 'gitops-desk-cache-')))
afterAll(() => repo.remove())
const config = new KubeConfig()
config.loadFromFile(kubeconfig)
config.setCurrentContext('ground-1')
const client = new ClusterClient('ground-1', config)
const kubectl = kubectlOn('ground-1')

async function target(path: string, namespace: string): Promise<K8sObject[]> {
  const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: namespace }, spec: { source: { repoURL: repo.url, path }, destination: { server: 'https://kubernetes.default.svc', namespace } } })
  return (await renderApp(app, { repos, settings: { helmPath: bin.helm, kustomizePath: bin.kustomize } })).objects
}
const request = (targets: K8sObject[], more: Partial<SyncRequest> = {}): SyncRequest => ({
  targets,
  extras: [],
  prune: false,
  dryRun: false,
  force: false,
  plan: { revision: repo.head(), startedAt: new Date() },
  pollMs: 250,
  waveTimeoutMs: 90_000,
  ...more,
})
const appHealth = async (objects: K8sObject[]) => aggregateHealth(await Promise.all(objects.map(async (o) => healthOf(await client.get(o)))))
const allResourceVersions = (namespace: string) =>
  kubectl('-n', namespace, 'get', 'deployment,service,ingress', '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{"\\n"}{end}').split('\n').filter(Boolean).sort()
const resourceVersions = (namespace: string) => kubectl('-n', namespace, 'get', 'deployment,service', '-o', 'jsonpath={.items[*].metadata.resourceVersion}')

describe('sync on the ground', () => {
  it('guestbook syncs from scratch to Synced and Healthy; a second sync changes nothing', async () => {
    const objects = await target('guestbook', 'sync-gb')
    const state = await new SyncOperation(client, request(objects, { createNamespace: 'sync-gb' })).run()
    expect(state.phase, state.message).toBe('Succeeded')
    // The namespace CreateNamespace made is a result too, as in Argo CD.
    expect(state.resources.map((r) => `${r.key} ${r.code}`).sort()).toEqual(['/Namespace//sync-gb Synced', '/Service/sync-gb/guestbook-ui Synced', 'apps/Deployment/sync-gb/guestbook-ui Synced'])
    expect((await compareResources(client, objects)).status).toBe('Synced')
    await expect.poll(() => appHealth(objects), { timeout: 60_000, interval: 500 }).toBe('Healthy')

    const before = resourceVersions('sync-gb')
    expect((await new SyncOperation(client, request(objects)).run()).phase).toBe('Succeeded')
    expect(resourceVersions('sync-gb')).toBe(before)
  })

  it.each([
    ['kustomize-guestbook', 'sync-kgb', 2],
    ['helm-guestbook', 'sync-hgb', 2],
    ['sock-shop', 'sync-sock', 29],
  ])('%s syncs from scratch to Synced and Healthy; a second sync changes nothing', async (path, namespace, count) => {
    const objects = await target(path, namespace)
    expect(objects).toHaveLength(count)
    const state = await new SyncOperation(client, request(objects, { createNamespace: namespace })).run()
    expect(state.phase, `${state.message}\n${JSON.stringify(state.resources.filter((r) => r.code !== 'Synced'), null, 1)}`).toBe('Succeeded')
    expect(new Set(state.resources.map((r) => r.code))).toEqual(new Set(['Synced']))
    expect((await compareResources(client, objects)).status).toBe('Synced')
    await expect.poll(() => appHealth(objects), { timeout: 90_000, interval: 1000 }).toBe('Healthy')

    const before = allResourceVersions(namespace)
    const again = await new SyncOperation(client, request(objects)).run()
    expect(again.phase).toBe('Succeeded')
    expect(allResourceVersions(namespace)).toEqual(before)
  })

  it('step() advances one piece of work at a time; terminate() stops before the next wave', async () => {
    const objects = await target('sync-waves', 'sync-term')
    const operation = new SyncOperation(client, request(objects, { createNamespace: 'sync-term' }))
    expect(await operation.step()).toEqual({ done: false, waitMs: 0 }) // the dry run
    expect(operation.state()).toMatchObject({ phase: 'Running', applied: ['/Namespace//sync-term'] }) // CreateNamespace, before the dry run
    await operation.step() // applies the PreSync hook
    expect(operation.state().applied).toHaveLength(2)
    operation.terminate()
    expect(operation.state().phase).toBe('Terminating')
    expect(await operation.step()).toEqual({ done: true, waitMs: 0 })
    expect(operation.state()).toMatchObject({ phase: 'Failed', message: 'operation terminated' })
    expect(operation.state().applied).toHaveLength(2)
    expect(kubectl('-n', 'sync-term', 'get', 'service', '-o', 'name')).toBe('')
  })

  it('sync-waves: hooks and waves run in Argo CD order, each wave healthy before the next', async () => {
    const objects = await target('sync-waves', 'sync-waves')
    const states: string[] = []
    const state = await new SyncOperation(client, request(objects, { createNamespace: 'sync-waves' })).run((s) => states.push(s.phase))
    expect(state.phase, `${state.message}\n${JSON.stringify(state.resources, null, 1)}`).toBe('Succeeded')
    expect(state.applied.map((k) => k.replace(/upgrade-sql-schema[0-9a-f]{7}-presync-\d+/, 'upgrade-sql-schema<generated>'))).toEqual([
      '/Namespace//sync-waves',
      'batch/Job/sync-waves/upgrade-sql-schema<generated>',
      '/Service/sync-waves/backend',
      'apps/ReplicaSet/sync-waves/backend',
      'batch/Job/sync-waves/maint-page-up',
      '/Service/sync-waves/frontend',
      'apps/ReplicaSet/sync-waves/frontend',
      'batch/Job/sync-waves/maint-page-down',
    ])
    expect(states.at(-1)).toBe('Succeeded')
  })

  it('a dry-run error in one object applies nothing at all', async () => {
    kubectl('create', 'namespace', 'sync-dry')
    const good: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine', namespace: 'sync-dry' }, data: { a: 'b' } }
    const bad: K8sObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'broken', namespace: 'sync-dry' }, spec: { replicas: 'many', selector: {}, template: {} } }
    const state = await new SyncOperation(client, request([good, bad])).run()
    expect(state.phase).toBe('Failed')
    expect(state.message).toMatch(/failed to apply \(dry run\); nothing was changed/)
    expect(state.resources.find((r) => r.key === 'apps/Deployment/sync-dry/broken')).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/replicas/) })
    expect(state.applied).toEqual([])
    expect(kubectl('-n', 'sync-dry', 'get', 'configmap', '-o', 'name')).not.toContain('fine')
  })

  it('names and namespaces the API server rejects are reported on their own resources, in compare and in sync', async () => {
    kubectl('create', 'namespace', 'sync-names')
    const good: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine', namespace: 'sync-names' }, data: { a: 'b' } }
    const badName: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Name', namespace: 'sync-names' }, data: { a: 'b' } }
    const badNamespace: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok', namespace: 'Bad_Namespace' }, data: { a: 'b' } }
    const compared = await compareResources(client, [good, badName, badNamespace])
    expect(compared.resources.find((r) => r.key === '/ConfigMap/sync-names/fine')).toMatchObject({ status: 'Missing' })
    expect(compared.resources.find((r) => r.key === '/ConfigMap/sync-names/Not_A_Name')?.error?.message).toMatch(/Not_A_Name.*(RFC 1123|lowercase)/s)
    // A namespace that does not exist cannot be dry-run in: Missing, and the notice says why.
    expect(compared.resources.find((r) => r.key === '/ConfigMap/Bad_Namespace/ok')).toMatchObject({ status: 'Missing', notice: expect.stringMatching(/Bad_Namespace/) })
    const state = await new SyncOperation(client, request([good, badName, badNamespace])).run()
    expect(state.phase).toBe('Failed')
    expect(state.resources.find((r) => r.key === '/ConfigMap/sync-names/Not_A_Name')).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/Not_A_Name/) })
    expect(state.resources.find((r) => r.key === '/ConfigMap/Bad_Namespace/ok')).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/Bad_Namespace/) })
    expect(state.applied).toEqual([])
    // Kinds whose names may have capitals (RBAC) are read and written by the name as written.
    const role: K8sObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'GitOpsDesk-Reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] }
    const synced = await new SyncOperation(client, request([role])).run()
    expect(synced.phase, synced.message).toBe('Succeeded')
    expect(kubectl('get', 'clusterrole', 'GitOpsDesk-Reader', '-o', 'name').trim()).toBe('clusterrole.rbac.authorization.k8s.io/GitOpsDesk-Reader')
    expect((await compareResources(client, [role])).status).toBe('Synced')
  })

  it('prunes a removed object only when asked; Prune=false keeps it and reports PruneSkipped', async () => {
    kubectl('create', 'namespace', 'sync-prune')
    const cm = (name: string, annotations: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'sync-prune', annotations }, data: {} })
    await new SyncOperation(client, request([cm('keep'), cm('gone'), cm('protected', { 'argocd.argoproj.io/sync-options': 'Prune=false' })])).run()
    const extras = [cm('gone'), cm('protected', { 'argocd.argoproj.io/sync-options': 'Prune=false' })]
    const without = await new SyncOperation(client, request([cm('keep')], { extras })).run()
    expect(without.resources.filter((r) => r.action === 'prune').map((r) => r.code)).toEqual(['PruneSkipped', 'PruneSkipped'])
    expect(kubectl('-n', 'sync-prune', 'get', 'configmap', 'gone', '-o', 'name').trim()).toBe('configmap/gone')
    const withPrune = await new SyncOperation(client, request([cm('keep')], { extras, prune: true })).run()
    expect(withPrune.resources.filter((r) => r.action === 'prune').map((r) => [r.key, r.code, r.message])).toEqual([
      ['/ConfigMap/sync-prune/gone', 'Pruned', 'pruned'],
      ['/ConfigMap/sync-prune/protected', 'PruneSkipped', 'ignored (no prune)'],
    ])
    const names = YAML.parse(kubectl('-n', 'sync-prune', 'get', 'configmap', '-o', 'yaml')).items.map((i: K8sObject) => i.metadata.name)
    expect(names).toContain('protected')
    expect(names).not.toContain('gone')
  })
})

describe('prune with owners', () => {
  it('a pruned Deployment takes its ReplicaSets and Pods with it; pruning everything needs allowEmpty', async () => {
    const objects = await target('guestbook', 'sync-gc')
    expect((await new SyncOperation(client, request(objects, { createNamespace: 'sync-gc' })).run()).phase).toBe('Succeeded')
    const count = (kind: string) => kubectl('-n', 'sync-gc', 'get', kind, '-o', 'name').split('\n').filter(Boolean).length
    expect(count('replicasets')).toBe(1)
    expect(count('pods')).toBe(1)
    const deployment = objects.find((o) => o.kind === 'Deployment')!
    const service = objects.find((o) => o.kind === 'Service')!
    const all = await new SyncOperation(client, request([], { extras: objects, prune: true })).run()
    expect(all).toMatchObject({ phase: 'Failed', message: expect.stringMatching(/refusing to prune all 2 resources/) })
    expect(count('deployments')).toBe(1)
    const pruned = await new SyncOperation(client, request([service], { extras: [deployment], prune: true })).run()
    expect(pruned.phase).toBe('Succeeded')
    await expect.poll(() => count('replicasets') + count('pods') + count('deployments'), { timeout: 60_000, interval: 500 }).toBe(0)
  })
})

describe('sync options', () => {
  const cm = (name: string, namespace: string, data: Record<string, string>, options?: string): K8sObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, ...(options ? { annotations: { 'argocd.argoproj.io/sync-options': options } } : {}) },
    data,
  })
  const managers = (namespace: string, name: string) =>
    kubectl.json<K8sObject & { metadata: { managedFields: { manager: string; operation: string }[] } }>('-n', namespace, 'get', 'configmap', name, '--show-managed-fields').metadata.managedFields.map((f) => `${f.manager}:${f.operation}`)

  it('Replace=true creates, then replaces the whole object (no apply)', async () => {
    kubectl('create', 'namespace', 'sync-replace')
    const first = await new SyncOperation(client, request([cm('whole', 'sync-replace', { a: '1', b: '2' }, 'Replace=true')])).run()
    expect(first.phase, first.message).toBe('Succeeded')
    kubectl('-n', 'sync-replace', 'label', 'configmap', 'whole', 'added-by-hand=yes')
    const second = await new SyncOperation(client, request([cm('whole', 'sync-replace', { a: '3' }, 'Replace=true')])).run()
    expect(second.phase, second.message).toBe('Succeeded')
    const live = kubectl.json<K8sObject & { data: Record<string, string> }>('-n', 'sync-replace', 'get', 'configmap', 'whole')
    expect(live.data).toEqual({ a: '3' })
    expect(live.metadata.labels).toBeUndefined() // a replace drops what Git does not have
    expect(managers('sync-replace', 'whole')).toEqual(['gitops-desk:Update'])
  })

  it('ServerSideApply=false applies client-side: last-applied annotation kept, dropped keys removed, others\' kept', async () => {
    kubectl('create', 'namespace', 'sync-csa')
    const option = 'ServerSideApply=false'
    expect((await new SyncOperation(client, request([cm('classic', 'sync-csa', { a: '1', b: '2' }, option)])).run()).phase).toBe('Succeeded')
    kubectl('-n', 'sync-csa', 'patch', 'configmap', 'classic', '--type=merge', '-p', '{"data":{"theirs":"x"}}')
    const state = await new SyncOperation(client, request([cm('classic', 'sync-csa', { a: '1' }, option)])).run()
    expect(state.phase, state.message).toBe('Succeeded')
    const live = kubectl.json<K8sObject & { data: Record<string, string> }>('-n', 'sync-csa', 'get', 'configmap', 'classic')
    expect(live.data).toEqual({ a: '1', theirs: 'x' })
    const lastApplied = JSON.parse(live.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']!) as { data: unknown }
    expect(lastApplied.data).toEqual({ a: '1' })
    expect(managers('sync-csa', 'classic')).not.toContain('gitops-desk:Apply')
  })

  it('an unknown field fails the dry run; Validate=false drops it and syncs', async () => {
    kubectl('create', 'namespace', 'sync-validate')
    const odd = (options?: string): K8sObject => ({ ...cm('odd', 'sync-validate', { a: '1' }, options), colour: 'blue' })
    const strict = await new SyncOperation(client, request([odd()])).run()
    expect(strict.phase).toBe('Failed')
    expect(strict.resources[0]).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/\.colour: field not declared in schema/) })
    const lax = await new SyncOperation(client, request([odd('Validate=false')])).run()
    expect(lax.phase, lax.message).toBe('Succeeded')
    expect(kubectl('-n', 'sync-validate', 'get', 'configmap', 'odd', '-o', 'jsonpath={.data.a}')).toBe('1')
  })
})

describe('sync failures', () => {
  it('a field another manager set is taken over, as Argo CD applies; an immutable change fails unless forced (re-created)', async () => {
    kubectl('create', 'namespace', 'sync-conflict')
    kubectl('-n', 'sync-conflict', 'create', 'configmap', 'shared', '--from-literal=color=red')
    const ours: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared', namespace: 'sync-conflict' }, data: { color: 'blue' } }
    const taken = await new SyncOperation(client, request([ours])).run()
    expect(taken.phase, taken.message).toBe('Succeeded')
    expect(kubectl('-n', 'sync-conflict', 'get', 'configmap', 'shared', '-o', 'jsonpath={.data.color}')).toBe('blue')

    const frozen = (value: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'frozen', namespace: 'sync-conflict' }, data: { value }, immutable: true })
    expect((await new SyncOperation(client, request([frozen('1')])).run()).phase).toBe('Succeeded')
    const uid = kubectl('-n', 'sync-conflict', 'get', 'configmap', 'frozen', '-o', 'jsonpath={.metadata.uid}')
    const refused = await new SyncOperation(client, request([frozen('2')])).run()
    expect(refused.phase).toBe('Failed')
    expect(refused.resources[0]).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/immutable/) })
    const forced = await new SyncOperation(client, request([frozen('2')], { force: true })).run()
    expect(forced.phase, forced.message).toBe('Succeeded')
    expect(kubectl('-n', 'sync-conflict', 'get', 'configmap', 'frozen', '-o', 'jsonpath={.data.value}')).toBe('2')
    expect(kubectl('-n', 'sync-conflict', 'get', 'configmap', 'frozen', '-o', 'jsonpath={.metadata.uid}')).not.toBe(uid)
  })

  it('the limited context: a 403 fails that resource, with the reason', async () => {
    const limitedConfig = new KubeConfig()
    limitedConfig.loadFromFile(kubeconfig)
    limitedConfig.setCurrentContext('ground-1-limited')
    const limited = new ClusterClient('ground-1-limited', limitedConfig)
    const outside: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: {} }
    const state = await new SyncOperation(limited, request([outside])).run()
    expect(state.phase).toBe('Failed')
    expect(state.resources[0]).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/forbidden: User "limited" cannot patch resource "configmaps"/) })
  })

  it('a failing PreSync hook stops the sync before the app, and runs the SyncFail hooks', async () => {
    kubectl('create', 'namespace', 'sync-hookfail')
    const job = (name: string, hook: string, spec: Record<string, unknown>): K8sObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: 'sync-hookfail', annotations: { 'argocd.argoproj.io/hook': hook } },
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }], ...spec } } },
    })
    // No node matches, so the pod never runs and the deadline fails the Job.
    const failing = { ...job('migrate', 'PreSync', { nodeSelector: { 'no-such': 'node' } }) }
    ;(failing.spec as Record<string, unknown>).activeDeadlineSeconds = 2
    const app: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'sync-hookfail' }, data: {} }
    const state = await new SyncOperation(client, request([failing, app, job('notify-failure', 'SyncFail', {})])).run()
    expect(state.phase).toBe('Failed')
    expect(state.resources.find((r) => r.key.endsWith('/migrate'))).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/deadline/i) })
    expect(state.applied).toEqual(['batch/Job/sync-hookfail/migrate', 'batch/Job/sync-hookfail/notify-failure'])
    expect(kubectl('-n', 'sync-hookfail', 'get', 'configmap', '-o', 'name')).not.toContain('configmap/app')
  })
})
