import { describe, expect, it } from 'vitest'
import { Application, AppProject } from '../model/app-schema'
import { planExport } from './export-plan'

const app = (name: string, repoURL: string, destination: Record<string, string>, project = 'default') => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { project, source: { repoURL, path: 'p' }, destination } })
const team = AppProject.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'team' }, spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }] } })

describe('planning an export to Argo CD (pure)', () => {
  it('the same Applications in Argo CD namespace, their projects, a Secret per private repository and per destination cluster; values never in the plan', () => {
    const apps = [app('web', 'https://git/private.git', { name: 'argo-home', namespace: 'web' }, 'team'), app('api', 'https://git/public.git', { name: 'east', namespace: 'api' })]
    const { plan, objects } = planExport({
      context: 'argo-home',
      namespace: 'argocd',
      apps,
      projects: [team],
      repositories: new Map([['https://git/private.git', { username: 'bob', password: 's3cret', caData: 'PEM' }], ['https://git/public.git', null]]),
      clusters: new Map([
        ['argo-home', { name: 'argo-home', server: 'https://kubernetes.default.svc', inCluster: true as const }],
        ['east', { name: 'east', server: 'https://east:6443', inCluster: false as const, config: { bearerToken: 't0ken' } }],
      ]),
    })
    expect(plan.apps.map((a) => a.name)).toEqual(['web', 'api'])
    expect(plan.projects).toEqual(['team'])
    expect(plan.secrets.map((s) => [s.type, s.for])).toEqual([['repository', 'https://git/private.git'], ['cluster', 'argo-home (the cluster Argo CD runs in)'], ['cluster', 'east https://east:6443']])
    expect(plan.warnings).toEqual([expect.stringMatching(/private CA.*argocd-tls-certs-cm/)])
    expect(JSON.stringify(plan)).not.toMatch(/s3cret|t0ken/)
    const byKind = (kind: string) => objects.filter((o) => o.kind === kind)
    expect(byKind('Application').map((o) => [o.metadata.name, o.metadata.namespace, (o.spec as { destination: unknown }).destination])).toEqual([['web', 'argocd', { name: 'argo-home', namespace: 'web' }], ['api', 'argocd', { name: 'east', namespace: 'api' }]])
    const home = byKind('Secret').find((s) => (s.stringData as Record<string, string>).name === 'argo-home')!
    expect(home.stringData).toMatchObject({ server: 'https://kubernetes.default.svc' })
    expect(home.metadata.labels).toMatchObject({ 'argocd.argoproj.io/secret-type': 'cluster' })
  })

  it('in-cluster needs no Secret, but a warning when it means another cluster here', () => {
    const { plan, objects } = planExport({ context: 'argo-home', namespace: 'argocd', apps: [app('web', 'https://git/public.git', { server: 'https://kubernetes.default.svc', namespace: 'web' })], projects: [], repositories: new Map(), clusters: new Map(), activeContext: 'kind-dev' })
    expect(objects.map((o) => o.kind)).toEqual(['Application'])
    expect(plan.warnings).toEqual([expect.stringMatching(/in-cluster: kind-dev here, the cluster Argo CD runs in \(argo-home\) there/)])
  })
})
