import { UserError } from '../base/errors'
import { describe, expect, it } from 'vitest'
import { MemoryKube } from '../../../test/support/memory-kube'
import { resourceKey, type K8sObject } from '../base/objects'
import { SyncOperation } from './operation'
import type { SyncRequest } from './request'

// The sync rules against the in-memory KubeApi: order, hooks, dry run first, prune rules, consents.
const cm = (name: string, annotations: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', annotations } })
const hook = (name: string, phase: string, more: Record<string, string> = {}): K8sObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'ns', annotations: { 'argocd.argoproj.io/hook': phase, ...more } } })
/** Jobs complete as soon as they are created (the controller's part). */
const completing = (obj: K8sObject): K8sObject => (obj.kind === 'Job' ? { ...obj, status: { conditions: [{ type: 'Complete', status: 'True' }] } } : obj)
const request = (targets: K8sObject[], more: Partial<SyncRequest> = {}): SyncRequest => ({ targets, extras: [], prune: false, dryRun: false, force: false, plan: { revision: 'abc1234', startedAt: new Date(0) }, pollMs: 1, ...more })

describe('a sync operation', () => {
  it('dry-runs everything first, then runs PreSync, the waves in order and PostSync, each wave healthy before the next', async () => {
    const kube = new MemoryKube('memory', completing)
    const targets = [cm('late', { 'argocd.argoproj.io/sync-wave': '2' }), cm('early', { 'argocd.argoproj.io/sync-wave': '-1' }), cm('middle'), hook('migrate', 'PreSync'), hook('notify', 'PostSync')]
    const state = await new SyncOperation(kube, request(targets)).run()
    expect(state.phase, state.message).toBe('Succeeded')
    expect(state.applied).toEqual(['batch/Job/ns/migrate', '/ConfigMap/ns/early', '/ConfigMap/ns/middle', '/ConfigMap/ns/late', 'batch/Job/ns/notify'])
    // Hooks are deleted once they succeed unless their policy keeps them (the default is BeforeHookCreation).
    expect(kube.writes.filter((w) => w.startsWith('delete'))).toEqual([])
  })

  it('changes nothing when one object fails its dry run, and names it', async () => {
    const kube = new MemoryKube().refuse('/ConfigMap/ns/bad', 'data: Invalid value')
    const state = await new SyncOperation(kube, request([cm('good'), cm('bad')])).run()
    expect(state.phase).toBe('Failed')
    expect(state.message).toMatch(/dry run.*nothing was changed/)
    expect(state.resources.find((r) => r.key === '/ConfigMap/ns/bad')).toMatchObject({ code: 'SyncFailed', message: expect.stringContaining('Invalid value') })
    expect(kube.writes).toEqual([])
  })

  it('a custom resource whose CRD comes in the same sync is not dry-run (it could not be yet); the CRD is applied first', async () => {
    const crd: K8sObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', names: { kind: 'Widget' } } }
    const widget: K8sObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' } }
    // Every write of the Widget is refused, as an API server without its CRD answers.
    const kube = new MemoryKube().refuse('example.com/Widget/ns/w', 'no matches for kind "Widget"')
    const state = await new SyncOperation(kube, request([widget, crd])).run()
    expect(state.message).not.toMatch(/dry run/)
    expect(kube.writes).toEqual(['apply apiextensions.k8s.io/CustomResourceDefinition//widgets.example.com'])
    expect(state.resources.find((r) => r.key === 'example.com/Widget/ns/w')).toMatchObject({ code: 'SyncFailed' })
  })

  it('a partial sync says how much of the app it synced; one that applied everything is a full sync', async () => {
    const targets = [cm('a'), cm('b'), cm('c'), hook('migrate', 'PreSync')]
    const selected = await new SyncOperation(new MemoryKube('memory', completing), request(targets, { plan: { revision: 'abc1234', startedAt: new Date(0), only: new Set(['/ConfigMap/ns/a', '/ConfigMap/ns/b']) } })).run()
    expect(selected.message).toBe('successfully synced 2 of 3 resources (selected)')
    const outOfSync = new SyncOperation(new MemoryKube('memory', completing), request(targets, { plan: { revision: 'abc1234', startedAt: new Date(0), applyOnly: new Set(['/ConfigMap/ns/c']) } }))
    expect(outOfSync.outOfSyncOnly).toBe(true)
    expect((await outOfSync.run()).message).toBe('successfully synced 1 of 3 resources (out of sync only)')
    const everything = new SyncOperation(new MemoryKube('memory', completing), request(targets, { plan: { revision: 'abc1234', startedAt: new Date(0), applyOnly: new Set(['/ConfigMap/ns/a', '/ConfigMap/ns/b', '/ConfigMap/ns/c']) } }))
    expect(everything.outOfSyncOnly).toBe(false)
    expect((await everything.run()).message).toBe('successfully synced (all tasks run)')
  })

  it('a dry-run sync writes nothing', async () => {
    const kube = new MemoryKube()
    const state = await new SyncOperation(kube, request([cm('a')], { dryRun: true })).run()
    expect(state.phase).toBe('Succeeded')
    expect(kube.writes).toEqual([])
  })

  it('prunes only when asked: Prune=false is kept, Prune=confirm waits for its own consent', async () => {
    const extras = [cm('gone'), cm('kept', { 'argocd.argoproj.io/sync-options': 'Prune=false' }), cm('careful', { 'argocd.argoproj.io/sync-options': 'Prune=confirm' })]
    const without = new MemoryKube().seed(...extras)
    const skipped = await new SyncOperation(without, request([cm('stay')], { extras })).run()
    expect(skipped.resources.filter((r) => r.action === 'prune').map((r) => r.code)).toEqual(['PruneSkipped', 'PruneSkipped', 'PruneSkipped'])
    expect(without.writes).toEqual(['apply /ConfigMap/ns/stay'])

    const pruning = new MemoryKube().seed(...extras)
    const state = await new SyncOperation(pruning, request([cm('stay')], { extras, prune: true })).run()
    expect(state.phase).toBe('Succeeded')
    expect(pruning.writes.filter((w) => w.startsWith('delete'))).toEqual(['delete /ConfigMap/ns/gone'])
    expect(state.resources.find((r) => r.key === '/ConfigMap/ns/careful')?.message).toMatch(/waiting for confirmation/)

    const confirmed = new MemoryKube().seed(...extras)
    await new SyncOperation(confirmed, request([cm('stay')], { extras, prune: true, pruneConfirmed: true })).run()
    expect(confirmed.writes.filter((w) => w.startsWith('delete')).sort()).toEqual(['delete /ConfigMap/ns/careful', 'delete /ConfigMap/ns/gone'])
  })

  it('refuses to prune every resource unless that was allowed, and then does it', async () => {
    const extras = [cm('a'), cm('b')]
    const refused = new MemoryKube().seed(...extras)
    const state = await new SyncOperation(refused, request([], { extras, prune: true })).run()
    expect(state.phase).toBe('Failed')
    expect(state.message).toMatch(/refusing to prune all 2 resources/)
    expect(refused.writes).toEqual([])
    const allowed = new MemoryKube().seed(...extras)
    expect((await new SyncOperation(allowed, request([], { extras, prune: true, allowEmpty: true })).run()).phase).toBe('Succeeded')
    expect(allowed.objects.size).toBe(0)
  })

  it('runs SyncFail hooks when a wave fails', async () => {
    const kube = new MemoryKube('memory', completing)
    const failing = { ...cm('b', { 'argocd.argoproj.io/sync-wave': '1' }) }
    // Fails only for real (not in the dry run): refused after the first wave is applied.
    const operation = new SyncOperation(kube, request([cm('a'), failing, hook('cleanup', 'SyncFail')]))
    await operation.step() // the dry run
    kube.refuse('/ConfigMap/ns/b', 'admission webhook denied it')
    const state = await operation.run()
    expect(state.phase).toBe('Failed')
    expect(state.applied).toEqual(['/ConfigMap/ns/a', 'batch/Job/ns/cleanup'])
  })

  it('terminate() ends it between steps as Argo CD does', async () => {
    const kube = new MemoryKube()
    const operation = new SyncOperation(kube, request([cm('a', { 'argocd.argoproj.io/sync-wave': '1' }), cm('b', { 'argocd.argoproj.io/sync-wave': '2' })]))
    await operation.step()
    await operation.step()
    operation.terminate()
    expect(operation.state().phase).toBe('Terminating')
    const state = await operation.run()
    expect(state).toMatchObject({ phase: 'Failed', message: 'operation terminated' })
    expect(kube.writes).toEqual(['apply /ConfigMap/ns/a'])
  })

  it('does not send again the dry runs a compare has just made, yet an object that fails its dry run still fails the sync before anything is applied', async () => {
    const fine = new MemoryKube()
    const reused = await new SyncOperation(fine, request([cm('a'), cm('b'), cm('c')], { freshDryRuns: new Set(['/ConfigMap/ns/a', '/ConfigMap/ns/b']) })).run()
    expect(reused.phase).toBe('Succeeded')
    expect(reused.requests).toEqual({ dryRun: 1, apply: 3, wait: 0, dryRunsReused: 2, dryRunsChecked: 0 })

    const refusing = new MemoryKube().refuse('/ConfigMap/ns/c', 'data: Invalid value')
    const failed = await new SyncOperation(refusing, request([cm('a'), cm('c')], { freshDryRuns: new Set(['/ConfigMap/ns/a']) })).run()
    expect(failed.message).toMatch(/dry run.*nothing was changed/)
    expect(refusing.writes).toEqual([])
    // A dry-run sync asks the server for every object.
    const dry = await new SyncOperation(new MemoryKube(), request([cm('a')], { dryRun: true, freshDryRuns: new Set(['/ConfigMap/ns/a']) })).run()
    expect(dry.requests).toMatchObject({ dryRun: 2, apply: 0, dryRunsReused: 0 })
  })

  it('waits for a wave\'s health on the watch: no reads of the API server, and a change it sees moves the sync on at once', async () => {
    const kube = new MemoryKube()
    const cache = new Map<string, K8sObject>()
    const listeners = new Set<(obj: K8sObject) => void>()
    const watch = { get: (key: string) => cache.get(key), onChange: (listener: (obj: K8sObject) => void) => (listeners.add(listener), () => listeners.delete(listener)) }
    const see = (obj: K8sObject) => {
      cache.set(resourceKey(obj), obj)
      for (const listener of listeners) listener(obj)
    }
    const job: K8sObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'first', namespace: 'ns', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } } }
    // Looks again only after an hour unless woken: the test ends only if the watch's event wakes it.
    const operation = new SyncOperation(kube, request([job, cm('after')], { pollMs: 3_600_000 }), undefined, watch)
    const done = operation.run()
    await expect.poll(() => kube.writes).toEqual(['apply batch/Job/ns/first'])
    const created = (await kube.get(job))!
    see({ ...created, metadata: { ...created.metadata, creationTimestamp: '2026-12-07T00:00:00Z' }, status: {} })
    await expect.poll(() => operation.state().message).toMatch(/wave -1: waiting for healthy state/)
    see({ ...created, metadata: { ...created.metadata, creationTimestamp: '2026-12-07T00:00:00Z' }, status: { conditions: [{ type: 'Complete', status: 'True' }] } })
    const state = await done
    expect(state.phase, state.message).toBe('Succeeded')
    expect(kube.writes).toEqual(['apply batch/Job/ns/first', 'apply /ConfigMap/ns/after'])
    expect(state.requests?.wait).toBe(0)
  })
  it('reads the API server once a watch of the cluster fails: a cluster gone mid-wait ends the sync with its reason, not a wait on what the cache last saw', async () => {
    const kube = new MemoryKube()
    const cache = new Map<string, K8sObject>()
    const changes = new Set<(obj: K8sObject) => void>()
    const losses = new Set<(message: string) => void>()
    const watch = {
      get: (key: string) => cache.get(key),
      onChange: (listener: (obj: K8sObject) => void) => (changes.add(listener), () => changes.delete(listener)),
      onConnectionLost: (listener: (message: string) => void) => (losses.add(listener), () => losses.delete(listener)),
    }
    const job: K8sObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'first', namespace: 'ns', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } } }
    const operation = new SyncOperation(kube, request([job, cm('after')], { pollMs: 3_600_000 }), undefined, watch)
    const done = operation.run()
    await expect.poll(() => kube.writes).toEqual(['apply batch/Job/ns/first'])
    const created = (await kube.get(job))!
    const running = { ...created, metadata: { ...created.metadata, creationTimestamp: '2026-12-07T00:00:00Z' }, status: {} }
    cache.set(resourceKey(running), running)
    for (const listener of changes) listener(running)
    await expect.poll(() => operation.state().message).toMatch(/wave -1: waiting for healthy state/)
    // The API server goes: reads fail, and the cache still holds the running Job.
    kube.get = () => Promise.reject(new UserError('Unavailable', 'request to https://127.0.0.1:6443/apis/batch/v1 failed, reason: connect ECONNREFUSED 127.0.0.1:6443'))
    for (const listener of losses) listener('connect ECONNREFUSED 127.0.0.1:6443')
    const state = await done
    expect(state.phase).not.toBe('Succeeded')
    expect(state.message).toMatch(/could not be reached mid-operation: .*ECONNREFUSED/)
    expect(kube.writes).toEqual(['apply batch/Job/ns/first'])
  })
})

