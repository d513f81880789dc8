import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DeskEvent, Notification, Operation } from '../../../shared/model'
import { Application } from '../model/app-schema'
import { owningApp } from '../cache/owning-app'
import { compareResources } from '../diff/compare'
import { MemoryKube } from '../../../test/support/memory-kube'
import type { K8sObject } from '../base/objects'
import { UserError } from '../base/errors'
import { trackingAnnotation, trackingId } from '../base/tracking'
import { openDeskStore } from '../store/desk-store'
import { operationRecordsOf } from '../store/operation-records'
import { eventsOf, historyOf } from './history'
import { Operations } from './operations'
import { healthOf } from '../health/health'

// The operation path every sync takes (UI, CLI, auto-sync), over the in-memory KubeApi.
const cm = (app: string, name: string, annotations: Record<string, string> = {}): K8sObject => {
  const obj: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', annotations } }
  obj.metadata.annotations![trackingAnnotation] = trackingId(app, obj)
  return obj
}
const application = (name: string, more: Record<string, unknown> = {}) =>
  Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: 'https://git.example/apps.git', path: name }, destination: { name: 'memory', namespace: 'ns' }, ...more } })

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function setup(targets: K8sObject[], options: { protectedContext?: boolean; live?: K8sObject[]; settle?: (obj: K8sObject) => K8sObject; dir?: string; renderError?: Error } = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'gitops-desk-ops-'))
  dirs.push(dir)
  const store = openDeskStore(dir)
  if (options.protectedContext) store.update((d) => void (d.settings.protectedContexts = ['memory']))
  const kube = new MemoryKube('memory', options.settle).seed(...(options.live ?? []))
  const events: DeskEvent[] = []
  const notifications: Notification[] = []
  const operations = new Operations({
    store,
    syncPollMs: 1,
    resolveContext: async (destination) => destination.name ?? 'memory',
    serverOf: async () => 'https://memory.invalid',
    render: async (app) => {
      if (options.renderError) throw options.renderError
      return { objects: targets, sources: [{ repoURL: 'https://git.example/apps.git', commit: app.spec.source?.targetRevision === 'HEAD' || !app.spec.source?.targetRevision ? 'c2c2c2c2' : app.spec.source.targetRevision }] as never, cached: false }
    },
    client: () => kube,
    liveState: () => ({ ensureWatching: async () => undefined, trackedBy: (app) => [...kube.objects.values()].filter((o) => owningApp(o) === app), get: (key) => kube.objects.get(key) }),
    outOfSync: async (_app, targets) => new Set((await compareResources(kube, targets)).resources.filter((r) => r.status !== 'Synced').map((r) => r.key)),
    healthOf: (live) => healthOf(live),
    emit: (event) => events.push(event),
    notify: (notification) => notifications.push(notification),
  })
  const finished: Operation[] = []
  operations.onFinished((o) => finished.push(o))
  return { store, kube, events, notifications, operations, finished }
}

