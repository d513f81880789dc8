import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { kubeconfigYaml } from '../../../test/support/kubeconfig-yaml'
import { KubeContexts } from './kubeconfig'

const kubeconfig = kubeconfigYaml

describe('KubeContexts', () => {
  const saved = process.env.KUBECONFIG
  afterEach(() => {
    process.env.KUBECONFIG = saved
  })

  it('merges every file in KUBECONFIG and resolves destinations across them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-kc-'))
    writeFileSync(join(dir, 'a'), kubeconfig([{ name: 'kind-dev', server: 'https://127.0.0.1:6443' }]))
    writeFileSync(join(dir, 'b'), kubeconfig([{ name: 'prod', server: 'https://prod.example.com' }]))
    process.env.KUBECONFIG = `${join(dir, 'a')}:${join(dir, 'b')}`
    const contexts = new KubeContexts()
    expect(contexts.contexts().map((c) => c.name)).toEqual(['kind-dev', 'prod'])
    expect(contexts.active).toBe('kind-dev')
    expect(contexts.resolve({ server: 'https://prod.example.com/' })).toBe('prod')
  })

  it('re-reads the kubeconfig when its file changes, keeping the active context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-kc-'))
    const file = join(dir, 'config')
    writeFileSync(file, kubeconfig([{ name: 'one', server: 'https://one' }, { name: 'two', server: 'https://two' }]))
    process.env.KUBECONFIG = file
    const contexts = new KubeContexts()
    contexts.use('two')
    let changes = 0
    const stop = contexts.watchFiles(() => changes++, 50)
    try {
      writeFileSync(file, kubeconfig([{ name: 'one', server: 'https://one' }, { name: 'two', server: 'https://two' }, { name: 'three', server: 'https://three' }]))
      await expect.poll(() => contexts.contexts().map((c) => c.name), { timeout: 5000 }).toEqual(['one', 'two', 'three'])
      expect(contexts.active).toBe('two')
      expect(changes).toBeGreaterThan(0)
    } finally {
      stop()
    }
  })
})
