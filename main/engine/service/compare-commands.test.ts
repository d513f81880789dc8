import { describe, expect, it } from 'vitest'
import { MemoryKube } from '../../../test/support/memory-kube'
import type { K8sObject } from '../base/objects'
import type { Application } from '../model/app-schema'
import { CompareCommands } from './compare-commands'

const config = (value: string, extra: Record<string, unknown> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { value }, ...extra })
const appOn = (name: string, cluster: string) => ({ metadata: { name }, spec: { project: 'default', source: { repoURL: 'https://git.example/apps', path: 'shop', targetRevision: 'main' }, destination: { name: cluster, namespace: 'shop' } } }) as unknown as Application

/** The compare over two in-memory clusters; Git renders `value` at each revision. */
function setup() {
  const clusters = { dev: new MemoryKube('dev').seed(config('live-dev')), prod: new MemoryKube('prod').seed(config('live-prod')) }
  const apps = { 'shop-dev': appOn('shop-dev', 'dev'), 'shop-prod': appOn('shop-prod', 'prod') }
  const rendered: string[] = []
  const commands = new CompareCommands({
    app: (name) => apps[name as keyof typeof apps],
    destinationContext: async (app) => app.spec.destination.name!,
    trackedObjects: async (_app, context) => [...clusters[context as keyof typeof clusters].objects.values()],
    render: async (app) => {
      const revision = app.spec.source!.targetRevision!
      rendered.push(`${app.metadata.name}@${revision}`)
      return { objects: [config(`git-${revision}`)], sources: [{ commit: `sha-${revision}` }] }
    },
    splitTargets: async (objects) => ({ targets: objects }),
    client: (context) => clusters[context as keyof typeof clusters],
    trackingMethod: () => 'annotation',
  })
  return { commands, clusters, rendered }
}

describe('compare commands', () => {
  it('two apps live: each read in its own cluster, named app@context', async () => {
    const { commands } = setup()
    const result = await commands.compare({ app: 'shop-dev', live: true }, { app: 'shop-prod', live: true })
    expect(result.left).toMatchObject({ app: 'shop-dev', context: 'dev', live: true, label: 'shop-dev@dev' })
    expect(result.right).toMatchObject({ label: 'shop-prod@prod' })
    expect(result.resources[0]!.unifiedDiff.split('\n').filter((l) => /^[-+][^-+]/.test(l))).toEqual(['-  value: live-dev', '+  value: live-prod'])
  })

  it('two revisions: each rendered at its revision (the app pinned), named app@revision with the commits', async () => {
    const { commands, rendered } = setup()
    const result = await commands.compare({ app: 'shop-dev', revision: 'v1.2.0' }, { app: 'shop-dev' })
    expect(rendered.sort()).toEqual(['shop-dev@main', 'shop-dev@v1.2.0'])
    expect(result.left).toMatchObject({ label: 'shop-dev@v1.2.0', revision: 'sha-v1.2.0', live: false })
    expect(result.right).toMatchObject({ label: 'shop-dev@main', revision: 'sha-main' })
    expect(result.status).toBe('OutOfSync')
  })

  it("live against a revision: the rendered side is a dry run on the live side's cluster, which writes nothing", async () => {
    const { commands, clusters } = setup()
    clusters.prod.seed(config('live-prod', { metadata: { name: 'settings', namespace: 'shop', labels: { team: 'a' } } }))
    const result = await commands.compare({ app: 'shop-prod', live: true }, { app: 'shop-prod', revision: 'v2' })
    // The dry run keeps what the live object has beyond Git (the label), as the live diff predicts.
    expect(result.resources[0]!.targetYaml).toMatch(/team: a/)
    expect(result.resources[0]!.targetYaml).toMatch(/value: git-v2/)
    expect(clusters.prod.writes).toEqual([])
  })

  it("refuses one app's live objects against themselves", async () => {
    await expect(setup().commands.compare({ app: 'shop-dev', live: true }, { app: 'shop-dev', live: true })).rejects.toThrow(/both sides are shop-dev's live objects/)
  })
})
