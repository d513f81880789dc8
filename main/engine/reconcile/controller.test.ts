import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { DeskEvent, TreeNode } from '../../../shared/model'
import { Application } from '../model/app-schema'
import type { K8sObject } from '../base/objects'
import { openDeskStore } from '../store/desk-store'
import { ReconcileController } from './controller'
import { EventBus } from './events'
import type { ReconcileEngine } from './ports'
import { HealthChecks } from '../health/custom-health'

// The controller's lifecycle over a fake engine (the ReconcileEngine interface): what it starts
// is awaited by stop(), and nothing starts after it.

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(
    () => (done = true),
    () => (done = true),
  )
  await new Promise((r) => setImmediate(r))
  return done
}

const application = (name: string) =>
  Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: 'https://git.example/apps.git', path: name }, destination: { name: 'c', namespace: 'ns' } } })
const configMap = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } })

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A fake engine: each render and tree waits for the test to release it (`gate`), unless open. */
function setup(apps: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-controller-'))
  dirs.push(dir)
  const store = openDeskStore(dir)
  store.update((d) => void (d.apps = apps.map(application)))
  const events: DeskEvent[] = []
  const bus = new EventBus(0)
  bus.subscribe((batch) => events.push(...batch))
  const calls = { render: [] as string[], tree: 0, retryNow: 0 }
  const gates = { render: Promise.resolve(), tree: Promise.resolve() as Promise<unknown> }
  const engine: ReconcileEngine = {
    store,
    events: bus,
    history: () => [],
    emit: (event) => bus.emit(event),
    notify: () => undefined,
    operations: { onFinished: () => () => undefined, interruptedOf: () => undefined, current: () => null, runningApps: () => [], start: () => Promise.reject(new Error('no syncs here')), wait: async () => null },
    loadContexts: async () => ({ resolve: () => 'c' }),
    checkConnection: async () => ({ reachable: true }),
    probeConnection: async () => ({ reachable: true }),
    liveCache: () => ({ get: () => undefined, ownedBy: () => [], onChange: () => () => true, onConnectionLost: () => () => true, retryNow: async () => void calls.retryNow++ }),
    render: async (app) => {
      calls.render.push(app.metadata.name)
      await gates.render
      return { objects: [configMap(app.metadata.name)], sources: [{ repoURL: 'https://git.example/apps.git', targetRevision: 'HEAD', commit: 'abc', path: app.metadata.name, type: 'directory', stale: false }] }
    },
    repos: { commitMessage: async () => 'a commit' },
    splitTargets: async (objects) => ({ targets: objects, children: [], appsets: [], conditions: [] }),
    compareTargets: async (_app, objects) => ({ status: 'Synced', resources: objects.map((o) => ({ key: `/ConfigMap/ns/${o.metadata.name}`, kind: 'ConfigMap', name: o.metadata.name ?? '', namespace: 'ns', group: '', status: 'Synced', health: null, live: '', target: '', predicted: '' }) as never) }),
    resourceTree: async (_context, resources) => {
      calls.tree++
      await gates.tree
      return resources.map((r) => ({ key: r.key, kind: 'ConfigMap', name: r.key.split('/')[3] ?? '', namespace: 'ns', health: null }) as TreeNode)
    },
    namespaceObjects: async () => [],
    health: new HealthChecks(),
  }
  const controller = new ReconcileController(engine, { concurrency: 1, jitterMs: 0, outages: { intervalMs: 60_000, timeoutMs: 10 } })
  return { controller, events, calls, gates }
}

describe('reconcile controller lifecycle', () => {
  it('stop waits for the tree announcement under way; none starts after it', async () => {
    const { controller, events, calls, gates } = setup(['a'])
    const tree = deferred<void>()
    gates.tree = tree.promise
    controller.followTree('a')
    expect((await controller.refresh('a'))?.sync).toBe('Synced')
    await vi.waitFor(() => expect(calls.tree).toBe(1))
    const stopping = controller.stop()
    expect(await settled(stopping)).toBe(false)
    tree.resolve()
    await stopping
    expect(events.filter((e) => e.type === 'app-tree').map((e) => e.type === 'app-tree' && e.app)).toEqual(['a'])
    expect(controller.closed).toBe(true)
  })

  it('stop during a render waits for it; runs queued behind it never render', async () => {
    const { controller, calls, gates } = setup(['a', 'b'])
    const render = deferred<void>()
    gates.render = render.promise
    const first = controller.refresh('a')
    const second = controller.refresh('b')
    await vi.waitFor(() => expect(calls.render).toEqual(['a']))
    const stopping = controller.stop()
    expect(await settled(stopping)).toBe(false)
    render.resolve()
    await stopping
    expect(await settled(first)).toBe(true)
    expect(await settled(second)).toBe(true)
    expect(calls.render).toEqual(['a'])
    expect(await second).toBeUndefined()
  })

  it('after stop, a refresh or a pass renders nothing and answers the last status; start does not restart the loop', async () => {
    const { controller, calls } = setup(['a'])
    const before = await controller.refresh('a')
    await controller.stop()
    const trees = calls.tree
    expect(await controller.refresh('a', { hard: true })).toBe(before)
    expect(await controller.reconcileAll()).toEqual([before])
    controller.start()
    controller.resume()
    expect(calls.render).toEqual(['a'])
    expect(calls.tree).toBe(trees)
    expect(controller.clusterState('c')).toBeUndefined()
  })
})
