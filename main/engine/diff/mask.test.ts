import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { maskSecretObjects, maskSecrets } from './mask'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const secret = (data: Record<string, string>, stringData?: Record<string, string>, annotations?: Record<string, string>): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns', ...(annotations ? { annotations } : {}) }, data, ...(stringData ? { stringData } : {}) }) as K8sObject

describe('maskSecretObjects', () => {
  it('gives each distinct value its own run of +, shared by the objects masked together, stringData folded in', () => {
    const [a, b] = maskSecretObjects([secret({ user: b64('admin'), pass: b64('one') }), secret({ user: b64('admin') }, { pass: 'two' })])
    expect(a?.data).toEqual({ user: '++++++++', pass: '+++++++++' })
    expect(b?.data).toEqual({ user: '++++++++', pass: '++++++++++' })
    expect(b?.stringData).toBeUndefined()
  })

  it('masks the last-applied annotation whole and leaves other kinds and the input alone', () => {
    const input = secret({ k: b64('v') }, undefined, { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"k":"${b64('v')}"}}` })
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } } as K8sObject
    const [masked, same] = maskSecretObjects([input, config])
    expect(masked?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe('(masked)')
    expect(JSON.stringify(masked)).not.toContain(b64('v'))
    expect(same).toBe(config)
    expect(input.data).toEqual({ k: b64('v') })
  })

  it('maskSecrets: a changed value shows as a changed mask, an equal one as the same', () => {
    const [live, target] = maskSecrets(secret({ same: b64('x'), changed: b64('old') }), secret({ same: b64('x'), changed: b64('new') }))
    expect(live?.data).toEqual({ same: '++++++++', changed: '+++++++++' })
    expect(target?.data).toEqual({ same: '++++++++', changed: '++++++++++' })
    expect(maskSecrets(null, null)).toEqual([null, null])
  })

  it('masks Secrets nested in the items of another object (a List inside a List) the same way', () => {
    const nested = { apiVersion: 'v1', kind: 'List', metadata: { name: 'inner' }, items: [secret({ pass: b64('hidden-value') }), { apiVersion: 'v1', kind: 'List', items: [secret({}, { token: 'deeper-value' })] }] } as unknown as K8sObject
    const [masked] = maskSecretObjects([nested])
    expect(JSON.stringify(masked)).not.toMatch(/hidden-value|deeper-value|aGlkZGVuLXZhbHVl/)
    expect(masked).toMatchObject({ kind: 'List', items: [{ kind: 'Secret', data: { pass: '++++++++' } }, { items: [{ data: { token: '+++++++++' } }] }] })
    expect((nested as unknown as { items: K8sObject[] }).items[0]!.data).toEqual({ pass: b64('hidden-value') })
  })
})
