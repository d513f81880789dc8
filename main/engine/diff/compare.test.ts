import { describe, expect, it } from 'vitest'
import { MemoryKube } from '../../../test/support/memory-kube'
import type { K8sObject } from '../base/objects'
import { compareResources, DryRunCache } from './compare'

const cm = (name: string, data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data })

describe('compare over the KubeApi interface', () => {
  it('Synced, OutOfSync (with the changed field in the diff), Missing and Extra', async () => {
    const kube = new MemoryKube().seed(cm('same', { a: '1' }), cm('changed', { a: '1' }), cm('extra', {}))
    const result = await compareResources(kube, [cm('same', { a: '1' }), cm('changed', { a: '2' }), cm('new', { a: '1' })], {}, [(await kube.get(cm('extra', {})))!])
    expect(result.status).toBe('OutOfSync')
    expect(result.resources.map((r) => `${r.key} ${r.status}`)).toEqual(['/ConfigMap/ns/same Synced', '/ConfigMap/ns/changed OutOfSync', '/ConfigMap/ns/new Missing', '/ConfigMap/ns/extra Extra'])
    expect(result.resources[1]!.unifiedDiff).toMatch(/^-\s+a: "1"$/m)
    expect(kube.writes).toEqual([]) // a compare only dry-runs
  })

  it('a change the cluster refuses (422) still shows as a difference, compared client-side with the reason, as Argo CD shows it', async () => {
    const kube = new MemoryKube().seed(cm('frozen', { a: '1' })).refuse('/ConfigMap/ns/frozen', 'data: Forbidden: field is immutable')
    const result = await compareResources(kube, [cm('frozen', { a: '2' }), cm('good', {})])
    expect(result.status).toBe('OutOfSync')
    expect(result.resources[0]).toMatchObject({ key: '/ConfigMap/ns/frozen', status: 'OutOfSync', mode: 'client-side', notice: expect.stringContaining('field is immutable') })
    expect(result.resources[0]!.error).toBeUndefined()
    expect(result.resources[1]).toMatchObject({ key: '/ConfigMap/ns/good', status: 'Missing' })
  })

  it("asks the server again when the object's schema changed since its prediction (a CRD updated), not otherwise", async () => {
    const kube = new MemoryKube().seed(cm('same', { a: '1' }))
    let dryRuns = 0
    const counted = Object.assign(Object.create(kube) as MemoryKube, { apply: (obj: K8sObject, options: object) => (dryRuns++, kube.apply(obj, options)) })
    const live = (await kube.get(cm('same', {})))!
    const dryRunCache = new DryRunCache()
    const compare = (schema: string) => compareResources(counted, [cm('same', { a: '1' })], { dryRuns: dryRunCache, liveOf: () => live, schemaOf: () => schema, text: false })
    expect((await compare('hash-1')).status).toBe('Synced')
    expect((await compare('hash-1')).status).toBe('Synced')
    expect(dryRuns).toBe(1)
    expect((await compare('hash-2')).status).toBe('Synced')
    expect(dryRuns).toBe(2)
  })

  it("a commit's new ConfigMap value is predicted from the last dry run against the same live object, not dry-run; the sync is left to verify it; a changed live object is dry-run", async () => {
    const kube = new MemoryKube().seed(cm('carried', { a: '1' }))
    let dryRuns = 0
    const counted = Object.assign(Object.create(kube) as MemoryKube, { apply: (obj: K8sObject, options: object) => (dryRuns++, kube.apply(obj, options)) })
    let live = (await kube.get(cm('carried', {})))!
    const dryRunCache = new DryRunCache()
    const compare = (data: Record<string, string>) => compareResources(counted, [cm('carried', data)], { dryRuns: dryRunCache, verified: dryRunCache.verified, liveOf: () => live })
    expect((await compare({ a: '1' })).status).toBe('Synced')
    expect(dryRuns).toBe(1)
    const changed = await compare({ a: '2', b: 'new' })
    expect(changed.resources[0]!.unifiedDiff).toMatch(/^-\s+a: "1"\n\+\s+a: "2"\n\+\s+b: new$/m)
    expect(dryRuns).toBe(1)
    expect(dryRunCache.verified.freshSince('memory', cm('carried', { a: '2', b: 'new' }), live)).toBeUndefined()
    // A removed key, or the same change against another live object: the server is asked.
    await compare({ b: 'new' })
    expect(dryRuns).toBe(2)
    live = { ...live, metadata: { ...live.metadata, labels: { edited: 'yes' } } }
    await compare({ a: '3' })
    expect(dryRuns).toBe(3)
  })
})

