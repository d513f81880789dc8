import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { diffView, normalizeForDiff, sameForDiff, sortKeys } from './normalize'

const base = (): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '7',
    generation: 3,
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }],
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '3', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } },
  status: { readyReplicas: 2 },
})

describe('the diff’s view of an object', () => {
  it('is the same as the normalized copy, without copying or changing the object', () => {
    const obj = base()
    const before = structuredClone(obj)
    const view = diffView(obj)
    expect(view).toEqual(normalizeForDiff(obj))
    expect(view).not.toHaveProperty('status')
    expect(view.metadata).not.toHaveProperty('annotations')
    expect(view.spec).toBe(obj.spec)
    expect(obj).toEqual(before)
  })

  it('says two objects are the same exactly when their sorted normalized copies are deeply equal', () => {
    const variants: [string, (o: K8sObject) => void][] = [
      ['status and bookkeeping only', (o) => ((o.status = { readyReplicas: 0 }), (o.metadata.resourceVersion = '9'), (o.metadata.managedFields = []))],
      ['keys in another order', (o) => (o.spec = { template: (o.spec as { template: unknown }).template, replicas: 2 })],
      ['a replica count', (o) => ((o.spec as { replicas: number }).replicas = 3)],
      ['an image in a list', (o) => ((o.spec as never as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image = 'nginx:2')],
      ['a label', (o) => (o.metadata.labels = { app: 'web', tier: 'front' })],
      ['a user annotation', (o) => (o.metadata.annotations = { note: 'x' })],
      ['a key set to undefined', (o) => ((o.spec as Record<string, unknown>).paused = undefined)],
      ['a list longer', (o) => (o.spec as never as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({ name: 'side' })],
    ]
    for (const [what, change] of variants) {
      const other = base()
      change(other)
      const expected = isDeepStrictEqual(sortKeys(normalizeForDiff(base())), sortKeys(normalizeForDiff(other)))
      expect({ what, same: sameForDiff(base(), other) }).toEqual({ what, same: expected })
    }
    expect(sameForDiff(base(), base())).toBe(true)
  })
})
