import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { DeskEvent } from '../../shared/model'
import { openDesk } from '../../main/api/desk'
import { Application } from '../../main/engine/model/app-schema'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import { kubectl } from '../support/kubectl'

// Issue 29, engine side: nothing changes a cluster unasked. Each scenario was a reproduced bug;
// each asserts what the cluster holds afterwards, read with kubectl, not what the engine says.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const exists = (context: string, namespace: string, kind: string, name: string) => spawnSync(bin.kubectl, ['--kubeconfig', kubeconfig, '--context', context, '-n', namespace, 'get', kind, name], { encoding: 'utf8' }).status === 0

const desk = openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-trust-')), secrets: new MemorySecrets(), syncPollMs: 250, controller: { intervalMs: 600_000, jitterMs: 0, watchDebounceMs: 200 }, deletion: { timeoutMs: 4000, pollMs: 250 } })
desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }))
const events: DeskEvent[] = []
desk.subscribe((batch) => events.push(...batch))
/** The operations of an app that events announced since `from` (an index into events), but for the one that ran before. */
const operationsSince = (app: string, from: number, before = desk.operation(app)?.id) => new Set(events.slice(from).flatMap((e) => (e.type === 'operation' && e.app === app && e.operation.id !== before ? [e.operation.id] : [])))

afterAll(async () => {
  await desk.close()
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
})

function guestbook(name: string, more: { automated?: boolean; inCluster?: boolean; finalizer?: boolean; syncOptions?: string[] } = {}): string {
  const app = Application.parse({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, ...(more.finalizer ? { finalizers: ['resources-finalizer.argocd.argoproj.io'] } : {}) },
    spec: {
      source: { repoURL: repo.url, path: 'guestbook' },
      destination: more.inCluster ? { server: 'https://kubernetes.default.svc', namespace: name } : { name: 'ground-1', namespace: name },
      syncPolicy: { syncOptions: ['CreateNamespace=true', ...(more.syncOptions ?? [])], ...(more.automated ? { automated: { prune: true, selfHeal: true } } : {}) },
    },
  })
  desk.stored.saveObjects([app], [])
  desk.compareSoon([name])
  return name
}

const status = (name: string) => desk.getApp(name).status
const conditionTypes = (name: string) => status(name)?.conditions.map((c) => c.type) ?? []
const eventMessages = (name: string) => desk.getApp(name).events.map((e) => e.message)
/** Holds the Service: its deletion waits until this finalizer is removed. */
const hold = (ns: string, on: boolean) => kubectl('ground-1', '-n', ns, 'patch', 'service', 'guestbook-ui', '--type=merge', '-p', JSON.stringify({ metadata: { finalizers: on ? ['example.com/hold'] : null } }))

async function syncedOnGround1(name: string): Promise<void> {
  await expect.poll(() => status(name)?.sync, { timeout: 60_000, interval: 250 }).toBe('Synced')
  await desk.waitForOperation(name)
  expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(true)
}

