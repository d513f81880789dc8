import { describe, expect, it } from 'vitest'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { findInstances, forbiddenText, type InstanceLister } from './instances'

const cm = (namespace: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace } })
const forbidden = (verb: string, ns: string) => new UserError('Forbidden', `applications.argoproj.io is forbidden: User "limited" cannot ${verb} resource "applications" in API group "argoproj.io" in the namespace "${ns}"`)

/** A cluster at the interface discovery uses: which argocd-cm it has, and how each namespace answers a list of Applications. */
const cluster = (cms: string[] | 'forbidden', apps: Record<string, 'ok' | 'forbidden' | 'not-served'>): InstanceLister => ({
  list: async (_apiVersion, kind, namespace) => {
    if (kind === 'ConfigMap') {
      if (cms === 'forbidden') throw new UserError('Forbidden', 'configmaps is forbidden')
      return { items: cms.map(cm) }
    }
    const answer = apps[namespace ?? ''] ?? 'not-served'
    if (answer === 'forbidden') throw forbidden('list', namespace ?? '')
    if (answer === 'not-served') throw new UserError('NotFound', 'the server could not find the requested resource')
    return { items: [] }
  },
})

describe('finding Argo CD installations in a context', () => {
  it('takes namespaces with an argocd-cm where Applications are served, and those Settings names, each with what a list of Applications answered', async () => {
    const found = await findInstances(cluster(['argocd', 'team-argo', 'not-argo'], { argocd: 'ok', 'team-argo': 'forbidden', extra: 'ok' }), ['extra', 'argocd'])
    expect(found).toEqual([
      { namespace: 'argocd', from: 'discovered', problem: null },
      { namespace: 'extra', from: 'settings', problem: null },
      { namespace: 'team-argo', from: 'discovered', problem: 'forbidden: limited cannot list applications in team-argo' },
    ])
  })

  it('a user who may not list ConfigMaps across the cluster finds only what Settings names', async () => {
    expect(await findInstances(cluster('forbidden', { argocd: 'ok' }), ['argocd'])).toEqual([{ namespace: 'argocd', from: 'settings', problem: null }])
    expect(await findInstances(cluster('forbidden', {}), [])).toEqual([])
  })

  it('says a refusal as "forbidden: USER cannot VERB applications in NAMESPACE"', () => {
    expect(forbiddenText(forbidden('patch', 'argocd').message, 'update', 'argocd')).toBe('forbidden: limited cannot patch applications in argocd')
    expect(forbiddenText('no detail', 'patch', 'argocd', 'ground-1-limited')).toBe('forbidden: ground-1-limited cannot patch applications in argocd')
  })
})