describe('operations', () => {
  it('start() returns at once with the running operation; progress and the end arrive as events, with history and a notification', async () => {
    const { operations, events, notifications, finished, store, kube } = setup([cm('shop', 'a'), cm('shop', 'b')])
    const started = await operations.start(application('shop'), {}, { initiator: 'user' })
    expect(started).toMatchObject({ app: 'shop', phase: 'Running', kind: 'sync', initiator: 'user', context: 'memory', resources: [] })
    expect(kube.writes).toEqual([]) // nothing has happened yet when start() returns
    const ended = await operations.wait('shop')
    expect(ended).toMatchObject({ id: started.id, phase: 'Succeeded', revision: 'c2c2c2c2', attempts: 1 })
    const mine = events.flatMap((e) => (e.type === 'operation' && e.operation.id === started.id ? [e.operation] : []))
    expect(mine.length).toBeGreaterThan(2)
    expect(mine.some((o) => o.phase === 'Running' && o.resources.length === 2)).toBe(true)
    expect(mine.at(-1)?.phase).toBe('Succeeded')
    expect(notifications).toEqual([expect.objectContaining({ kind: 'sync-succeeded', app: 'shop' })])
    expect(finished.map((o) => o.id)).toEqual([started.id])
    expect(historyOf(store, 'shop').map((h) => h.revisions)).toEqual([['c2c2c2c2']])
    expect(operations.current('shop')?.id).toBe(started.id)
  })

  it("a render that fails ends the operation in Error naming the file and line, and nothing is applied", async () => {
    const { operations, kube } = setup([cm('shop', 'a')], { renderError: new UserError('Invalid', 'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]', 'web/web.yaml:3') })
    await operations.start(application('shop'), {}, { initiator: 'user' })
    expect(await operations.wait('shop')).toMatchObject({ phase: 'Error', message: 'web/web.yaml:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]' })
    expect(kube.writes).toEqual([])
  })

  it('one operation per app at a time; terminate() stops it', async () => {
    const { operations } = setup([cm('shop', 'a', { 'argocd.argoproj.io/sync-wave': '1' }), { ...cm('shop', 'd'), apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...cm('shop', 'd').metadata, annotations: { 'argocd.argoproj.io/sync-wave': '0' } } }])
    await operations.start(application('shop'), {}, { initiator: 'user' })
    await expect(operations.start(application('shop'), {}, { initiator: 'auto-sync' })).rejects.toThrow(/already in progress/)
    expect(operations.terminate('shop')).toBe(true)
    expect(await operations.wait('shop')).toMatchObject({ phase: 'Failed', message: 'operation terminated' })
    expect(operations.terminate('shop')).toBe(false)
  })

  it('a protected context needs its own name typed; a wrong name is refused; a dry run needs nothing', async () => {
    const { operations, kube } = setup([cm('shop', 'a')], { protectedContext: true })
    await expect(operations.start(application('shop'), {}, { initiator: 'user' })).rejects.toThrow(/memory is a protected context/)
    await expect(operations.start(application('shop'), { consent: { context: 'prod' } }, { initiator: 'user' })).rejects.toThrow(/does not match the destination context memory/)
    expect(kube.writes).toEqual([])
    await operations.start(application('shop'), { dryRun: true }, { initiator: 'user' })
    expect((await operations.wait('shop'))?.phase).toBe('Succeeded')
    await operations.start(application('shop'), { consent: { context: 'memory' } }, { initiator: 'user' })
    expect((await operations.wait('shop'))?.phase).toBe('Succeeded')
    expect(kube.writes).toEqual(['apply /ConfigMap/ns/a'])
  })

  it('typing the context name authorises the context only: Prune=confirm and pruning everything are asked separately', async () => {
    const careful = cm('shop', 'careful', { 'argocd.argoproj.io/sync-options': 'Prune=confirm' })
    const { operations, kube } = setup([], { protectedContext: true, live: [cm('shop', 'old'), careful] })
    await operations.start(application('shop'), { prune: true, consent: { context: 'memory' } }, { initiator: 'user' })
    expect(await operations.wait('shop')).toMatchObject({ phase: 'Failed', message: expect.stringMatching(/refusing to prune all 2 resources/) })
    expect(kube.writes).toEqual([])

    await operations.start(application('shop'), { prune: true, consent: { context: 'memory', pruneAll: true } }, { initiator: 'user' })
    const partly = await operations.wait('shop')
    expect(partly?.resources.find((r) => r.key === '/ConfigMap/ns/careful')).toMatchObject({ code: 'PruneSkipped', message: expect.stringMatching(/confirmation/) })
    expect(kube.writes).toEqual(['delete /ConfigMap/ns/old'])

    await operations.start(application('shop'), { prune: true, consent: { context: 'memory', pruneAll: true, prunes: true } }, { initiator: 'user' })
    await operations.wait('shop')
    expect(kube.writes).toEqual(['delete /ConfigMap/ns/old', 'delete /ConfigMap/ns/careful'])
  })

  it('ApplyOutOfSyncOnly=true applies only what differs, as Argo CD does', async () => {
    const one = cm('shop', 'one')
    const two = { ...cm('shop', 'two'), data: { a: '2' } }
    const { operations, kube } = setup([one, two], { live: [one, { ...two, data: { a: '1' } }] })
    await operations.start(application('shop', { syncPolicy: { syncOptions: ['ApplyOutOfSyncOnly=true'] } }), {}, { initiator: 'user' })
    expect((await operations.wait('shop'))?.phase).toBe('Succeeded')
    expect(kube.writes).toEqual(['apply /ConfigMap/ns/two'])
    await operations.start(application('shop'), {}, { initiator: 'user' })
    await operations.wait('shop')
    expect(kube.writes).toEqual(['apply /ConfigMap/ns/two', 'apply /ConfigMap/ns/one', 'apply /ConfigMap/ns/two'])
  })

  it("a sync's own options win over the app's (ApplyOutOfSyncOnly=false applies all again)", async () => {
    const one = cm('shop', 'one')
    const two = { ...cm('shop', 'two'), data: { a: '2' } }
    const { operations, kube } = setup([one, two], { live: [one, { ...two, data: { a: '1' } }] })
    await operations.start(application('shop'), { syncOptions: ['ApplyOutOfSyncOnly=true'] }, { initiator: 'user' })
    expect((await operations.wait('shop'))?.phase).toBe('Succeeded')
    expect(kube.writes).toEqual(['apply /ConfigMap/ns/two'])
    await operations.start(application('shop', { syncPolicy: { syncOptions: ['ApplyOutOfSyncOnly=true'] } }), { syncOptions: ['ApplyOutOfSyncOnly=false'] }, { initiator: 'user' })
    await operations.wait('shop')
    expect(kube.writes).toEqual(['apply /ConfigMap/ns/two', 'apply /ConfigMap/ns/one', 'apply /ConfigMap/ns/two'])
  })

  it('a dry-run sync answers per resource: created, configured with the fields that change, unchanged, pruned; nothing is written', async () => {
    const same = cm('shop', 'same')
    const changed = { ...cm('shop', 'changed'), data: { a: '2' } }
    const fresh = cm('shop', 'fresh')
    const gone = cm('shop', 'gone')
    const { operations, kube } = setup([same, changed, fresh], { live: [same, { ...changed, data: { a: '1' } }, gone] })
    await operations.start(application('shop'), { dryRun: true, prune: true }, { initiator: 'user' })
    const done = await operations.wait('shop')
    expect(done?.phase).toBe('Succeeded')
    expect(kube.writes).toEqual([])
    const answers = Object.fromEntries((done?.resources ?? []).map((r) => [r.key, [r.code, r.outcome, r.changed, r.message]]))
    expect(answers).toEqual({
      '/ConfigMap/ns/same': ['Synced', 'unchanged', undefined, 'unchanged (dry run)'],
      '/ConfigMap/ns/changed': ['Synced', 'configured', ['data.a'], 'configured (dry run): data.a'],
      '/ConfigMap/ns/fresh': ['Synced', 'created', undefined, 'created (dry run)'],
      '/ConfigMap/ns/gone': ['Pruned', 'pruned', undefined, 'pruned (dry run)'],
    })
  })

  it('FailOnSharedResource=true fails before anything is applied when another app tracks a target', async () => {
    const theirs = cm('other', 'settings')
    const { operations, kube, store } = setup([{ ...cm('shop', 'settings'), data: { a: '2' } }, cm('shop', 'mine')], { live: [theirs] })
    await operations.start(application('shop', { syncPolicy: { syncOptions: ['FailOnSharedResource=true'] } }), {}, { initiator: 'user' })
    expect(await operations.wait('shop')).toMatchObject({ phase: 'Failed', message: 'Shared resource found: ConfigMap/settings is part of applications shop and other' })
    expect(kube.writes).toEqual([])
    // Not history (successful syncs only, as Argo CD), but an app event kept in the store (Argo CD's OperationCompleted).
    expect(historyOf(store, 'shop')).toEqual([])
    expect(eventsOf(store, 'shop')).toMatchObject([{ app: 'shop', context: 'memory', resource: '', action: 'sync', message: 'Sync operation to c2c2c2c2 failed: Shared resource found: ConfigMap/settings is part of applications shop and other' }])
  })

  it('a rollback syncs a history entry\'s revisions again without hooks, and is refused while auto-sync is on', async () => {
    const hook: K8sObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'ns', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } } }
    const completing = (obj: K8sObject) => (obj.kind === 'Job' ? { ...obj, status: { conditions: [{ type: 'Complete', status: 'True' }] } } : obj)
    const { operations, notifications } = setup([cm('shop', 'a'), hook], { settle: completing })
    const pinned = application('shop', { source: { repoURL: 'https://git.example/apps.git', path: 'shop', targetRevision: 'c1c1c1c1' } })
    await expect(operations.startRollback(application('shop'), 1, {}, { initiator: 'user' })).rejects.toThrow(/no history entry 1/)
    await operations.start(pinned, {}, { initiator: 'cli' })
    expect((await operations.wait('shop'))?.applied).toEqual(['batch/Job/ns/migrate', '/ConfigMap/ns/a'])
    await operations.start(application('shop'), { resources: ['/ConfigMap/ns/a'] }, { initiator: 'user' }) // selective: no history entry
    await operations.wait('shop')
    await operations.start(application('shop'), {}, { initiator: 'user' })
    await operations.wait('shop')
    await expect(operations.startRollback(application('shop', { syncPolicy: { automated: {} } }), 1, {}, { initiator: 'user' })).rejects.toThrow(/not allowed while auto-sync is on/)
    const started = await operations.startRollback(application('shop'), 1, {}, { initiator: 'user' })
    expect(started).toMatchObject({ kind: 'rollback', rollbackTo: 1, phase: 'Running' })
    const ended = await operations.wait('shop')
    expect(ended).toMatchObject({ phase: 'Succeeded', revision: 'c1c1c1c1', applied: ['/ConfigMap/ns/a'] })
    expect(notifications.at(-1)).toMatchObject({ kind: 'sync-succeeded', title: 'shop rolled back' })
  })

  // A Deployment in wave 0 never becomes healthy in memory: the sync waits there, mid-way.
  const slowApp = (app: string) => [cm(app, 'late', { 'argocd.argoproj.io/sync-wave': '1' }), { ...cm(app, 'd'), apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...cm(app, 'd').metadata, annotations: { 'argocd.argoproj.io/sync-wave': '0' } } }]

  it('at most maxRunningOperations run at once: the next one is queued, starts when a slot is free, and a queued one can be terminated', async () => {
    const { operations, store, kube } = setup(slowApp('shop'))
    store.update((d) => void (d.settings.maxRunningOperations = 1))
    const first = await operations.start(application('shop'), {}, { initiator: 'user' })
    expect(first.queued).toBeUndefined()
    const second = await operations.start(application('cart'), {}, { initiator: 'user' })
    expect(second).toMatchObject({ phase: 'Running', queued: true, message: expect.stringMatching(/waiting for a free operation slot/) })
    const third = await operations.start(application('blog'), {}, { initiator: 'user' })
    expect(operations.runningApps()).toEqual(['shop', 'cart', 'blog'])
    await expect(operations.start(application('cart'), {}, { initiator: 'user' })).rejects.toThrow(/already in progress/)
    expect(operations.terminate('cart')).toBe(true)
    expect(await operations.wait('cart')).toMatchObject({ id: second.id, phase: 'Failed', message: 'operation terminated before it started' })
    expect(operations.current('blog')).toMatchObject({ id: third.id, queued: true })
    expect(kube.writes.every((w) => w.includes('/shop') || w.includes('/d') || w.includes('/late'))).toBe(true)
    const writesBefore = kube.writes.length
    operations.terminate('shop')
    await operations.wait('shop')
    // The slot is free: blog starts (and is no longer queued).
    await expect.poll(() => operations.current('blog')?.queued).toBeUndefined()
    await expect.poll(() => kube.writes.length).toBeGreaterThan(writesBefore)
    operations.terminate('blog')
    expect(await operations.wait('blog')).toMatchObject({ phase: 'Failed', message: 'operation terminated' })
  })

  it('a sync is written to the data folder as it goes; one whose process died is shown interrupted (Error) with what it applied, in history once, and run again never', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-ops-'))
    const { operations, store, kube } = setup(slowApp('shop'), { dir })
    store.update((d) => void d.apps.push(application('shop')))
    const records = operationRecordsOf(store)
    await operations.start(application('shop'), {}, { initiator: 'cli' })
    await expect.poll(() => records.read('shop')?.operation.message).toMatch(/wave 0: waiting for healthy state/)
    const saved = records.read('shop')!
    expect(saved.pid).toBe(process.pid)
    expect(saved.operation.resources.find((r) => r.key === 'apps/Deployment/ns/d')).toMatchObject({ code: 'Synced' })
    operations.terminate('shop')
    await operations.wait('shop')
    expect(records.read('shop')).toBeNull() // an operation that ended leaves no record

    // What a killed process leaves: its record, with an owner that is gone.
    const dead = spawnSync(process.execPath, ['-e', '']).pid
    records.write({ ...saved, pid: dead })
    const writes = kube.writes.length
    const next = setup(slowApp('shop'), { dir })
    const shown = next.operations.current('shop')
    expect(shown).toMatchObject({ id: saved.operation.id, phase: 'Error', interrupted: true, message: `interrupted: GitOps Desk (process ${dead}) stopped during "Sync wave 0: waiting for healthy state"; 1 change had been made (apps/Deployment/ns/d). Nothing runs again by itself: sync again to finish` })
    expect(next.operations.interrupted()).toEqual([{ app: 'shop', context: 'memory', startedAt: saved.operation.startedAt }])
    // What each published status reads: the one app's record.
    expect(next.operations.interruptedOf('shop')).toEqual({ app: 'shop', context: 'memory', startedAt: saved.operation.startedAt })
    expect(next.operations.interruptedOf('other')).toBeUndefined()
    const again = setup(slowApp('shop'), { dir }) // a second process looking: still one entry
    again.operations.current('shop')
    expect(historyOf(next.store, 'shop')).toMatchObject([{ id: 1, revisions: ['c2c2c2c2'], initiator: 'cli', interrupted: { operation: saved.operation.id, applied: ['apps/Deployment/ns/d'] } }])
    expect(next.kube.writes.length + again.kube.writes.length).toBe(0)
    expect(kube.writes.length).toBe(writes)
    // A dry run changes nothing and is not written; a new sync of the app replaces the record, and its end clears the interruption.
    const dry = await next.operations.start(application('shop'), { dryRun: true }, { initiator: 'user' })
    await next.operations.wait('shop')
    expect(records.read('shop')?.operation.id).toBe(saved.operation.id)
    expect(dry.dryRun).toBe(true)
    await next.operations.start(application('shop'), {}, { initiator: 'user' })
    next.operations.terminate('shop')
    await next.operations.wait('shop')
    expect(records.read('shop')).toBeNull()
    expect(next.operations.interrupted()).toEqual([])
    expect(next.operations.interruptedOf('shop')).toBeUndefined()
    // A process that died after its operation ended, before removing the record: not interrupted, the record goes.
    records.write({ ...saved, pid: dead, operation: { ...saved.operation, id: 'ended', phase: 'Succeeded', finishedAt: new Date().toISOString() } })
    expect(setup([], { dir }).operations.interrupted()).toEqual([])
    expect(records.read('shop')).toBeNull()
    expect(historyOf(next.store, 'shop')).toHaveLength(1)
  })
})