describe('deleting an app', () => {
  it('with auto-sync: the deletion finishes, nothing is re-created, and each step is an app event', async () => {
    const name = guestbook('tr-del-auto', { automated: true, finalizer: true })
    await syncedOnGround1(name)
    const [from, before] = [events.length, desk.operation(name)?.id]
    const result = await desk.deleteApp(name, { cascade: 'foreground', consent: { resources: true } })
    expect(result.deleted.sort()).toEqual([`/Service/${name}/guestbook-ui`, `apps/Deployment/${name}/guestbook-ui`])
    expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(false)
    expect(exists('ground-1', name, 'service', 'guestbook-ui')).toBe(false)
    expect(operationsSince(name, from, before).size).toBe(0) // no auto-sync started while the deletion ran
    expect(desk.operation(name)?.id).toBe(before)
    expect(desk.apps().some((a) => a.metadata.name === name)).toBe(false)
    const steps = desk.engine.store.read().events.filter((e) => e.app === name).map((e) => e.message)
    expect(steps).toEqual([expect.stringMatching(/^deletion started \(foreground\): 2 resources to delete from ground-1/), expect.stringMatching(/^deleting sync wave 0 \(foreground\)/), 'sync wave 0 is gone from the cluster', 'app deleted: 2 resources deleted from ground-1'])
  })

  it('that cannot finish: no operation may start, the reason is a DeletionError, and a retry finishes it', async () => {
    const name = guestbook('tr-del-stuck', { automated: true, finalizer: true })
    await syncedOnGround1(name)
    hold(name, true)
    await expect.poll(async () => (await desk.refresh(name))?.sync, { timeout: 30_000, interval: 250 }).toBe('Synced') // a finalizer is no drift
    const [from, before] = [events.length, desk.operation(name)?.id]
    const deleting = desk.deleteApp(name, { cascade: 'foreground', consent: { resources: true } }).then(() => null, (error: Error) => error)
    await expect.poll(() => exists('ground-1', name, 'deployment', 'guestbook-ui'), { timeout: 30_000, interval: 250 }).toBe(false)
    expect(desk.getApp(name).deletion).toMatchObject({ phase: 'Deleting', cascade: 'foreground', context: 'ground-1' })
    await expect(desk.sync(name, {})).rejects.toMatchObject({ code: 'Conflict', message: expect.stringMatching(/tr-del-stuck is being deleted: no sync may start/) })
    await expect(desk.runResourceAction(name, `apps/Deployment/${name}/guestbook-ui`, 'restart')).rejects.toMatchObject({ code: 'Conflict', message: expect.stringMatching(/no resource action may start/) })
    expect((await deleting)?.message).toMatch(/the deletion of tr-del-stuck could not finish: still waiting for \/Service\/tr-del-stuck\/guestbook-ui \(held by finalizer example.com\/hold\) to be deleted/)
    expect(desk.getApp(name).deletion).toMatchObject({ phase: 'Failed', error: expect.stringMatching(/still waiting/) })
    // The status says why at once; auto-sync stays away (the loop compared the app with its Deployment Missing).
    await expect.poll(() => conditionTypes(name), { timeout: 30_000, interval: 250 }).toContain('DeletionError')
    expect(status(name)?.resources.find((r) => r.key.startsWith('apps/Deployment'))?.status).toBe('Missing')
    await desk.controller().reconcileAll('watch') // waits for any auto-sync it starts
    expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(false)
    expect(operationsSince(name, from, before).size).toBe(0)
    expect(eventMessages(name)).toContainEqual(expect.stringMatching(/^deletion stopped: still waiting/))
    // The finalizer goes; the retry keeps the consents it was given and finishes.
    hold(name, false)
    const retried = await desk.retryDeletion(name)
    expect(retried).toMatchObject({ app: name, context: 'ground-1' })
    expect(desk.apps().some((a) => a.metadata.name === name)).toBe(false)
    expect(exists('ground-1', name, 'service', 'guestbook-ui')).toBe(false)
    expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(false)
  })

  it('that cannot finish can be cancelled: the app stays as the cluster has it, and syncs may start again', async () => {
    const name = guestbook('tr-del-cancel', { finalizer: true })
    await desk.sync(name, {})
    expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')
    hold(name, true)
    await expect(desk.deleteApp(name, { consent: { resources: true } })).rejects.toMatchObject({ message: expect.stringMatching(/could not finish/) })
    await expect(desk.rollback(name, 1, {})).rejects.toMatchObject({ code: 'Conflict', message: expect.stringMatching(/no rollback may start.*retry it .*or cancel it/) })
    await expect(desk.retryDeletion('tr-nope')).rejects.toMatchObject({ code: 'NotFound' })
    expect(desk.cancelDeletion(name)).toBe(true)
    expect(desk.getApp(name).deletion).toBeNull()
    expect(eventMessages(name).at(-1)).toMatch(/^deletion cancelled/)
    expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(false) // nothing came back by itself
    hold(name, false)
    await expect.poll(() => exists('ground-1', name, 'service', 'guestbook-ui'), { timeout: 30_000, interval: 250 }).toBe(false)
    expect(desk.cancelDeletion(name)).toBe(false)
    await desk.sync(name, {}) // asked for: allowed again
    expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')
    expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(true)
  })
  it('cancelled with auto-sync on: auto-sync does not re-create what was deleted until the user syncs by hand', async () => {
    const name = guestbook('tr-del-auto-cancel', { finalizer: true, automated: true })
    await syncedOnGround1(name)
    hold(name, true)
    await expect(desk.deleteApp(name, { consent: { resources: true } })).rejects.toMatchObject({ message: expect.stringMatching(/could not finish/) })
    const [from, before] = [events.length, desk.operation(name)?.id]
    expect(desk.cancelDeletion(name)).toBe(true)
    await expect.poll(() => status(name)?.conditions.find((c) => c.type === 'AutoSyncWarning')?.message, { timeout: 30_000, interval: 250 }).toMatch(/^auto-sync is paused since its deletion was cancelled/)
    await desk.controller().reconcileAll('watch')
    expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(false)
    expect(operationsSince(name, from, before).size).toBe(0)
    hold(name, false)
    await desk.sync(name, {}) // by hand: the deleted resources come back, and auto-sync is on again
    expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')
    expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(true)
    await expect.poll(() => conditionTypes(name), { timeout: 30_000, interval: 250 }).not.toContain('AutoSyncWarning')
  })
})

