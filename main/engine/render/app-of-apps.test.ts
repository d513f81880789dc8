import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { Application } from '../model/app-schema'
import { childAppSetChanges, childChanges } from './app-of-apps'

const parent = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'parent' }, spec: { source: { repoURL: 'https://git.example/apps.git', path: 'apps' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' } } })
// `chart NAME@URL` is a Helm source (a registry's host needs no scheme there), anything else a Git one.
const child = (name: string, ...repoURLs: string[]) =>
  ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { sources: repoURLs.map((url) => (url.startsWith('chart ') ? { repoURL: url.split('@')[1], chart: url.slice(6).split('@')[0], targetRevision: '1.0.0' } : { repoURL: url, path: 'x', targetRevision: 'HEAD' })), destination: { server: 'https://kubernetes.default.svc', namespace: name } } }) as unknown as K8sObject

describe('children an app-of-apps parent renders', () => {
  it("may not name a repository on this machine (a path or file://): the parent's author would read the user's local repositories", () => {
    const local = ['/home/user/private', 'file:///home/user/private', '../sibling', '~/repos/x', 'FILE:/x', 'repos/relative']
    const { changed, conditions } = childChanges(parent, local.map((url, i) => child(`local-${i}`, 'https://git.example/ok.git', url)), [])
    expect(changed).toEqual([])
    expect(conditions).toHaveLength(local.length)
    local.forEach((url, i) => expect(conditions[i]).toEqual({ type: 'InvalidSpecError', message: `child Application local-${i} of parent: spec.sources[1].repoURL "${url}" is a repository on this machine, not its parent's; an app rendered from a repository may only use remote ones or its parent's (add another local one yourself)` }))
  })

  it("may name the parent's own local repository, however it is spelled (a local app-of-apps)", () => {
    const localParent = Application.parse({ ...parent, spec: { ...parent.spec, source: { repoURL: 'file:///home/user/gitops', path: 'apps' } } })
    const { changed, conditions } = childChanges(localParent, [child('same', 'file:///home/user/gitops', '/home/user/gitops/', '/home/user/gitops.git'), child('other', '/home/user/private')], [])
    expect(changed.map((a) => a.metadata.name)).toEqual(['same'])
    expect(conditions).toMatchObject([{ message: expect.stringContaining('child Application other of parent: spec.sources[0].repoURL "/home/user/private" is a repository on this machine') }])
  })

  it('may name remote repositories, by https, ssh, git or scp-like URLs, and Helm and OCI registries', () => {
    const remote = ['https://git.example/a.git', 'ssh://git@git.example/a.git', 'git://git.example/a.git', 'git@github.com:org/a.git', 'github.com:org/a.git', 'oci://registry.example/charts', 'chart web@registry.example/charts', 'chart web@https://charts.example']
    const { changed, conditions } = childChanges(parent, [child('remote', ...remote)], [])
    expect(conditions).toEqual([])
    expect(changed.map((a) => a.metadata.name)).toEqual(['remote'])
  })

  it("a child ApplicationSet may not read a repository on this machine with its git generator (nested in a matrix too)", () => {
    const appset = (name: string, repoURL: string) =>
      ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name }, spec: { generators: [{ matrix: { generators: [{ list: { elements: [{ a: 'b' }] } }, { git: { repoURL, revision: 'HEAD', files: [{ path: '**' }] } }] } }], template: { metadata: { name: '{{a}}' }, spec: { project: 'default', source: { repoURL: 'https://git.example/x.git', path: 'x' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'x' } } } } }) as unknown as K8sObject
    const { changed, conditions } = childAppSetChanges(parent, [appset('local', 'file:///home/user/private'), appset('remote', 'https://git.example/x.git')], [])
    expect(changed.map((a) => a.metadata.name)).toEqual(['remote'])
    expect(conditions).toEqual([{ type: 'InvalidSpecError', message: 'child ApplicationSet local of parent: its git generator\'s repoURL "file:///home/user/private" is a repository on this machine, not its parent\'s; an ApplicationSet rendered from a repository may only read remote ones or its parent\'s' }])
  })
})
