import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { AppStatus } from '../../../shared/model'
import { MemoryKube } from '../../../test/support/memory-kube'
import { resourceKey, type K8sObject } from '../base/objects'
import { trackingAnnotation, trackingId } from '../base/tracking'
import { storedKinds } from '../cache/app-kinds'
import { owningApp } from '../cache/owning-app'
import { DryRunCache } from '../diff/compare'
import type { ApplyOptions, KubeApi } from '../kube/kube-api'
import { HealthChecks } from '../health/custom-health'
import { Application, AppProject } from '../model/app-schema'
import { splitTargets } from '../render/targets'
import { openDeskStore } from '../store/desk-store'
import { compareTargets, type CompareDeps } from './compare-app'
import { ReconcileController } from './controller'
import { EventBus } from './events'
import { ObjectDrift } from './object-drift'
import type { ReconcileEngine } from './ports'

// The per-object path (a watch event re-diffs its object alone and derives the app's status
// again) against a whole compare of the same live state: the same status, event after event.

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const ns = 'shop'
const tracked = (obj: K8sObject, owner = 'shop'): K8sObject => ({ ...obj, metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, [trackingAnnotation]: trackingId(owner, obj) } } })
const cm = (name: string, data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data })
const deployment = (status: Record<string, unknown>): K8sObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns, generation: 1 }, spec: { replicas: 1 }, status: { observedGeneration: 1, ...status } })
const healthy = { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 }
const stuck = { ...healthy, availableReplicas: 0, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'web has timed out progressing' }] }
const hook: K8sObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: ns, annotations: { 'argocd.argoproj.io/hook': 'PreSync' } }, spec: {} }

/** The watch cache of one cluster: objects by key, and the change listeners a real one calls. */
class FakeCache {
  readonly objects = new Map<string, K8sObject>()
  /** Every object here comes with an event. */
  readonly quietFills = 0
  private readonly listeners = new Set<(obj: K8sObject, event: 'add' | 'update' | 'delete') => void>()
  put(obj: K8sObject): void {
    const key = resourceKey(obj)
    const event = this.objects.has(key) ? 'update' : 'add'
    this.objects.set(key, { ...structuredClone(obj), metadata: { ...structuredClone(obj.metadata), uid: `uid-${key}` } })
    for (const listener of this.listeners) listener(this.objects.get(key)!, event)
  }
  remove(key: string): void {
    const obj = this.objects.get(key)!
    this.objects.delete(key)
    for (const listener of this.listeners) listener(obj, 'delete')
  }
  get = (key: string) => this.objects.get(key)
  trackedBy = (app: string) => [...this.objects.values()].filter((o) => owningApp(o) === app)
  ensureWatching = async () => undefined
  ownedBy = () => []
  onChange = (listener: (obj: K8sObject, event: 'add' | 'update' | 'delete') => void) => (this.listeners.add(listener), () => this.listeners.delete(listener))
  onConnectionLost = () => () => true
  retryNow = async () => undefined
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-drift-'))
  dirs.push(dir)
  const store = openDeskStore(dir)
  const app = Application.parse({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: { project: 'team', source: { repoURL: 'https://git.example/shop.git', path: 'shop' }, destination: { name: 'c', namespace: ns }, ignoreDifferences: [{ kind: 'ConfigMap', jsonPointers: ['/data/ignored'] }] },
  })
  const project = AppProject.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'team' }, spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], orphanedResources: { warn: true } } })
  store.update((d) => void ((d.apps = [app]), (d.projects = [project])))
  const rendered = [cm('a', { x: '1' }), cm('b', { x: '1', ignored: 'from git' }), deployment({}), hook]
  const cache = new FakeCache()
  for (const obj of [cm('a', { x: '1' }), cm('b', { x: '1', ignored: 'by hand' }), deployment(healthy), cm('old', { x: '0' })]) cache.put(tracked(obj))
  cache.put(cm('stray', {}))
  const kube = new MemoryKube('c')
  const deps: CompareDeps = {
    settings: () => store.read().settings,
    resolveContext: async () => 'c',
    serverOf: async () => 'https://c.invalid',
    render: async () => {
      throw new Error('not used')
    },
    // The dry run predicts from the live object the compare has (as the API server would from its own).
    client: () => ({ apply: async (obj: K8sObject, options: ApplyOptions) => (kube.objects.clear(), kube.seed(...cache.objects.values()), kube.apply(obj, options)) }) as unknown as KubeApi,
    liveCache: () => cache,
    dryRuns: new DryRunCache(),
    schemaHashes: async () => ({}),
    health: new HealthChecks(),
    appKinds: storedKinds(store),
  }
  const bus = new EventBus(0)
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
    liveCache: () => cache,
    render: async () => ({ objects: rendered, sources: [{ repoURL: 'https://git.example/shop.git', targetRevision: 'HEAD', commit: 'abc', path: 'shop', type: 'directory', stale: false }] }),
    repos: { commitMessage: async () => 'a commit' },
    splitTargets: async (objects, context) => splitTargets(objects, store.read().settings, [context]),
    compareTargets: (a, objects, options) => compareTargets(deps, a, objects, options),
    resourceTree: async () => [],
    namespaceObjects: async (_context, namespace) => [...cache.objects.values()].filter((o) => o.metadata.namespace === namespace),
    health: deps.health,
  }
  const options = { concurrency: 1, jitterMs: 0, intervalMs: 600_000, outages: { intervalMs: 60_000, timeoutMs: 10 } }
  // The one under test follows watch events; the other only compares whole, on demand.
  const live = new ReconcileController(engine, options)
  const whole = new ReconcileController(engine, options)
  return { live, whole, cache, store }
}

