import { describe, expect, it } from 'vitest'
import { owningApp } from './owning-app'

const annotated = (kind: string, name: string, id: string) => ({ apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'shop', annotations: { 'argocd.argoproj.io/tracking-id': id } } })

describe('owningApp', () => {
  it('reads the app from a tracking id that names the object itself', () => {
    expect(owningApp(annotated('Deployment', 'web', 'shop:apps/Deployment:shop/web'))).toBe('shop')
  })

  it('ignores a tracking id a controller copied onto what it made (a ReplicaSet of the Deployment)', () => {
    expect(owningApp(annotated('ReplicaSet', 'web-6d476cf4df', 'shop:apps/Deployment:shop/web'))).toBeUndefined()
  })

  it('falls back to the instance label', () => {
    expect(owningApp({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { 'app.kubernetes.io/instance': 'shop' } } })).toBe('shop')
  })
})
