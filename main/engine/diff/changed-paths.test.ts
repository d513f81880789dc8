import { describe, expect, it } from 'vitest'
import { changedPaths } from './changed-paths'
import type { K8sObject } from '../base/objects'

const deployment = (replicas: number, image = 'nginx:1.27', extra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'demo', labels: { 'app.kubernetes.io/name': 'web' }, ...extra },
  spec: { replicas, template: { spec: { containers: [{ name: 'web', image }] } } },
})

describe('changedPaths', () => {
  it('names a scaled Deployment\'s spec.replicas and nothing else', () => {
    expect(changedPaths(deployment(1), deployment(3))).toEqual(['spec.replicas'])
  })

  it('ignores what the server changes on a dry run: managedFields, generation, resourceVersion, status', () => {
    const live = { ...deployment(2, 'nginx:1.27', { generation: 4, resourceVersion: '100', managedFields: [{ manager: 'kubectl' }] }), status: { replicas: 2 } }
    const predicted = { ...deployment(2, 'nginx:1.27', { generation: 5, resourceVersion: '100', managedFields: [{ manager: 'gitops-desk' }] }), status: { replicas: 1 } }
    expect(changedPaths(live, predicted)).toEqual([])
  })

  it('names a list item by its index, a quoted key when it is not a word, and an added key once', () => {
    const live = deployment(1)
    const predicted = deployment(1, 'nginx:1.28', { labels: { 'app.kubernetes.io/name': 'web', tier: 'front' }, annotations: { owner: 'x' } })
    expect(changedPaths(live, predicted)).toEqual(['metadata.annotations', 'metadata.labels.tier', 'spec.template.spec.containers[0].image'])
    expect(changedPaths(deployment(1, 'a', { labels: { 'app.kubernetes.io/name': 'api' } }), deployment(1, 'a'))).toEqual(['metadata.labels["app.kubernetes.io/name"]'])
  })

  it('names a list that grew or shrank as one change', () => {
    const live = deployment(1)
    const predicted = structuredClone(live) as K8sObject & { spec: { template: { spec: { containers: unknown[] } } } }
    predicted.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' })
    expect(changedPaths(live, predicted)).toEqual(['spec.template.spec.containers'])
  })
})
