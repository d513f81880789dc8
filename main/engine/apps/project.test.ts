import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import type { K8sObject } from '../base/objects'
import { projectViolations } from './project'
import { Application, AppProject, defaultProject } from '../model/app-schema'

const team = AppProject.parse(YAML.parse(`
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: team}
spec:
  sourceRepos: ['https://github.com/team/*', '!https://github.com/team/secret-*']
  destinations:
  - {server: 'https://kubernetes.default.svc', namespace: 'team-*'}
  - {name: staging, namespace: '*'}
  clusterResourceWhitelist: [{group: '', kind: Namespace}]
  namespaceResourceBlacklist: [{group: '', kind: ResourceQuota}]
`))
const app = (repoURL: string) => Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a' }, spec: { project: 'team', source: { repoURL, path: '.' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'team-a' } } })
const inCluster = { server: 'https://kubernetes.default.svc', name: 'in-cluster', namespace: 'team-a' }
const obj = (apiVersion: string, kind: string, namespace?: string): K8sObject => ({ apiVersion, kind, metadata: { name: 'x', ...(namespace ? { namespace } : {}) } })

describe('AppProject guardrails', () => {
  it('the default project permits everything', () => {
    expect(projectViolations(defaultProject, app('https://example.com/any.git'), inCluster, [obj('rbac.authorization.k8s.io/v1', 'ClusterRole')])).toEqual([])
  })

  it('permits what the project allows', () => {
    expect(projectViolations(team, app('https://github.com/team/apps.git'), inCluster, [obj('v1', 'Namespace'), obj('apps/v1', 'Deployment', 'team-a')])).toEqual([])
    expect(projectViolations(team, app('https://github.com/team/apps.git'), { server: 'https://10.0.0.1', name: 'staging', namespace: 'anything' }, [])).toEqual([])
  })

  it('refuses a repository outside sourceRepos, including a negated one', () => {
    expect(projectViolations(team, app('https://github.com/other/apps.git'), inCluster, [])).toEqual(["application repo https://github.com/other/apps.git is not permitted in project 'team' (sourceRepos)"])
    expect(projectViolations(team, app('https://github.com/team/secret-stuff.git'), inCluster, [])).toHaveLength(1)
  })

  it('refuses a destination the project does not list', () => {
    expect(projectViolations(team, app('https://github.com/team/apps.git'), { ...inCluster, namespace: 'kube-system' }, [])).toEqual(["application destination {https://kubernetes.default.svc kube-system} is not permitted in project 'team' (destinations)"])
  })

  it('refuses cluster-scoped kinds not whitelisted, and blacklisted namespaced kinds', () => {
    expect(projectViolations(team, app('https://github.com/team/apps.git'), inCluster, [obj('rbac.authorization.k8s.io/v1', 'ClusterRole'), obj('v1', 'ResourceQuota', 'team-a')])).toEqual([
      "resource rbac.authorization.k8s.io:ClusterRole is not permitted in project 'team' (not in clusterResourceWhitelist)",
      "resource :ResourceQuota is not permitted in project 'team' (namespaceResourceBlacklist)",
    ])
  })
})
