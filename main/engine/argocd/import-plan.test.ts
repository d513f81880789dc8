import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { planImport } from './import-plan'
import type { ArgoInstallation } from './installation'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const app = (name: string, destination: Record<string, string>, more: Record<string, unknown> = {}): K8sObject => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: 'argocd', uid: 'u', resourceVersion: '7', annotations: { 'argocd.argoproj.io/refresh': 'hard', team: 'a' } }, spec: { project: 'default', source: { repoURL: 'https://git/x.git', path: 'p' }, destination }, status: { sync: { status: 'Synced' } }, operation: { sync: {} }, ...more })
const secret = (name: string, type: string, data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, labels: { 'argocd.argoproj.io/secret-type': type } }, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) })
const installation = (more: Partial<ArgoInstallation> = {}): ArgoInstallation => ({ context: 'kind-argo', namespace: 'argocd', applications: [], projects: [], applicationSets: [], secrets: [], config: {}, ...more })

describe('planning an import from Argo CD (pure)', () => {
  it('Applications as a user wrote them: status, operation and bookkeeping dropped, in-cluster becomes the context read from', () => {
    const { plan, applications } = planImport(installation({ applications: [app('web', { server: 'https://kubernetes.default.svc', namespace: 'web' }), app('api', { name: 'prod', namespace: 'api' })] }), { apps: ['api'], projects: [] })
    expect(applications[0]).toMatchObject({ metadata: { name: 'web', annotations: { team: 'a' } }, spec: { destination: { name: 'kind-argo', namespace: 'web' } } })
    expect(applications[0]).not.toHaveProperty('status')
    expect(applications[0]).not.toHaveProperty('operation')
    expect(applications[0]!.metadata.annotations).not.toHaveProperty('argocd.argoproj.io/refresh')
    expect(plan.apps).toEqual([
      { name: 'web', project: 'default', destination: 'kind-argo/web', replaces: false },
      { name: 'api', project: 'default', destination: 'prod/api', replaces: true },
    ])
  })

  it('credential Secrets go to the keychain importers and show by name only; the in-cluster Secret, ApplicationSets and unread argocd-cm keys are listed as skipped', () => {
    const content = planImport(
      installation({
        secrets: [secret('private', 'repository', { url: 'https://git/private.git', username: 'bob', password: 's3cret' }), secret('east', 'cluster', { name: 'east', server: 'https://east:6443', config: '{"bearerToken":"t0ken"}' }), secret('self', 'cluster', { name: 'in-cluster', server: 'https://kubernetes.default.svc', config: '{}' })],
        applicationSets: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'fleet' } }],
        config: { 'application.resourceTrackingMethod': 'annotation+label', 'kustomize.buildOptions': '--enable-helm', 'resource.customizations.health.example.com_Widget': 'hs = {}', url: 'https://argo' },
      }),
      { apps: [], projects: [] },
    )
    expect(content.plan.repositories).toEqual([{ url: 'https://git/private.git', type: 'git', secret: 'private' }])
    expect(content.plan.clusters).toEqual([{ name: 'east', server: 'https://east:6443', secret: 'east' }])
    expect(content.plan.settings).toEqual(['health check  example.com/Widget', 'setting       trackingMethod: annotation+label', 'setting       kustomizeBuildOptions: --enable-helm'])
    expect(content.plan.skipped.map((s) => s.what)).toEqual(['ApplicationSet fleet', 'cluster Secret self'])
    expect(content.argoSettings.healthScripts).toEqual({ 'example.com/Widget': 'hs = {}' })
    expect(JSON.stringify(content.plan)).not.toMatch(/s3cret|t0ken/)
    expect(content.repositorySecrets).toHaveLength(1)
    expect(content.clusterSecrets).toHaveLength(1)
  })

  it('an Application GitOps Desk cannot read fails the whole import, naming it', () => {
    const broken = { ...app('bad', { namespace: 'x' }), spec: { project: 'default', destination: { namespace: 'x' } } }
    expect(() => planImport(installation({ applications: [broken] }), { apps: [], projects: [] })).toThrow(/Application bad in argocd \(kind-argo\)/)
  })
})
