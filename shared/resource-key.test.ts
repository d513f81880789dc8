import { describe, expect, it } from 'vitest'
import { parseResourceKey } from './resource-key'

describe('parseResourceKey', () => {
  it('reads group, kind, namespace and name; the core group and a cluster-scoped namespace are empty', () => {
    expect(parseResourceKey('apps/Deployment/shop/web')).toEqual({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' })
    expect(parseResourceKey('/ConfigMap/shop/settings')).toEqual({ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'settings' })
    expect(parseResourceKey('rbac.authorization.k8s.io/ClusterRole//reader')).toEqual({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'reader' })
  })

  it('gives empty parts for a key that is cut short', () => {
    expect(parseResourceKey('apps/Deployment')).toEqual({ group: 'apps', kind: 'Deployment', namespace: '', name: '' })
  })
})
