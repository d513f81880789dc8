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

  it('reads the instance label only with label tracking: with annotation tracking a Helm release label on a pod names no app', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', labels: { 'app.kubernetes.io/instance': 'shop' } } }
    expect(owningApp(pod, 'label')).toBe('shop')
    expect(owningApp(pod, 'annotation')).toBeUndefined()
    expect(owningApp(pod, 'annotation+label')).toBeUndefined()
    expect(owningApp(pod)).toBe('shop') // the cache's index keeps both; reads narrow it
  })
})
