import { describe, expect, it } from 'vitest'
import { resourceKey } from '../base/objects'
import { TargetIndex } from './target-index'

const cm = (name: string, namespace = 'ns') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } })

describe('TargetIndex', () => {
  it('finds every app that renders a resource on that context only, and forgets replaced or removed apps', () => {
    const index = new TargetIndex()
    index.set('a', 'kind', [cm('x'), cm('y')])
    index.set('b', 'kind', [cm('x')])
    index.set('c', 'other', [cm('x')])
    expect([...index.appsFor('kind', resourceKey(cm('x')))].sort()).toEqual(['a', 'b'])
    expect([...index.appsFor('other', resourceKey(cm('x')))]).toEqual(['c'])
    index.set('a', 'kind', [cm('z')])
    expect([...index.appsFor('kind', resourceKey(cm('y')))]).toEqual([])
    expect([...index.appsFor('kind', resourceKey(cm('z')))]).toEqual(['a'])
    index.delete('b')
    expect([...index.appsFor('kind', resourceKey(cm('x')))]).toEqual([])
  })
})
