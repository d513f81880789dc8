import { describe, expect, it } from 'vitest'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import type { KubeApi } from '../kube/kube-api'
import { listTracked } from './app-kinds'

const tracked = (kind: string, name: string, app: string): K8sObject => ({ metadata: { name, namespace: 'ns', annotations: { 'argocd.argoproj.io/tracking-id': `${app}:/${kind}:ns/${name}` } } }) as unknown as K8sObject

/** A cluster that serves ConfigMaps and Roles, lists ConfigMaps, and forbids listing Roles across it. */
const client = {
  resourceInfo: async (_apiVersion: string, kind: string) => (kind === 'Gone' ? undefined : { plural: `${kind.toLowerCase()}s`, namespaced: true }),
  list: async (_apiVersion: string, kind: string) => {
    if (kind === 'Role') throw new UserError('Forbidden', 'roles.rbac.authorization.k8s.io is forbidden: cannot list at the cluster scope')
    if (kind === 'Secret') throw new UserError('Unavailable', 'connection refused')
    return { items: [tracked('ConfigMap', 'mine', 'shop'), tracked('ConfigMap', 'theirs', 'other')] }
  },
} as unknown as KubeApi

describe('listing an app’s tracked objects once (a one-shot compare)', () => {
  it('finds the app’s own objects; a kind the cluster no longer serves, or these credentials may not list across it, has none', async () => {
    const found = await listTracked(client, [{ apiVersion: 'v1', kind: 'ConfigMap' }, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' }, { apiVersion: 'example.com/v1', kind: 'Gone' }], 'shop', 'annotation')
    expect(found.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual(['v1 ConfigMap mine'])
  })

  it('any other failure is the compare’s error', async () => {
    await expect(listTracked(client, [{ apiVersion: 'v1', kind: 'Secret' }], 'shop', 'annotation')).rejects.toThrow('connection refused')
  })
})
