import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { kubeconfigYaml } from '../../../test/support/kubeconfig-yaml'
import { ClusterRegistry } from './registry'

const kubeconfig = kubeconfigYaml

describe('the configs of one-shot requests (discovery, the outage probe)', () => {
  const saved = process.env.KUBECONFIG
  afterEach(() => {
    process.env.KUBECONFIG = saved
  })

  it('are kept per context until the contexts change, and never for a context the kubeconfig lacks (a cluster not imported yet)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gitops-desk-registry-')), 'config')
    writeFileSync(file, kubeconfig([{ name: 'dev', server: 'https://127.0.0.1:6443' }]))
    process.env.KUBECONFIG = file
    const registry = new ClusterRegistry({ read: () => ({ settings: {} }), update: () => undefined }, { addTo: async () => undefined })
    await registry.loadContexts()
    const dev = registry.oneShotConfig('dev')
    expect(registry.oneShotConfig('dev')).toBe(dev)
    expect(dev.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443')
    // Not in the kubeconfig yet: made each time, so the cluster's real config is used once it is there.
    expect(registry.oneShotConfig('staging')).not.toBe(registry.oneShotConfig('staging'))
    writeFileSync(file, kubeconfig([{ name: 'dev', server: 'https://127.0.0.1:7443' }, { name: 'staging', server: 'https://staging.example.com' }]))
    registry.reloadContexts()
    await registry.loadContexts()
    expect(registry.oneShotConfig('dev').getCurrentCluster()?.server).toBe('https://127.0.0.1:7443')
    expect(registry.oneShotConfig('staging').getCurrentCluster()?.server).toBe('https://staging.example.com')
    expect(registry.oneShotConfig('staging')).toBe(registry.oneShotConfig('staging'))
  })
})
