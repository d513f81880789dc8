import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DeskEvent } from '../../shared/model'
import { openDesk } from '../../main/api/desk'
import type { DeskService } from '../../main/engine/service/desk-service'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import { runKubectl } from '../support/kubectl'

// Argo CD instances as backends, on the ground's Argo CD (ground-1, namespace argocd): what Argo
// CD's controller says is shown as it says it, and what the desk writes on an Application is what
// Argo CD's API server writes for `argocd app …`, so Argo CD's controller acts on it.
const namespace = inject('argocdNamespace')
const kubeconfig = inject('kubeconfig')
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const kubectl = (args: string[], input?: string, context = 'ground-1') => runKubectl(context, args, input)
const repo = FixtureRepo.create(['guestbook'])
// A PreSync hook Pod never completes on the ground (kwok completes only Jobs' pods; running, a Pod
// that never restarts is Progressing, where one that would restart is Healthy and done): an
// operation that runs until terminated.
mkdirSync(join(repo.dir, 'stuck'))
writeFileSync(join(repo.dir, 'stuck', 'hook.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'wait-forever', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } }))
writeFileSync(join(repo.dir, 'stuck', 'cm.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-hook' }, data: { a: '1' } }))
repo.commit('a stuck hook')
const apps: string[] = []
let desk: DeskService
const events: DeskEvent[] = []

const createArgoApp = (name: string, path = 'guestbook', more: Record<string, unknown> = {}) => {
  apps.push(name)
  const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace, annotations: { 'argocd.argoproj.io/refresh': 'hard' } }, spec: { project: 'default', source: { repoURL: repo.url, path, targetRevision: 'main' }, destination: { server: 'https://kubernetes.default.svc', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] }, ...more } }
  kubectl(['apply', '-f', '-'], JSON.stringify(app))
}
const argoJson = (name: string) => JSON.parse(kubectl(['-n', namespace, 'get', 'application', name, '-o', 'json'])) as { metadata: { annotations?: Record<string, string>; finalizers?: string[] }; operation?: unknown; status?: { sync?: { status?: string }; health?: { status?: string }; operationState?: { phase?: string; operation?: { initiatedBy?: { username?: string } }; syncResult?: { revision?: string } }; history?: { id: number; revision: string }[]; reconciledAt?: string } }
const id = (name: string) => `argocd@ground-1/${name}`

beforeAll(async () => {
  desk = openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-argoback-')), secrets: new MemorySecrets(), start: false, syncPollMs: 250, controller: false, eventBatchMs: 0 })
  desk.subscribe((batch) => events.push(...batch))
  expect((await desk.argoBackends.instances()).map((i) => i.id)).toContain('argocd@ground-1')
})

afterAll(async () => {
  for (const name of apps) {
    if (!kubectl(['-n', namespace, 'get', 'application', name, '--ignore-not-found', '-o', 'name']).trim()) continue
    kubectl(['-n', namespace, 'patch', 'application', name, '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}'])
    kubectl(['-n', namespace, 'delete', 'application', name, '--ignore-not-found', '--wait=false'])
  }
  kubectl(['-n', namespace, 'delete', 'role,rolebinding', 'argoback-read', '--ignore-not-found'])
  await desk?.close()
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
})