/** What a user sees of a status (the compare time aside). */
const view = (s: AppStatus | undefined) => ({ ...s!, reconciledAt: undefined })

describe('drift detection without waiting', () => {
  it('a watch event re-diffs its object and gives the status a whole compare of the same live state gives', async () => {
    const { live, whole, cache } = setup()
    const samples: string[][] = []
    live.drift.onSample((s) => samples.push(s.keys))
    live.start()
    await vi.waitFor(() => expect(live.status('shop')).toBeDefined())
    const first = live.status('shop')!
    expect(first.sync).toBe('OutOfSync') // the tracked leftover "old" needs pruning
    expect(first.resources.find((r) => r.key === '/ConfigMap/shop/old')).toMatchObject({ status: 'Extra', requiresPruning: true })
    expect(first.orphaned?.map((o) => o.key)).toEqual(['/ConfigMap/shop/stray'])

    const steps: [string, () => void, (s: AppStatus) => void][] = [
      ['the leftover is pruned', () => cache.remove('/ConfigMap/shop/old'), (s) => expect([s.sync, s.health]).toEqual(['Synced', 'Healthy'])],
      ['an ignored field is edited', () => cache.put(tracked(cm('b', { x: '1', ignored: 'edited again' }))), (s) => expect(s.sync).toBe('Synced')],
      ['a field Git sets is edited', () => cache.put(tracked(cm('a', { x: 'by hand' }))), (s) => expect(s.resources.find((r) => r.key === '/ConfigMap/shop/a')?.status).toBe('OutOfSync')],
      ['the Deployment stops progressing', () => cache.put(tracked(deployment(stuck))), (s) => expect([s.sync, s.health, s.healthMessage]).toEqual(['OutOfSync', 'Degraded', 'Deployment "web" exceeded its progress deadline'])],
      ['the edit is undone', () => cache.put(tracked(cm('a', { x: '1' }))), (s) => expect(s.sync).toBe('Synced')],
      ['a target is deleted', () => cache.remove('/ConfigMap/shop/b'), (s) => expect(s.resources.find((r) => r.key === '/ConfigMap/shop/b')).toMatchObject({ status: 'Missing', health: 'Missing' })],
      ['a new object tracked by the app appears', () => cache.put(tracked(cm('late', {}))), (s) => expect(s.resources.find((r) => r.key === '/ConfigMap/shop/late')).toMatchObject({ status: 'Extra', requiresPruning: true })],
      ['an untracked object appears in the namespace', () => cache.put(cm('stray-2', {})), (s) => expect(s.orphaned?.map((o) => o.key)).toEqual(['/ConfigMap/shop/stray', '/ConfigMap/shop/stray-2'])],
    ]
    for (const [step, change, expectation] of steps) {
      const before = samples.length
      change()
      await vi.waitFor(() => expect(samples.length, step).toBe(before + 1))
      const status = live.status('shop')!
      expectation(status)
      expect(view(status), step).toEqual(view(await whole.refresh('shop', { fromCache: true })))
    }
    // Each step was one re-diff of the changed object, never a whole compare.
    expect(live.drift.stats).toMatchObject({ rediffs: steps.length, wholeCompares: 0 })
    expect(live.stats.reconciles).toBe(1)
    expect(samples.slice(0, 3)).toEqual([['/ConfigMap/shop/old'], ['/ConfigMap/shop/b'], ['/ConfigMap/shop/a']])
    expect(live.status('shop')!.resources.some((r) => r.key.includes('migrate'))).toBe(false) // hooks never count
    await live.stop()
    await whole.stop()
  })

  it('sends a change of the app or of the settings to a whole compare', async () => {
    const { live, cache, store } = setup()
    live.start()
    await vi.waitFor(() => expect(live.status('shop')).toBeDefined())
    store.update((d) => void (d.apps[0]!.spec.ignoreDifferences = []))
    cache.put(tracked(cm('a', { x: '2' })))
    await vi.waitFor(() => expect(live.stats.reconciles).toBe(2))
    expect(live.drift.stats.wholeCompares).toBe(1)
    // The ignored field Git and the cluster disagree on now counts.
    await vi.waitFor(() => expect(live.status('shop')!.resources.find((r) => r.key === '/ConfigMap/shop/b')?.status).toBe('OutOfSync'))
    await live.stop()
  })
})

describe('ObjectDrift: events coalesce per object while a re-diff runs', () => {
  it('re-diffs what changed meanwhile once, as a set of keys, and holds events during a whole compare', async () => {
    const runs: string[][] = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const compares: string[] = []
    const drift = new ObjectDrift<{ context: string }>({
      rediff: async (_base, changed, accept) => {
        runs.push([...changed])
        if (runs.length === 1) await gate
        accept({ context: 'c' })
        return { status: { sync: 'Synced' }, diffedAt: performance.now() }
      },
      compare: (name) => compares.push(name),
      track: (work) => work,
    })
    drift.touch('app', 'c', 'k0')
    expect(compares).toEqual(['app']) // never compared whole: a whole compare
    drift.beginCompare('app')
    drift.touch('app', 'c', 'k1')
    drift.endCompare('app', { context: 'c' })
    await vi.waitFor(() => expect(runs).toEqual([['k1']])) // held during the compare, then re-diffed
    for (let i = 0; i < 1000; i++) drift.touch('app', 'c', `k${i % 3}`)
    release()
    await vi.waitFor(() => expect(runs).toEqual([['k1'], ['k0', 'k1', 'k2']]))
    expect(drift.stats).toMatchObject({ rediffs: 2, objects: 4, wholeCompares: 1 })
  })
})
