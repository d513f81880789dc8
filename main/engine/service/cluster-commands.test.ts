import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DeskEvent } from '../../../shared/model'
import { tempDesks } from '../../../test/support/temp-desk'

const desks = tempDesks()
afterEach(async () => {
  vi.unstubAllEnvs()
  await desks.cleanup()
})

/** A desk whose kubeconfig (KUBECONFIG, as kubectl reads it) has the contexts dev and prod. */
function openWithContexts() {
  vi.stubEnv('KUBECONFIG', desks.kubeconfig(['dev', 'prod']))
  const opened = desks.open()
  const events: DeskEvent[] = []
  opened.desk.subscribe((batch) => events.push(...batch))
  return { ...opened, events }
}

const kubeconfigText = `apiVersion: v1
kind: Config
clusters:
- name: edge
  cluster:
    server: https://127.0.0.1:9
users:
- name: edge
  user:
    token: secret-token
contexts:
- name: edge
  context:
    cluster: edge
    user: edge
current-context: edge
`

describe('cluster commands', () => {
  it('protecting a context the kubeconfig does not have is refused, naming it and the ones there are; nothing is stored', async () => {
    const { desk, events } = openWithContexts()
    await expect(desk.clusters.protect('staging', true)).rejects.toThrow(/no context "staging" in the kubeconfig or among imported clusters \(dev, prod\)/)
    expect(desk.settings().protectedContexts).toEqual([])
    expect(events).toEqual([])
  })

  it('a protected context is stored and announced; unprotecting removes only it', async () => {
    const { desk, events } = openWithContexts()
    expect(await desk.clusters.protect('prod', true)).toEqual(['prod'])
    expect(await desk.clusters.protect('dev', true)).toEqual(['prod', 'dev'])
    expect(await desk.clusters.protect('prod', false)).toEqual(['dev'])
    expect(desk.settings().protectedContexts).toEqual(['dev'])
    expect(events.filter((e) => e.type === 'clusters-changed')).toHaveLength(3)
  })

  it('the active context is switched and remembered', async () => {
    const { desk } = openWithContexts()
    await desk.clusters.use('prod')
    expect(desk.settings().activeContext).toBe('prod')
    const listed = await desk.clusters.list()
    expect(listed.map((c) => [c.name, c.active])).toEqual([['dev', false], ['prod', true]])
  })

  it('labels are set and removed; every ApplicationSet is generated again (there are none here)', async () => {
    const { desk } = openWithContexts()
    expect(await desk.clusters.label('prod', { env: 'prod', tier: 'gold' }, [])).toEqual({ labels: { env: 'prod', tier: 'gold' }, appsets: [] })
    expect((await desk.clusters.label('prod', {}, ['tier'])).labels).toEqual({ env: 'prod' })
    await expect(desk.clusters.label('nope', { a: 'b' }, [])).rejects.toThrow(/no context "nope"/)
    expect(Object.keys(desk.settings().clusterLabels)).toEqual(['prod'])
  })

  it("an imported kubeconfig's context joins the others, its token in the keychain only; removing it forgets it", async () => {
    const { desk, dataDir } = openWithContexts()
    expect(await desk.clusters.import({ kind: 'kubeconfig', text: kubeconfigText, context: 'edge' })).toEqual([{ name: 'edge', server: 'https://127.0.0.1:9' }])
    const listed = await desk.clusters.list()
    expect(listed.map((c) => [c.name, c.imported])).toEqual([['dev', false], ['prod', false], ['edge', true]])
    const stored = desks.storedText(dataDir)
    expect(stored).toContain('edge')
    expect(stored).not.toContain('secret-token')
    expect(await desk.clusters.remove('edge')).toBe(true)
    expect((await desk.clusters.list()).map((c) => c.name)).toEqual(['dev', 'prod'])
  })

  it('a kubeconfig without the context asked for is refused by name; nothing is imported', async () => {
    const { desk } = openWithContexts()
    await expect(desk.clusters.import({ kind: 'kubeconfig', text: kubeconfigText, context: 'other' })).rejects.toThrow(/other/)
    expect((await desk.clusters.list()).map((c) => c.name)).toEqual(['dev', 'prod'])
  })
})
