import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { foldStringData, predictClientSide, quantityValue } from './client-side'
import { compareResources } from './compare'
import { MemoryKube } from '../../../test/support/memory-kube'

const deployment = (resources: Record<string, Record<string, string | number>>, env: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'podinfo', namespace: 'ns' },
  spec: { template: { spec: { containers: [{ name: 'podinfo', image: 'podinfo:6', resources, env: Object.entries(env).map(([name, value]) => ({ name, value })) }] } } },
})

describe('the client-side prediction', () => {
  it('reads quantities as the API server stores them: 2000m is "2", 1024Mi is 1Gi, 0.5 is 500m', () => {
    expect([quantityValue('2000m'), quantityValue('2'), quantityValue('1024Mi'), quantityValue('1Gi'), quantityValue('0.5'), quantityValue('500m'), quantityValue('1e3'), quantityValue('1k'), quantityValue('abc')]).toEqual([2, 2, 2 ** 30, 2 ** 30, 0.5, 0.5, 1000, 1000, null])
  })

  it('finds no difference between equal quantities written differently (podinfo\'s real Deployment)', async () => {
    const live = deployment({ limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '64Mi' } })
    const target = deployment({ limits: { cpu: '2000m', memory: '1024Mi' }, requests: { cpu: 0.1, memory: '64Mi' } })
    expect(predictClientSide(live, target)).toEqual(live)
    const result = await compareResources(new MemoryKube().seed(live), [target], { mode: 'client-side' })
    expect(result.status).toBe('Synced')
  })

  it('still reports a real change of a quantity, and never treats other strings as quantities', async () => {
    const live = deployment({ limits: { cpu: '2' } }, { VERSION: '1.0' })
    const changed = await compareResources(new MemoryKube().seed(live), [deployment({ limits: { cpu: '3' } }, { VERSION: '1.0' })], { mode: 'client-side' })
    expect(changed.resources[0]?.unifiedDiff).toMatch(/^-\s+cpu: "2"\n\+\s+cpu: "3"$/m)
    const env = await compareResources(new MemoryKube().seed(live), [deployment({ limits: { cpu: '2' } }, { VERSION: '1' })], { mode: 'client-side' })
    expect(env.status).toBe('OutOfSync')
  })
})

describe('a Secret\'s stringData folded into data', () => {
  const secret = (rest: Record<string, unknown>): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, ...rest }) as K8sObject
  it('encodes strings, keeps a value that is not a string as it is (as gitops-engine does), and leaves stringData that is not a map alone', () => {
    expect(foldStringData(secret({ data: { a: 'eA==' }, stringData: { b: 'y', n: { deep: 1 } } }))).toEqual(secret({ data: { a: 'eA==', b: 'eQ==', n: { deep: 1 } } }))
    expect(foldStringData(secret({ stringData: 'not a map' }))).toEqual(secret({ stringData: 'not a map' }))
  })
})
