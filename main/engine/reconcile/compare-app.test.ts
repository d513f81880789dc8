import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { DryRunCache } from '../diff/compare'
import { HealthChecks } from '../health/custom-health'
import { MemoryKube } from '../../../test/support/memory-kube'
import { Application } from '../model/app-schema'
import { openDeskStore } from '../store/desk-store'
import { storedKinds } from '../cache/app-kinds'
import { trackingAnnotation, trackingId } from '../base/tracking'
import { owningApp } from '../cache/owning-app'
import { resourceKey } from '../base/objects'
import { compareApp, compareTargets, type CompareDeps } from './compare-app'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop' }, spec: { source: { repoURL: 'https://git.example/shop.git', path: 'shop' }, destination: { name: 'memory', namespace: 'ns' } } })
const cm = (name: string, data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data })
const child: K8sObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'child' }, spec: { source: { repoURL: 'https://git.example/child.git', path: '.' }, destination: { name: 'memory', namespace: 'ns' } } }

function deps(rendered: K8sObject[], live: K8sObject[], store = openStore(), kube = new MemoryKube('memory').seed(...live)): CompareDeps {
  return {
    settings: () => store.read().settings,
    resolveContext: async (destination) => destination.name ?? 'memory',
    serverOf: async () => 'https://memory.invalid',
    render: async () => ({ objects: rendered, sources: [{ repoURL: 'https://git.example/shop.git', targetRevision: 'HEAD', commit: 'c0ffee12', path: 'shop', type: 'directory', stale: false }], cached: false }),
    client: () => kube,
    liveCache: () => {
      throw new Error('a one-shot compare reads no watch cache')
    },
    dryRuns: new DryRunCache(),
    schemaHashes: async () => ({}),
    health: new HealthChecks(),
    appKinds: storedKinds(store),
  }
}

function openStore() {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-compare-'))
  dirs.push(dir)
  return openDeskStore(dir)
}

/** An object as a sync of `owner` left it: its tracking id on it. */
const tracked = (obj: K8sObject, owner = 'shop'): K8sObject => ({ ...obj, metadata: { ...obj.metadata, annotations: { [trackingAnnotation]: trackingId(owner, obj) } } })
const role = (name: string): K8sObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: 'ns' }, rules: [] })

describe('compareApp: render → live → diff, in one function', () => {
  it('compares what the app renders with the cluster, child apps apart, and names the revision and context', async () => {
    const result = await compareApp(deps([cm('same', { a: '1' }), cm('changed', { a: '2' }), cm('new', { a: '3' }), child], [cm('same', { a: '1' }), cm('changed', { a: '1' })]), app, { mode: 'client-side' })
    expect(result.context).toBe('memory')
    expect(result.revision).toBe('c0ffee12')
    expect(result.children.map((c) => c.metadata.name)).toEqual(['child'])
    expect(Object.fromEntries(result.resources.map((r) => [r.key, r.status]))).toEqual({ '/ConfigMap/ns/same': 'Synced', '/ConfigMap/ns/changed': 'OutOfSync', '/ConfigMap/ns/new': 'Missing' })
    expect(result.status).toBe('OutOfSync')
    expect(result.appStatus).toBeUndefined()
  })
})

