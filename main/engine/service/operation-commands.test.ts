import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AppStatus } from '../../../shared/model'
import { Application } from '../model/app-schema'
import { owningApp } from '../cache/owning-app'
import { compareResources } from '../diff/compare'
import { MemoryKube } from '../../../test/support/memory-kube'
import type { K8sObject } from '../base/objects'
import { trackingAnnotation, trackingId } from '../base/tracking'
import { openDeskStore } from '../store/desk-store'
import { recordHistory } from '../sync/history'
import { Operations } from '../sync/operations'
import { OperationCommands } from './operation-commands'
import { StoreService } from './store-service'
import { healthOf } from '../health/health'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const cm = (name: string): K8sObject => {
  const obj: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', annotations: {} } }
  obj.metadata.annotations![trackingAnnotation] = trackingId('shop', obj)
  return obj
}
const shop = (automated: boolean) =>
  Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop' }, spec: { source: { repoURL: 'https://git.example/apps.git', path: 'shop' }, destination: { name: 'memory', namespace: 'ns' }, ...(automated ? { syncPolicy: { automated: {} } } : {}) } })

/**
 * The commands over the engine's real Operations, a real store file and an in-memory cluster; the
 * statuses the loop would report are given in order (the last one repeats).
 */
function setup(options: { automated?: boolean; protectedContext?: boolean; statuses?: Partial<AppStatus>[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-opcmd-'))
  dirs.push(dir)
  const store = openDeskStore(dir)
  const stored = new StoreService(store)
  stored.saveObjects([shop(options.automated ?? false)], [])
  if (options.protectedContext) store.update((d) => void (d.settings.protectedContexts = ['memory']))
  const kube = new MemoryKube('memory')
  const targets = [cm('a'), cm('b')]
  const operations = new Operations({
    store,
    syncPollMs: 1,
    resolveContext: async () => 'memory',
    serverOf: async () => 'https://memory.invalid',
    render: async () => ({ objects: targets, sources: [{ repoURL: 'https://git.example/apps.git', commit: 'c2c2c2c2' }] as never, cached: false }),
    client: () => kube,
    healthOf: (live) => healthOf(live),
    liveState: () => ({ ensureWatching: async () => undefined, trackedBy: (app) => [...kube.objects.values()].filter((o) => owningApp(o) === app), get: (key) => kube.objects.get(key) }),
    outOfSync: async (_app, t) => new Set((await compareResources(kube, t)).resources.filter((r) => r.status !== 'Synced').map((r) => r.key)),
    emit: () => undefined,
    notify: () => undefined,
  })
  const statuses = [...(options.statuses ?? [{ sync: 'OutOfSync', health: 'Missing' }])]
  const refreshed: string[] = []
  const commands = new OperationCommands({
    operations,
    stored,
    pollMs: 1,
    refresh: async (name) => {
      refreshed.push(name)
      return { app: name, context: 'memory', resources: [], ...(statuses.length > 1 ? statuses.shift()! : statuses[0]!) } as AppStatus
    },
  })
  return { store, kube, commands, refreshed }
}

describe('operation commands', () => {
  it('a sync of a stored app starts at once and its end is waited on; history records it', async () => {
    const { commands, kube } = setup()
    const started = await commands.sync('shop', {})
    expect(started).toMatchObject({ app: 'shop', phase: 'Running', initiator: 'user' })
    expect((await commands.waitForOperation('shop'))?.phase).toBe('Succeeded')
    expect(kube.writes).toEqual(['apply /ConfigMap/ns/a', 'apply /ConfigMap/ns/b'])
    expect(commands.history('shop')).toHaveLength(1)
    expect(commands.operation('shop')?.phase).toBe('Succeeded')
  })

  it('an unknown app is refused by name and nothing starts', async () => {
    const { commands, kube } = setup()
    expect(() => commands.sync('nope', {})).toThrow(/no app named "nope"/)
    expect(commands.operation('nope')).toBeNull()
    expect(kube.writes).toEqual([])
  })

  it('a sync to a protected context is refused without its name, and nothing is applied', async () => {
    const { commands, kube } = setup({ protectedContext: true })
    await expect(commands.sync('shop', {})).rejects.toThrow(/memory is a protected context/)
    expect(kube.writes).toEqual([])
    await commands.sync('shop', { consent: { context: 'memory' } })
    expect((await commands.waitForOperation('shop'))?.phase).toBe('Succeeded')
  })

  it('a rollback is refused while auto-sync is on, naming the field; nothing is applied', async () => {
    const { commands, kube, store } = setup({ automated: true })
    recordHistory(store, shop(true), { revisions: ['c1c1c1c1'], startedAt: new Date(), context: 'memory' })
    const [entry] = commands.history('shop')
    await expect(commands.rollback('shop', entry!.id, {})).rejects.toThrow(/rollback is not allowed while auto-sync is on for shop/)
    expect(kube.writes).toEqual([])
    expect(commands.operation('shop')).toBeNull()
  })

  it("RollingSync's unit leaves an app that is Synced and Healthy alone", async () => {
    const { commands, kube } = setup({ statuses: [{ sync: 'Synced', health: 'Healthy' }] })
    expect(await commands.syncUntilHealthy('shop', false)).toEqual({ ok: true, message: 'already Synced and Healthy' })
    expect(kube.writes).toEqual([])
  })

  it("RollingSync's unit syncs, then waits until the app is Synced and Healthy", async () => {
    const { commands, kube } = setup({ statuses: [{ sync: 'OutOfSync', health: 'Missing' }, { sync: 'Synced', health: 'Progressing' }, { sync: 'Synced', health: 'Healthy' }] })
    expect(await commands.syncUntilHealthy('shop', false)).toEqual({ ok: true, message: 'Synced and Healthy' })
    expect(kube.writes).toHaveLength(2)
  })

  it("RollingSync's unit reports a Degraded app, and a protected context it was not allowed to confirm", async () => {
    const degraded = setup({ statuses: [{ sync: 'OutOfSync', health: 'Missing' }, { sync: 'Synced', health: 'Degraded', healthMessage: 'crash loop' }] })
    expect(await degraded.commands.syncUntilHealthy('shop', false)).toEqual({ ok: false, message: 'Degraded: crash loop' })
    const guarded = setup({ protectedContext: true, statuses: [{ sync: 'OutOfSync', health: 'Missing' }, { sync: 'OutOfSync', health: 'Missing' }, { sync: 'Synced', health: 'Healthy' }] })
    expect(await guarded.commands.syncUntilHealthy('shop', false)).toMatchObject({ ok: false, message: expect.stringMatching(/protected context/) })
    expect(guarded.kube.writes).toEqual([])
    // Confirmed for the whole rollout: the context's name goes with the sync.
    expect(await guarded.commands.syncUntilHealthy('shop', true)).toEqual({ ok: true, message: 'Synced and Healthy' })
    expect(guarded.kube.writes).toHaveLength(2)
  })
})
