import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import type { K8sObject } from '../base/objects'
import { editableYaml, editApplyConfig } from './live-edit'

const key = 'apps/Deployment/shop/web'
const live: K8sObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '42', generation: 3, managedFields: [{ manager: 'gitops-desk' }], labels: { app: 'web' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } },
  status: { replicas: 1 },
}
const edit = (change: (o: K8sObject & { spec: { replicas: number } }) => void) => {
  const obj = YAML.parse(editableYaml(live)) as K8sObject & { spec: { replicas: number } }
  change(obj)
  return YAML.stringify(obj)
}

describe('editing a live object', () => {
  it('opens without managedFields and status', () => {
    const text = editableYaml(live)
    expect(text).not.toMatch(/managedFields|status:/)
    expect(text).toMatch(/resourceVersion: "42"/)
  })

  it('applies only the changed fields, with the identity and the resourceVersion it started from', () => {
    expect(editApplyConfig(live, edit((o) => void (o.spec.replicas = 3)), key)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', resourceVersion: '42' }, spec: { replicas: 3 } })
  })

  it('nothing changed: nothing to apply; status edits are not changes', () => {
    expect(editApplyConfig(live, editableYaml(live), key)).toBeNull()
    expect(editApplyConfig(live, edit((o) => void (o.status = { replicas: 9 })), key)).toBeNull()
  })

  it('refuses a rename, another kind, a removed field and bad YAML, saying what and where', () => {
    expect(() => editApplyConfig(live, edit((o) => void (o.metadata.name = 'other')), key)).toThrow(/cannot change what the object is \(apps\/Deployment\/shop\/web became apps\/Deployment\/shop\/other/)
    expect(() => editApplyConfig(live, edit((o) => void delete o.metadata.labels), key)).toThrow(/removing metadata.labels is not done/)
    expect(() => editApplyConfig(live, 'spec: [', key)).toThrow(/not valid YAML/)
    expect(() => editApplyConfig(live, '- a\n- b\n', key)).toThrow(/must be one object/)
  })
})

describe('editing a live Secret', () => {
  const secretKey = '/Secret/shop/creds'
  const secret: K8sObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'creds', namespace: 'shop', resourceVersion: '7', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}' } },
    type: 'Opaque',
    data: { password: 'c2VjcmV0', token: 'dG9rZW4=' },
  }
  const editSecret = (change: (o: K8sObject & { data: Record<string, string> }) => void) => {
    const obj = YAML.parse(editableYaml(secret)) as K8sObject & { data: Record<string, string> }
    change(obj)
    return YAML.stringify(obj)
  }

  it('opens with its values masked, as Argo CD shows Secrets', () => {
    const text = editableYaml(secret)
    expect(text).not.toContain('c2VjcmV0')
    expect(text).not.toContain('dG9rZW4=')
    expect(YAML.parse(text).data).toEqual({ password: '++++++++', token: '+++++++++' })
  })

  it('sends only the keys really changed; a value left masked keeps its live value', () => {
    expect(editApplyConfig(secret, editableYaml(secret), secretKey)).toBeNull()
    expect(editApplyConfig(secret, editSecret((o) => void (o.data.token = 'bmV3')), secretKey)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'shop', resourceVersion: '7' }, data: { token: 'bmV3' } })
    // A label changed beside the masked values: the values are not sent.
    expect(editApplyConfig(secret, editSecret((o) => void (o.metadata.labels = { team: 'a' })), secretKey)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'shop', resourceVersion: '7', labels: { team: 'a' } } })
  })
})
