import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MemoryKube } from '../../../test/support/memory-kube'
import type { K8sObject } from '../base/objects'
import { resourceKey } from '../base/objects'
import { trackingAnnotation, trackingId } from '../base/tracking'
import { owningApp } from '../cache/owning-app'
import { Application } from '../model/app-schema'
import { openDeskStore, type DeskStore } from '../store/desk-store'
import { prepareSync, type SyncHost } from './prepare'

// The prune list of a sync, against the in-memory KubeApi and a watch cache that sees only the kinds it was asked to watch.
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'kindgone' }, spec: { source: { repoURL: 'https://git.example/kindgone.git', path: '.' }, destination: { name: 'memory', namespace: 'ns' } } })
const tracked = (obj: K8sObject): K8sObject => ({ ...obj, metadata: { ...obj.metadata, annotations: { [trackingAnnotation]: trackingId('kindgone', obj) } } })
const cm: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'ns' }, data: { a: '1' } }
const role: K8sObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'ns' }, rules: [] }

function host(kube: MemoryKube, store: DeskStore, rendered: K8sObject[]): SyncHost {
  const watched = new Set<string>()
  return {
    store,
    resolveContext: async () => 'memory',
    serverOf: async () => 'https://memory.invalid',
    render: async () => ({ objects: rendered.map(tracked), sources: [{ repoURL: 'https://git.example/kindgone.git', targetRevision: 'HEAD', commit: 'c0ffee12', path: '.', type: 'directory', stale: false }], cached: false }),
    client: () => kube,
    // A fresh process's watch cache: only the kinds watched are known.
    liveState: () => ({
      ensureWatching: async (kinds) => kinds.forEach((k) => watched.add(`${k.apiVersion}/${k.kind}`)),
      trackedBy: (name, method) => [...kube.objects.values()].filter((o) => watched.has(`${o.apiVersion}/${o.kind}`) && owningApp(o, method) === name),
      get: (key) => kube.objects.get(key),
    }),
    outOfSync: async () => new Set(),
    healthOf: () => ({ status: 'Healthy', message: '' }),
  }
}

function storeWithApp(): DeskStore {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-prepare-'))
  dirs.push(dir)
  const store = openDeskStore(dir)
  store.update((data) => void (data.apps = [app]))
  return store
}

const sync = async (kube: MemoryKube, store: DeskStore, rendered: K8sObject[], intent: { prune?: boolean; consent?: { pruneAll?: boolean } } = {}) =>
  (await prepareSync(host(kube, store, rendered), app, intent, { context: 'memory', startedAt: new Date(0), automated: false, pollMs: 1 })).operation.run()

describe('prepareSync: prune candidates of kinds the app no longer renders', () => {
  it('prunes a Role Git dropped, in a process that never rendered it (the kinds synced are remembered)', async () => {
    const kube = new MemoryKube()
    const store = storeWithApp()
    expect((await sync(kube, store, [cm, role])).phase).toBe('Succeeded')
    expect(store.read().appKinds.kindgone).toEqual(['rbac.authorization.k8s.io/v1/Role', 'v1/ConfigMap'])
    // The Role removed from Git; a new watch cache (host) knows only what it is asked to watch.
    const state = await sync(kube, store, [cm], { prune: true })
    expect(state.phase, state.message).toBe('Succeeded')
    expect(kube.writes).toContain(`delete ${resourceKey(role)}`)
    expect(kube.objects.has(resourceKey(role))).toBe(false)
  })

  it('an emptied folder asks for consent to prune everything, and prunes every kind with it', async () => {
    const kube = new MemoryKube()
    const store = storeWithApp()
    await sync(kube, store, [cm, role])
    const refused = await sync(kube, store, [], { prune: true })
    expect(refused.phase).toBe('Failed')
    expect(refused.message).toMatch(/refusing to prune all 2 resources/)
    expect(kube.objects.size).toBe(2)
    expect((await sync(kube, store, [], { prune: true, consent: { pruneAll: true } })).phase).toBe('Succeeded')
    expect(kube.objects.size).toBe(0)
  })
})
