import { describe, expect, it } from 'vitest'
import { Application } from '../model/app-schema'
import { MemoryKube } from '../../../test/support/memory-kube'
import type { K8sObject } from '../base/objects'
import { cascadeOf, planDeletion, runDeletion } from './app-deletion'

const cm = (name: string, annotations: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', annotations } })
const app = (finalizers?: string[]) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop', ...(finalizers ? { finalizers } : {}) }, spec: { source: { repoURL: 'r', path: 'p' }, destination: { name: 'c', namespace: 'ns' } } })
const crd: K8sObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' } }

describe('deleting an app with its resources (pure rules)', () => {
  it('the resources finalizer decides the cascade, as Argo CD reads it', () => {
    expect(cascadeOf(app())).toBe('none')
    expect(cascadeOf(app(['resources-finalizer.argocd.argoproj.io']))).toBe('foreground')
    expect(cascadeOf(app(['resources-finalizer.argocd.argoproj.io/foreground']))).toBe('foreground')
    expect(cascadeOf(app(['resources-finalizer.argocd.argoproj.io/background']))).toBe('background')
  })

  it('keeps Delete=false, Helm keep and CRDs; orders the rest highest sync wave first', () => {
    const live = [cm('plain'), cm('late', { 'argocd.argoproj.io/sync-wave': '5' }), cm('early', { 'argocd.argoproj.io/sync-wave': '-1' }), cm('kept', { 'argocd.argoproj.io/sync-options': 'Delete=false' }), cm('helm', { 'helm.sh/resource-policy': 'keep' }), crd]
    const plan = planDeletion('shop', live, { consent: { resources: true } }, 'c', [])
    expect(plan.waves.map((w) => w.map((o) => o.metadata.name))).toEqual([['late'], ['plain'], ['early']])
    expect(plan.kept.map((k) => k.reason)).toEqual(['Delete=false', 'helm.sh/resource-policy: keep', expect.stringMatching(/CustomResourceDefinition/)])
  })

  it('refuses before anything is deleted: no consent, a protected context without its name, Delete=confirm without its own consent', () => {
    const live = [cm('plain'), cm('careful', { 'argocd.argoproj.io/sync-options': 'Delete=confirm' })]
    expect(() => planDeletion('shop', live, {}, 'c', [])).toThrow(/also deletes its 2 resources from c.*--cascade/)
    expect(() => planDeletion('shop', live, { consent: { resources: true, deletes: true } }, 'prod', ['prod'])).toThrow(/prod is a protected context/)
    expect(() => planDeletion('shop', live, { consent: { resources: true } }, 'c', [])).toThrow(/\/ConfigMap\/ns\/careful asks for confirmation before deletion \(Delete=confirm\)/)
    expect(planDeletion('shop', live, { consent: { resources: true, deletes: true, context: 'prod' } }, 'prod', ['prod']).waves.flat()).toHaveLength(2)
    // Nothing to delete (all kept): no consent needed.
    expect(planDeletion('shop', [crd], {}, 'c', []).kept).toHaveLength(1)
  })

  it('deletes wave by wave and reports each key', async () => {
    const kube = new MemoryKube().seed(cm('plain'), cm('late', { 'argocd.argoproj.io/sync-wave': '1' }))
    const plan = planDeletion('shop', [...kube.objects.values()], { consent: { resources: true } }, 'c', [])
    expect(await runDeletion(kube, plan, 'foreground', { pollMs: 1 })).toEqual(['/ConfigMap/ns/late', '/ConfigMap/ns/plain'])
    expect(kube.writes).toEqual(['delete /ConfigMap/ns/late', 'delete /ConfigMap/ns/plain'])
  })
})