describe('switching the active context', () => {
  it('never deploys an in-cluster app with auto-sync to the newly active cluster; a manual sync moves it', async () => {
    const name = guestbook('tr-pin', { automated: true, inCluster: true })
    await syncedOnGround1(name)
    expect(desk.history(name).map((h) => [h.context, h.initiator])).toEqual([['ground-1', 'auto-sync']])
    const [from, before] = [events.length, desk.operation(name)?.id]
    try {
      await desk.useCluster('ground-2')
      await expect.poll(() => status(name)?.context, { timeout: 30_000, interval: 250 }).toBe('ground-2')
      expect(status(name)).toMatchObject({ sync: 'OutOfSync', conditions: expect.arrayContaining([{ type: 'AutoSyncWarning', message: `auto-sync acts on context ground-1, where ${name} was last synced; sync manually to use ground-2` }]) })
      await desk.controller().reconcileAll('watch')
      expect(exists('ground-2', name, 'deployment', 'guestbook-ui')).toBe(false)
      expect(operationsSince(name, from, before).size).toBe(0)
      expect(desk.history(name)).toHaveLength(1)
      // Synced by hand on ground-2, the app's auto-sync acts there from now on.
      await desk.sync(name, {})
      expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')
      expect(exists('ground-2', name, 'deployment', 'guestbook-ui')).toBe(true)
      expect(desk.history(name).map((h) => [h.context, h.initiator])).toEqual([['ground-1', 'auto-sync'], ['ground-2', 'user']])
      await expect.poll(() => conditionTypes(name), { timeout: 30_000, interval: 250 }).not.toContain('AutoSyncWarning')
      // Back on ground-1 nothing is synced there either: the app now belongs to ground-2.
      await desk.useCluster('ground-1')
      await expect.poll(() => status(name)?.conditions.find((c) => c.type === 'AutoSyncWarning')?.message, { timeout: 30_000, interval: 250 }).toMatch(/acts on context ground-2/)
    } finally {
      await desk.useCluster('ground-1')
    }
  })
})

describe('auto-sync on a protected context', () => {
  it('is refused with the reason at once, and goes ahead when the protection is removed', async () => {
    await desk.protectCluster('ground-1', true)
    let name = ''
    try {
      name = guestbook('tr-protected', { automated: true })
      await expect.poll(() => status(name)?.conditions.find((c) => c.type === 'SyncError')?.message, { timeout: 60_000, interval: 250 }).toMatch(/^auto-sync refused: ground-1 is a protected context/)
      expect(eventMessages(name)).toContainEqual(expect.stringMatching(/^auto-sync refused: ground-1 is a protected context/))
      await desk.controller().reconcileAll('watch')
      expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(false)
    } finally {
      await desk.protectCluster('ground-1', false)
    }
    // No refresh asked for: removing the protection is enough.
    await expect.poll(() => status(name)?.sync, { timeout: 60_000, interval: 250 }).toBe('Synced')
    expect(exists('ground-1', name, 'deployment', 'guestbook-ui')).toBe(true)
    expect(desk.history(name).map((h) => h.initiator)).toEqual(['auto-sync'])
    expect(conditionTypes(name)).not.toContain('SyncError')
  })
})

describe('history', () => {
  it('records every sync, selected resources and out-of-sync-only ones too, marked partial, with who started it', async () => {
    const name = guestbook('tr-history')
    await desk.sync(name, {})
    expect(await desk.waitForOperation(name)).toMatchObject({ phase: 'Succeeded', message: 'successfully synced (all tasks run)' })
    await desk.sync(name, { resources: [`apps/Deployment/${name}/guestbook-ui`] })
    expect(await desk.waitForOperation(name)).toMatchObject({ phase: 'Succeeded', message: 'successfully synced 1 of 2 resources (selected)' })
    guestbook(name, { syncOptions: ['ApplyOutOfSyncOnly=true'] })
    kubectl('ground-1', '-n', name, 'delete', 'service', 'guestbook-ui')
    await expect.poll(async () => (await desk.refresh(name))?.resources.find((r) => r.key.startsWith('/Service'))?.status, { timeout: 30_000, interval: 250 }).toBe('Missing')
    await desk.sync(name, {})
    expect(await desk.waitForOperation(name)).toMatchObject({ phase: 'Succeeded', message: 'successfully synced 1 of 2 resources (out of sync only)' })
    expect(exists('ground-1', name, 'service', 'guestbook-ui')).toBe(true)
    expect(desk.history(name).map((h) => ({ id: h.id, initiator: h.initiator, partial: h.partial ?? 'all', message: h.message }))).toEqual([
      { id: 1, initiator: 'user', partial: 'all', message: 'successfully synced (all tasks run)' },
      { id: 2, initiator: 'user', partial: 'selected', message: 'successfully synced 1 of 2 resources (selected)' },
      { id: 3, initiator: 'user', partial: 'out-of-sync-only', message: 'successfully synced 1 of 2 resources (out of sync only)' },
    ])
  })
})