describe('compareApp: an app’s live objects of a kind it no longer renders', () => {
  it('remembers the kinds it finds tracked, and finds a leftover of such a kind once Git drops it (a fresh process, no watch)', async () => {
    const store = openStore()
    store.update((data) => void (data.apps = [app]))
    const kube = new MemoryKube('memory').seed(tracked(cm('keep', { a: '1' })), tracked(role('reader')), role('untracked'), tracked(role('theirs'), 'other'))
    const before = await compareApp(deps([cm('keep', { a: '1' }), role('reader')], [], store, kube), app, { mode: 'client-side' })
    expect(before.resources.map((r) => r.status)).toEqual(['Synced', 'Synced'])
    expect(store.read().appKinds.shop).toEqual(['rbac.authorization.k8s.io/v1/Role', 'v1/ConfigMap'])
    // The Role removed from Git: only the ConfigMap renders; the Role is still the app's, to prune.
    const after = await compareApp(deps([cm('keep', { a: '1' })], [], store, kube), app, { mode: 'client-side' })
    expect(after.status).toBe('OutOfSync')
    expect(after.resources.map((r) => [r.key, r.status])).toEqual([['/ConfigMap/ns/keep', 'Synced'], ['rbac.authorization.k8s.io/Role/ns/reader', 'Extra']])
    // An empty folder: every tracked object is an extra.
    const empty = await compareApp(deps([], [], store, kube), app, { mode: 'client-side' })
    expect(empty.resources.map((r) => [r.key, r.status]).sort()).toEqual([['/ConfigMap/ns/keep', 'Extra'], ['rbac.authorization.k8s.io/Role/ns/reader', 'Extra']])
  })

  it('skips a remembered kind the cluster no longer serves (its CRD removed), with no error', async () => {
    const store = openStore()
    store.update((data) => void ((data.apps = [app]), (data.appKinds = { shop: ['example.com/v1/Widget', 'v1/ConfigMap'] })))
    const kube = new MemoryKube('memory').seed(tracked(cm('keep', { a: '1' })))
    kube.unserved.add('example.com/v1/Widget')
    const result = await compareApp(deps([cm('keep', { a: '1' })], [], store, kube), app, { mode: 'client-side' })
    expect(result.status).toBe('Synced')
    expect(result.resources.map((r) => [r.key, r.status])).toEqual([['/ConfigMap/ns/keep', 'Synced']])
  })

  it('leaves out remembered kinds the settings exclude, and forgets an app’s kinds with the app', async () => {
    const store = openStore()
    store.update((data) => void ((data.apps = [app]), (data.appKinds = { shop: ['rbac.authorization.k8s.io/v1/Role'] }), (data.settings = { ...data.settings, customizations: { ...data.settings.customizations, exclusions: [{ apiGroups: ['rbac.authorization.k8s.io'], kinds: ['Role'], clusters: ['*'] }] } })))
    const kube = new MemoryKube('memory').seed(tracked(role('reader')))
    expect((await compareApp(deps([], [], store, kube), app, { mode: 'client-side' })).resources).toEqual([])
    store.update((data) => void (data.apps = []))
    expect(store.read().appKinds).toEqual({})
  })

  it('refuses a stored kind that is not apiVersion/kind, naming the field', () => {
    const store = openStore()
    expect(() => store.update((data) => void (data.appKinds = { shop: ['Role'] }))).toThrow(/apiVersion\/kind/)
  })
})