describe('Argo CD instances as backends', () => {
  it("finds the ground's Argo CD by its argocd-cm, and lists an Application created with kubectl, with Argo CD's own sync and health", { timeout: 300_000 }, async () => {
    const instance = (await desk.argoBackends.instances()).find((i) => i.id === 'argocd@ground-1')
    expect(instance).toMatchObject({ context: 'ground-1', namespace, from: 'discovered', problem: null })
    createArgoApp('ab-list')
    // The watch announces it: no list is asked for again.
    await expect.poll(() => events.some((e) => e.type === 'argocd-app' && e.id === id('ab-list')), { timeout: 30_000, interval: 100 }).toBe(true)
    await expect.poll(async () => (await desk.argoBackends.summaries()).find((s) => s.name === id('ab-list'))?.status?.sync, { timeout: 120_000, interval: 500 }).toBe('OutOfSync')
    const summary = (await desk.argoBackends.summaries()).find((s) => s.name === id('ab-list'))!
    const theirs = argoJson('ab-list').status!
    expect({ sync: summary.status?.sync, health: summary.status?.health, marker: summary.argocd }).toEqual({ sync: theirs.sync?.status, health: theirs.health?.status, marker: { instance: 'argocd@ground-1', name: 'ab-list' } })
    // Nothing about it is stored: the local apps are as they were.
    expect(desk.apps()).toEqual([])
  })

  it("Sync writes the operation Argo CD's controller runs: it succeeds, initiated by the kubeconfig user, and the resources appear", { timeout: 300_000 }, async () => {
    createArgoApp('ab-sync')
    await expect.poll(async () => (await desk.argoBackends.app(id('ab-sync'))).sync.status, { timeout: 120_000, interval: 500 }).toBe('OutOfSync')
    await desk.argoBackends.sync(id('ab-sync'), {})
    const done = await desk.argoBackends.waitForOperation(id('ab-sync'))
    expect(done.operationState).toMatchObject({ phase: 'Succeeded', initiatedBy: 'ground-1-admin' })
    expect(argoJson('ab-sync').status?.operationState?.operation?.initiatedBy?.username).toBe('ground-1-admin')
    expect(kubectl(['-n', 'ab-sync', 'get', 'deployment,service', '-o', 'name']).split('\n').filter(Boolean).sort()).toEqual(['deployment.apps/guestbook-ui', 'service/guestbook-ui'])
    await expect.poll(async () => (await desk.argoBackends.app(id('ab-sync'))).sync.status, { timeout: 120_000, interval: 500 }).toBe('Synced')
    // The tree: Argo CD's resources, joined with what they own in the live cache.
    await expect.poll(async () => (await desk.argoInsight.tree(id('ab-sync'))).map((n) => n.kind).sort(), { timeout: 60_000, interval: 500 }).toEqual(expect.arrayContaining(['Deployment', 'Service']))
    // The diff, rendered here from the same file:// source.
    const diff = await desk.argoInsight.diff(id('ab-sync'))
    expect(diff.available && diff.diff.resources.map((r) => r.status)).toEqual(['Synced', 'Synced'])
    // A resource panel open on it hears of it changing (an edit with kubectl), as a local app's does: it shows what is live now.
    const key = 'apps/Deployment/ab-sync/guestbook-ui'
    expect((await desk.resources.details(id('ab-sync'), key)).live).not.toContain('edited-by')
    kubectl(['-n', 'ab-sync', 'annotate', 'deployment', 'guestbook-ui', 'edited-by=kubectl'])
    await expect.poll(() => events.some((e) => e.type === 'resource-changed' && e.app === id('ab-sync') && e.key === key), { timeout: 30_000, interval: 200 }).toBe(true)
    expect((await desk.resources.details(id('ab-sync'), key)).live).toContain('edited-by: kubectl')
  })

  it('Refresh and Hard refresh set the refresh annotation, which Argo CD takes away once it has compared', { timeout: 300_000 }, async () => {
    const before = argoJson('ab-sync').status?.reconciledAt ?? ''
    const refreshed = await desk.argoBackends.refresh(id('ab-sync'), true)
    expect(refreshed.name).toBe('ab-sync')
    await expect.poll(() => argoJson('ab-sync').metadata.annotations?.['argocd.argoproj.io/refresh'], { timeout: 120_000, interval: 500 }).toBeUndefined()
    expect(Date.parse(argoJson('ab-sync').status?.reconciledAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before))
  })

  it("Terminate stops a running operation as argocd app terminate-op does (Argo CD's controller ends it Failed)", { timeout: 300_000 }, async () => {
    createArgoApp('ab-stuck', 'stuck')
    await expect.poll(async () => (await desk.argoBackends.app(id('ab-stuck'))).sync.status, { timeout: 120_000, interval: 500 }).toBe('OutOfSync')
    await desk.argoBackends.sync(id('ab-stuck'), {})
    await expect.poll(async () => (await desk.argoBackends.app(id('ab-stuck'))).operationState?.phase, { timeout: 120_000, interval: 500 }).toBe('Running')
    await expect(desk.argoBackends.sync(id('ab-stuck'), {})).rejects.toThrow(/another operation is already in progress/)
    await desk.argoBackends.terminate(id('ab-stuck'))
    const done = await desk.argoBackends.waitForOperation(id('ab-stuck'))
    expect(done.operationState).toMatchObject({ phase: 'Failed', message: expect.stringMatching(/terminated/i) })
    await expect(desk.argoBackends.terminate(id('ab-stuck'))).rejects.toThrow(/No operation is in progress/)
  })

  it('Rollback syncs a history entry again (by its id), and is refused for an id Argo CD does not have', { timeout: 300_000 }, async () => {
    const first = argoJson('ab-sync').status!.history!.at(-1)!
    writeFileSync(join(repo.dir, 'guestbook', 'extra.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' }, data: { b: '2' } }))
    const second = repo.commit('an extra ConfigMap')
    await desk.argoBackends.refresh(id('ab-sync'), true)
    await expect.poll(async () => (await desk.argoBackends.app(id('ab-sync'))).sync.status, { timeout: 120_000, interval: 500 }).toBe('OutOfSync')
    await desk.argoBackends.sync(id('ab-sync'), {})
    expect((await desk.argoBackends.waitForOperation(id('ab-sync'))).operationState?.revision).toBe(second)
    await expect(desk.argoBackends.rollback(id('ab-sync'), 999)).rejects.toThrow(/does not have deployment with id 999/)
    await desk.argoBackends.rollback(id('ab-sync'), first.id)
    const done = await desk.argoBackends.waitForOperation(id('ab-sync'))
    expect(done.operationState).toMatchObject({ phase: 'Succeeded', revision: first.revision })
    // Argo CD records the rollback in its history, as after `argocd app rollback`.
    await expect.poll(async () => (await desk.argoBackends.app(id('ab-sync'))).history.at(-1)?.revision, { timeout: 60_000, interval: 500 }).toBe(first.revision)
  })

  it("Delete with a cascade sets Argo CD's resources finalizer, and its controller deletes the resources; without one, they stay", { timeout: 300_000 }, async () => {
    await expect(desk.argoBackends.delete(id('ab-sync'), { cascade: 'foreground' })).rejects.toThrow(/deletes its resources too/)
    await desk.argoBackends.delete(id('ab-sync'), { cascade: 'foreground', consent: { resources: true } })
    await expect.poll(() => kubectl(['-n', namespace, 'get', 'application', 'ab-sync', '--ignore-not-found', '-o', 'name']).trim(), { timeout: 120_000, interval: 500 }).toBe('')
    expect(kubectl(['-n', 'ab-sync', 'get', 'deployment', 'guestbook-ui', '--ignore-not-found', '-o', 'name']).trim()).toBe('')
    await expect.poll(() => events.some((e) => e.type === 'argocd-app' && e.id === id('ab-sync') && e.app === null), { timeout: 30_000 }).toBe(true)

    createArgoApp('ab-keep')
    await expect.poll(async () => (await desk.argoBackends.app(id('ab-keep'))).sync.status, { timeout: 120_000, interval: 500 }).toBe('OutOfSync')
    await desk.argoBackends.sync(id('ab-keep'), {})
    expect((await desk.argoBackends.waitForOperation(id('ab-keep'))).operationState?.phase).toBe('Succeeded')
    await desk.argoBackends.delete(id('ab-keep'), { cascade: 'none' })
    await expect.poll(() => kubectl(['-n', namespace, 'get', 'application', 'ab-keep', '--ignore-not-found', '-o', 'name']).trim(), { timeout: 120_000, interval: 500 }).toBe('')
    expect(kubectl(['-n', 'ab-keep', 'get', 'deployment', 'guestbook-ui', '-o', 'name']).trim()).toBe('deployment.apps/guestbook-ui')
  })

  it("Manage locally previews a copy of the app, then stores it among the local apps; Argo CD's app is untouched", { timeout: 300_000 }, async () => {
    const before = kubectl(['-n', namespace, 'get', 'application', 'ab-list', '-o', 'jsonpath={.metadata.resourceVersion} {.spec}'])
    const plan = await desk.argoInsight.manageLocally(id('ab-list'))
    expect(plan).toMatchObject({ app: 'ab-list', project: 'default', destination: 'ground-1/ab-list', replaces: false })
    expect(desk.apps()).toEqual([])
    await desk.argoInsight.manageLocally(id('ab-list'), true)
    expect(desk.apps().map((a) => [a.metadata.name, a.spec.destination])).toEqual([['ab-list', { name: 'ground-1', namespace: 'ab-list' }]])
    expect(kubectl(['-n', namespace, 'get', 'application', 'ab-list', '-o', 'jsonpath={.metadata.resourceVersion} {.spec}'])).toBe(before)
  })

  it('the limited user is told clearly that it may not write: "forbidden: limited cannot patch applications in argocd"', { timeout: 120_000 }, async () => {
    // The limited user may read Applications in argocd (a read-only Role), not write them.
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'argoback-read', namespace }, rules: [{ apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['get', 'list', 'watch'] }] }
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'argoback-read', namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'argoback-read' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited' }] }
    kubectl(['apply', '-f', '-'], [role, binding].map((o) => JSON.stringify(o)).join('\n'))
    // It cannot list ConfigMaps across the cluster: Settings names the namespace for its context.
    desk.updateSettings({ argocdNamespaces: { 'ground-1-limited': [namespace] } })
    const limited = (await desk.argoBackends.instances()).find((i) => i.id === 'argocd@ground-1-limited')
    expect(limited).toMatchObject({ from: 'settings', problem: null })
    await expect.poll(async () => (await desk.argoBackends.apps('argocd@ground-1-limited')).map((a) => a.name), { timeout: 30_000 }).toContain('ab-list')
    await expect(desk.argoBackends.sync('argocd@ground-1-limited/ab-list', {})).rejects.toMatchObject({ code: 'Forbidden', message: 'forbidden: limited cannot patch applications in argocd' })
    await expect(desk.argoBackends.refresh('argocd@ground-1-limited/ab-list')).rejects.toMatchObject({ code: 'Forbidden', message: 'forbidden: limited cannot patch applications in argocd' })
    expect(argoJson('ab-list').operation).toBeUndefined()
  })

  it('a protected context asks for its typed name before a sync of an Argo CD app there', { timeout: 120_000 }, async () => {
    await desk.protectCluster('ground-1', true)
    try {
      await expect(desk.argoBackends.sync(id('ab-list'), {})).rejects.toMatchObject({ code: 'Forbidden', message: expect.stringMatching(/ground-1 is a protected context/) })
      expect(argoJson('ab-list').operation).toBeUndefined()
    } finally {
      await desk.protectCluster('ground-1', false)
    }
  })
})
