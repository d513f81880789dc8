import { describe, expect, it } from 'vitest'
import { MemoryKube } from '../kube/memory-kube'
import type { K8sObject } from '../kube/objects'
import { compareResources } from './compare'

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

  it('a resource the cluster refuses to dry-run is reported on its own, the others still compare', async () => {
    const kube = new MemoryKube().refuse('/ConfigMap/ns/bad', 'metadata.name: Invalid value')
    const result = await compareResources(kube, [cm('bad', {}), cm('good', {})])
    expect(result.status).toBe('Unknown')
    expect(result.resources[0]).toMatchObject({ key: '/ConfigMap/ns/bad', error: { message: expect.stringContaining('Invalid value') } })
    expect(result.resources[1]).toMatchObject({ key: '/ConfigMap/ns/good', status: 'Missing' })
  })
})