describe('compareTargets after watch events (the per-object path)', () => {
  /** A watch cache over a map: what the cluster holds now. */
  function watchCache(objects: Map<string, K8sObject>, fills = { quiet: 0 }) {
    return {
      get quietFills() {
        return fills.quiet
      },
      ensureWatching: async () => undefined,
      get: (key: string) => objects.get(key),
      trackedBy: (name: string, method: 'annotation' | 'label' | 'annotation+label') => [...objects.values()].filter((o) => owningApp(o, method) === name),
    }
  }

  it('re-diffing the changed objects gives what a whole compare of the same live state gives, extras included', async () => {
    const live = new Map<string, K8sObject>()
    const put = (obj: K8sObject) => live.set(resourceKey(obj), obj)
    const targets = [cm('a', { v: '1' }), cm('b', { v: '1' }), cm('c', { v: '1' })]
    ;[tracked(cm('a', { v: '1' })), tracked(cm('b', { v: '2' })), tracked(cm('x', { v: '1' }))].forEach(put)
    const base = deps(targets, [])
    const watchDeps: CompareDeps = { ...base, liveCache: () => watchCache(live) as never }
    const options = { context: 'memory', watch: true, text: false, mode: 'client-side' } as const
    let previous = await compareTargets(watchDeps, app, targets, options)
    // Each step: what the cluster did, and the keys whose watch events reached this app.
    const steps: [string, () => void, string[]][] = [
      ['a tracked object created', () => put(tracked(cm('y', { v: '1' }))), ['/ConfigMap/ns/y']],
      ['a target edited live', () => put(tracked(cm('a', { v: '9' }))), ['/ConfigMap/ns/a']],
      // The event goes to the app whose id it now carries, not to this one.
      ['an extra taken over by another app', () => put(tracked(cm('x', { v: '1' }), 'other')), []],
      ['a target deleted', () => live.delete('/ConfigMap/ns/b'), ['/ConfigMap/ns/b']],
      ['a missing target created', () => put(tracked(cm('c', { v: '1' }))), ['/ConfigMap/ns/c']],
      ['an extra untracked', () => put(cm('y', { v: '1' })), ['/ConfigMap/ns/y']],
    ]
    for (const [what, change, keys] of steps) {
      change()
      const again = await compareTargets(watchDeps, app, targets, { ...options, reuse: { previous: previous.resources, changed: new Set(keys) } })
      const whole = await compareTargets(watchDeps, app, [...targets], options)
      expect({ what, ...again }).toEqual({ what, ...whole })
      previous = again
    }
    expect(previous.resources.map((r) => `${r.key} ${r.status}`)).toEqual(['/ConfigMap/ns/a OutOfSync', '/ConfigMap/ns/b Missing', '/ConfigMap/ns/c Synced'])
  })

  it('finds an extra that came into the cache without an event (a kind listed for another app) at the next re-diff', async () => {
    const live = new Map<string, K8sObject>()
    const fills = { quiet: 0 }
    const targets = [cm('a', { v: '1' })]
    live.set('/ConfigMap/ns/a', tracked(cm('a', { v: '1' })))
    const watchDeps: CompareDeps = { ...deps(targets, []), liveCache: () => watchCache(live, fills) as never }
    const options = { context: 'memory', watch: true, text: false, mode: 'client-side' } as const
    const first = await compareTargets(watchDeps, app, targets, options)
    expect(first.status).toBe('Synced')
    // Another app's compare starts watching Roles: their first list brings one of this app's, with no event.
    live.set('rbac.authorization.k8s.io/Role/ns/reader', tracked(role('reader')))
    fills.quiet++
    live.set('/ConfigMap/ns/a', tracked(cm('a', { v: '2' })))
    const again = await compareTargets(watchDeps, app, targets, { ...options, reuse: { previous: first.resources, changed: new Set(['/ConfigMap/ns/a']) } })
    expect(again.resources.map((r) => `${r.key} ${r.status}`)).toEqual(['/ConfigMap/ns/a OutOfSync', 'rbac.authorization.k8s.io/Role/ns/reader Extra'])
  })

  it('re-diffs every place of an object the render holds twice', async () => {
    const live = new Map<string, K8sObject>([['/ConfigMap/ns/a', tracked(cm('a', { v: 'drifted' }))]])
    const targets = [cm('a', { v: '1' }), cm('b', { v: '1' }), cm('a', { v: '1' })]
    live.set('/ConfigMap/ns/b', tracked(cm('b', { v: '1' })))
    const watchDeps: CompareDeps = { ...deps(targets, []), liveCache: () => watchCache(live) as never }
    const options = { context: 'memory', watch: true, text: false, mode: 'client-side' } as const
    const first = await compareTargets(watchDeps, app, targets, options)
    expect(first.status).toBe('OutOfSync')
    // The user puts the live object back as Git has it.
    live.set('/ConfigMap/ns/a', tracked(cm('a', { v: '1' })))
    const again = await compareTargets(watchDeps, app, targets, { ...options, reuse: { previous: first.resources, changed: new Set(['/ConfigMap/ns/a']) } })
    expect(again.status).toBe('Synced')
  })
})
