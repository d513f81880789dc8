import { KubeConfig } from '@kubernetes/client-node'
import YAML from 'yaml'
import { readFileSync } from 'node:fs'
import { describe, expect, inject, it } from 'vitest'
import { checkConnection } from '../../main/engine/clusters/connection'
import { freePort } from '../ground/processes'

// Each reason a user may see in the cluster switcher, produced for real against the ground.
const ground = YAML.parse(readFileSync(inject('kubeconfig'), 'utf8'))
const cluster1 = ground.clusters.find((c: { name: string }) => c.name === 'ground-1').cluster
const adminToken: string = ground.users.find((u: { name: string }) => u.name === 'ground-1-admin').user.token

function configWith(cluster: Record<string, unknown>, user: Record<string, unknown>): KubeConfig {
  const config = new KubeConfig()
  config.loadFromOptions({ clusters: [{ name: 'c', ...cluster }], users: [{ name: 'u', ...user }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' })
  return config
}
const ca = { server: cluster1.server, caData: cluster1['certificate-authority-data'] }

describe('connection check', () => {
  it('reachable, with the server version', async () => {
    expect(await checkConnection(configWith(ca, { token: adminToken }))).toEqual({ reachable: true, version: 'v1.37.2' })
  })

  it('401: the credentials were rejected', async () => {
    expect(await checkConnection(configWith(ca, { token: 'not-a-valid-token' }))).toMatchObject({ reachable: false, reason: expect.stringMatching(/rejected the credentials \(401\)/) })
  })

  it('unreachable: nothing listens there', async () => {
    const port = await freePort()
    expect(await checkConnection(configWith({ server: `https://127.0.0.1:${port}`, caData: ca.caData }, { token: adminToken }))).toMatchObject({ reachable: false, reason: expect.stringMatching(/^connection refused/) })
  })

  it('TLS: the server certificate is not signed by the CA we were given', async () => {
    const { reason } = await checkConnection(configWith({ server: cluster1.server }, { token: adminToken }))
    expect(reason).toMatch(/^TLS: /)
  })

  it('an exec credential plugin that is not on PATH', async () => {
    const { reason } = await checkConnection(configWith(ca, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'no-such-credential-plugin', args: [] } }))
    expect(reason).toMatch(/credential plugin could not be started/)
  })
})
