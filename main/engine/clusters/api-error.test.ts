import { describe, expect, it } from 'vitest'
import { apiError } from './cluster-client'

describe("an API server's refusal", () => {
  it('of a Secret never quotes its values, as sent or decoded', () => {
    const value = 'LIVE-SECRET-VALUE-998877'
    const encoded = Buffer.from(value).toString('base64')
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, data: { pw: encoded }, stringData: { token: 'plain-token-1234' } }
    const body = JSON.stringify({ kind: 'Status', message: `"" is invalid: patch: Invalid value: "{\\"data\\":{\\"pw\\":\\"${encoded}\\"},\\"stringData\\":{\\"token\\":\\"plain-token-1234\\"}}": decoded ${value}` })
    const message = apiError(Object.assign(new Error('HTTP 422'), { code: 422, body }), secret, 'ground-1').message
    expect(message).toContain('is invalid: patch: Invalid value')
    for (const leaked of [value, encoded, 'plain-token-1234']) expect(message).not.toContain(leaked)
  })

  it('of another kind is quoted as is', () => {
    const body = JSON.stringify({ kind: 'Status', message: 'ConfigMap "c" is invalid: data[bad key]: Invalid value: "bad key"' })
    expect(apiError(Object.assign(new Error('HTTP 422'), { code: 422, body }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, 'ground-1').message).toBe('ConfigMap "c" is invalid: data[bad key]: Invalid value: "bad key"')
  })

  it('that never came names the reason, not the request', () => {
    const error = Object.assign(new Error('request to https://127.0.0.1:6443/api/v1/namespaces/x/configmaps/c?dryRun=All failed, reason: connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' })
    expect(apiError(error, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, 'ground-1').message).toBe('cannot reach the cluster: connect ECONNREFUSED 127.0.0.1:6443')
  })
})
