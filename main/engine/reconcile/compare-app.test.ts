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
import { compareApp, type CompareDeps } from './compare-app'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop' }, spec: { source: { repoURL: 'https://git.example/shop.git', path: 'shop' }, destination: { name: 'memory', namespace: 'ns' } } })
const cm = (name: string, data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data })
const child: K8sObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'child' }, spec: { source: { repoURL: 'https://git.example/child.git', path: '.' }, destination: { name: 'memory', namespace: 'ns' } } }

function deps(rendered: K8sObject[], live: K8sObject[]): CompareDeps {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-compare-'))
  dirs.push(dir)
  const store = openDeskStore(dir)
  const kube = new MemoryKube('memory').seed(...live)
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
    health: new HealthChecks(),
  }
}

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
