import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { Application } from '../../main/engine/model/app-schema'
import { ClusterClient } from '../../main/engine/clusters/cluster-client'
import { KubeContexts } from '../../main/engine/clusters/kubeconfig'
import { compareResources } from '../../main/engine/diff/compare'
import { GitRepoCache } from '../../main/engine/repos/git-cache'
import { renderApp } from '../../main/engine/render/render-app'
import { type K8sObject } from '../../main/engine/base/objects'
import { resourceKey as resourceKeyOf } from '../../main/engine/base/objects'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'

const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook', 'helm-guestbook', 'kustomize-guestbook', 'sock-shop'])
const repos = new GitRepoCache(mkdtempSync(join(tmpdir(), 'gitops-desk-cache-')))
afterAll(() => repo.remove())

const loadConfig = () => {
  const config = new KubeConfig()
  config.loadFromFile(kubeconfig)
  return config
}
const contexts = new KubeContexts(loadConfig())
const client = new ClusterClient('ground-1', contexts.configFor('ground-1'))
const kubectl = kubectlOn('ground-1')
const kubectlApply = (objects: K8sObject[]) => kubectl.run(['apply', '--server-side', '--field-manager=gitops-desk', '-f', '-'], objects.map((o) => YAML.stringify(o)).join('---\n'))

async function target(path: string, namespace: string): Promise<K8sObject[]> {
  const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: namespace }, spec: { source: { repoURL: repo.url, path }, destination: { server: 'https://kubernetes.default.svc', namespace } } })
  return (await renderApp(app, { repos, settings: { helmPath: bin.helm, kustomizePath: bin.kustomize } })).objects
}

const changedLines = (patch: string) => patch.split('\n').filter((l) => /^[-+][^-+]/.test(l))

describe('server-side diff on the ground', () => {
  for (const path of ['guestbook', 'helm-guestbook', 'kustomize-guestbook', 'sock-shop']) {
    it(`${path}: after applying, every resource is Synced with no difference, server-side and client-side`, async () => {
      const namespace = `diff-${path}`
      kubectl('create', 'namespace', namespace)
      const objects = await target(path, namespace)
      kubectlApply(objects)
      for (const mode of ['server-side', 'client-side'] as const) {
        const result = await compareResources(client, objects, { mode })
        expect(result.resources.filter((r) => r.status !== 'Synced').map((r) => `${mode} ${r.key}\n${r.unifiedDiff}`)).toEqual([])
        expect(result.status).toBe('Synced')
      }
    })
  }

  it('a live edit shows exactly that field; a deleted object shows Missing', async () => {
    const objects = await target('guestbook', 'diff-guestbook')
    kubectl('-n', 'diff-guestbook', 'scale', 'deployment/guestbook-ui', '--replicas=3')
    kubectl('-n', 'diff-guestbook', 'delete', 'service', 'guestbook-ui')
    const result = await compareResources(client, objects)
    const deployment = result.resources.find((r) => r.key === 'apps/Deployment/diff-guestbook/guestbook-ui')!
    expect(deployment.status).toBe('OutOfSync')
    expect(changedLines(deployment.unifiedDiff)).toEqual(['-  replicas: 3', '+  replicas: 1'])
    expect(result.resources.find((r) => r.key === '/Service/diff-guestbook/guestbook-ui')).toMatchObject({ status: 'Missing', liveYaml: '' })
    expect(result.status).toBe('OutOfSync')
  })

  it('ignoreDifferences: a JSON pointer hides a replica change, a jq expression hides a container field', async () => {
    kubectl('create', 'namespace', 'diff-ignore')
    const objects = await target('guestbook', 'diff-ignore')
    kubectlApply(objects)
    kubectl('-n', 'diff-ignore', 'scale', 'deployment/guestbook-ui', '--replicas=2')
    kubectl('-n', 'diff-ignore', 'set', 'image', 'deployment/guestbook-ui', 'guestbook-ui=gcr.io/heptio-images/ks-guestbook-demo:0.2')
    const key = 'apps/Deployment/diff-ignore/guestbook-ui'
    const plain = (await compareResources(client, objects)).resources.find((r) => r.key === key)!
    expect(changedLines(plain.unifiedDiff)).toHaveLength(4)
    const onlyReplicas = (await compareResources(client, objects, { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] })).resources.find((r) => r.key === key)!
    expect(changedLines(onlyReplicas.unifiedDiff).join('\n')).toMatch(/image/)
    expect(changedLines(onlyReplicas.unifiedDiff)).toHaveLength(2)
    const both = await compareResources(client, objects, {
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'], jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "guestbook-ui").image'] }],
    })
    expect(both.status).toBe('Synced')
  })

  it('ignoreDifferences: managedFieldsManagers hides what another manager (an autoscaler) owns', async () => {
    kubectl('create', 'namespace', 'diff-managers')
    const objects = await target('guestbook', 'diff-managers')
    kubectlApply(objects)
    kubectl('-n', 'diff-managers', 'patch', 'deployment', 'guestbook-ui', '--field-manager=autoscaler', '--type=merge', '-p', '{"spec":{"replicas":4}}')
    expect((await compareResources(client, objects)).status).toBe('OutOfSync')
    const ignored = await compareResources(client, objects, { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['autoscaler'] }] })
    expect(ignored.status).toBe('Synced')
  })

  it('falls back to client-side, with a notice, where the cluster forbids the dry run (403)', async () => {
    const objects = await target('guestbook', 'limited-readonly')
    kubectlApply(objects)
    const limited = new ClusterClient('ground-1-limited', contexts.configFor('ground-1-limited'))
    const result = await compareResources(limited, objects)
    expect(result.resources.map((r) => r.error)).toEqual([undefined, undefined])
    expect(result.status).toBe('Synced')
    expect(result.resources.map((r) => [r.mode, r.notice])).toEqual(objects.map(() => ['client-side', expect.stringMatching(/refused a dry run .*forbidden.*compared client-side/)]))
  })

  it('a changed Secret value shows as changed masks, never the value', async () => {
    kubectl('create', 'namespace', 'diff-secret')
    const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'diff-secret' }, stringData: { password: 'hunter2-target', user: 'app' } }
    kubectlApply([secret])
    expect((await compareResources(client, [secret])).status).toBe('Synced')
    kubectl('-n', 'diff-secret', 'patch', 'secret', 'db', '--type=merge', '-p', JSON.stringify({ data: { password: Buffer.from('hunter2-live').toString('base64') } }))
    const [diff] = (await compareResources(client, [secret])).resources
    expect(diff!.status).toBe('OutOfSync')
    const everything = JSON.stringify(diff)
    for (const secretText of ['hunter2', Buffer.from('hunter2-target').toString('base64'), Buffer.from('hunter2-live').toString('base64')]) expect(everything).not.toContain(secretText)
    const [removed, added] = changedLines(diff!.unifiedDiff)
    expect(changedLines(diff!.unifiedDiff)).toHaveLength(2)
    expect(removed).toMatch(/^- {2}password: \++$/)
    expect(added).toMatch(/^\+ {2}password: \++$/)
    expect(removed!.slice(1)).not.toBe(added!.slice(1))
    const userMask = (text: string) => /user: (\++)\n/.exec(text)?.[1]
    expect(userMask(diff!.liveYaml)).toBeDefined()
    expect(userMask(diff!.liveYaml)).toBe(userMask(diff!.targetYaml))
  })
})

describe('destinations and contexts', () => {
  it('resolves a destination by name, by server URL, and in-cluster via the active context', () => {
    const ctx = new KubeContexts(loadConfig())
    const server2 = ctx.contexts().find((c) => c.name === 'ground-2')!.server
    expect(ctx.resolve({ name: 'ground-2' })).toBe('ground-2')
    expect(ctx.resolve({ server: `${server2}/` })).toBe('ground-2')
    expect(ctx.resolve({ server: 'https://kubernetes.default.svc' })).toBe('ground-1')
    ctx.use('ground-2')
    expect(ctx.resolve({ server: 'https://kubernetes.default.svc' })).toBe('ground-2')
    expect(() => ctx.resolve({ name: 'prod' })).toThrow(/destination name "prod" matches no context/)
    expect(() => ctx.use('nope')).toThrow(/no context "nope"/)
  })
})

describe('watch-based live cache', () => {
  /**
   * Requests the API server has served for these resources, from its own metrics: reads (LIST,
   * GET, WATCH) and dry-run patches, which only a compare sends (controllers write status).
   */
  async function requestCounts(resources: string[]): Promise<Record<string, number>> {
    const server = contexts.contexts().find((c) => c.name === 'ground-1')!.server
    const token = (loadConfig().users.find((u) => u.name === 'ground-1-admin') as { token?: string }).token
    const { request } = await import('node:https')
    const text = await new Promise<string>((resolve, reject) => {
      request(`${server}/metrics`, { rejectUnauthorized: false, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve(body))
      }).on('error', reject).end()
    })
    const counts: Record<string, number> = {}
    for (const line of text.split('\n')) {
      if (!line.startsWith('apiserver_request_total{')) continue
      const verb = /verb="([A-Z]+)"/.exec(line)?.[1]
      const resource = /resource="([a-z]+)"/.exec(line)?.[1]
      if (!verb || !resource || !resources.includes(resource)) continue
      const dryRun = /dry_run="([^"]*)"/.exec(line)?.[1]
      const name = dryRun ? 'DRY-RUN' : verb // server-side apply counts as verb APPLY
      if (!['LIST', 'GET', 'WATCH', 'DRY-RUN'].includes(name)) continue
      counts[name] = (counts[name] ?? 0) + Number(line.split(' ').pop())
    }
    return counts
  }

  it('a compare with a warm cache sends no request at all; a live edit arrives by watch; tracked extras show', async () => {
    const { LiveCache } = await import('../../main/engine/cache/live-cache')
    const { DryRunCache } = await import('../../main/engine/diff/compare')
    kubectl('create', 'namespace', 'diff-cache')
    const objects = await target('guestbook', 'diff-cache')
    kubectlApply(objects)
    const cache = new LiveCache(client, contexts.configFor('ground-1'))
    try {
      await cache.ensureWatching(objects)
      const dryRuns = new DryRunCache()
      const compare = () => compareResources(client, objects, { liveOf: (t) => cache.get(resourceKeyOf(t)) ?? null, dryRuns })
      expect((await compare()).status).toBe('Synced')
      const listsBefore = cache.listCalls
      // Steady state: the rollout is done. Until then the controllers' status updates change the
      // live resourceVersion, and a changed live object is rightly dry-run again.
      kubectl('-n', 'diff-cache', 'rollout', 'status', 'deployment/guestbook-ui', '--timeout=60s')
      const quietCompare = async () => {
        const before = await requestCounts(['deployments', 'services'])
        expect((await compare()).status).toBe('Synced')
        return { before, after: await requestCounts(['deployments', 'services']) }
      }
      let counts = await quietCompare()
      for (let i = 0; i < 10 && JSON.stringify(counts.after) !== JSON.stringify(counts.before); i++) {
        await new Promise((r) => setTimeout(r, 500))
        counts = await quietCompare()
      }
      // The counters are real: the cache's own first lists and the first dry runs are in them.
      expect(counts.before.LIST).toBeGreaterThan(0)
      expect(counts.before['DRY-RUN']).toBeGreaterThan(0)
      expect(counts.after).toEqual(counts.before)
      expect(cache.listCalls).toBe(listsBefore)

      kubectl('-n', 'diff-cache', 'scale', 'deployment/guestbook-ui', '--replicas=5')
      await expect.poll(async () => (await compare()).status, { timeout: 15_000 }).toBe('OutOfSync')

      const stray = { ...objects.find((o) => o.kind === 'Service')!, metadata: { ...objects.find((o) => o.kind === 'Service')!.metadata, name: 'stray' } }
      stray.metadata.annotations = { 'argocd.argoproj.io/tracking-id': 'diff-cache:/Service:diff-cache/stray' }
      kubectlApply([stray])
      await expect.poll(() => cache.trackedBy('diff-cache', 'annotation').map((o) => o.metadata.name).sort(), { timeout: 15_000 }).toEqual(['guestbook-ui', 'guestbook-ui', 'stray'])
    } finally {
      await cache.stop()
    }
  })

  it("another manager's write to a field Git does not set is compared without a new dry run; a change to a field Git sets is dry-run and shows", async () => {
    const { LiveCache } = await import('../../main/engine/cache/live-cache')
    const { DryRunCache } = await import('../../main/engine/diff/compare')
    kubectl('create', 'namespace', 'diff-carry')
    const configMap: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'carry', namespace: 'diff-carry' }, data: { mode: 'fast' } }
    kubectlApply([configMap])
    const cache = new LiveCache(client, contexts.configFor('ground-1'))
    try {
      await cache.ensureWatching([configMap])
      const dryRuns = new DryRunCache()
      const compare = () => compareResources(client, [configMap], { liveOf: (t) => cache.get(resourceKeyOf(t)) ?? null, dryRuns })
      expect((await compare()).status).toBe('Synced')
      const sent = client.requests
      const colleague = { ...configMap, data: { note: 'added by a controller' } }
      kubectl.run(['apply', '--server-side', '--field-manager=colleague', '-f', '-'], YAML.stringify(colleague))
      await expect.poll(() => (cache.get(resourceKeyOf(configMap))?.data as Record<string, string> | undefined)?.note, { timeout: 15_000 }).toBe('added by a controller')
      expect((await compare()).status).toBe('Synced')
      expect(client.requests).toBe(sent)

      kubectl('-n', 'diff-carry', 'patch', 'configmap', 'carry', '--type=merge', '-p', '{"data":{"mode":"slow"}}')
      await expect.poll(() => (cache.get(resourceKeyOf(configMap))?.data as Record<string, string> | undefined)?.mode, { timeout: 15_000 }).toBe('slow')
      const drifted = await compare()
      expect(client.requests).toBe(sent + 1)
      expect(drifted.status).toBe('OutOfSync')
      expect(changedLines(drifted.resources[0]!.unifiedDiff)).toEqual(['-  mode: slow', '+  mode: fast'])
    } finally {
      await cache.stop()
    }
  })

  it('watches a custom kind once its CRD appears, and keeps only metadata for kinds marked so', async () => {
    const { LiveCache } = await import('../../main/engine/cache/live-cache')
    const cache = new LiveCache(client, contexts.configFor('ground-1'))
    try {
      const gadget = { apiVersion: 'later.gitops-desk.dev/v1', kind: 'Gadget' }
      await cache.ensureWatching([gadget]) // not served yet: nothing to watch, no error
      kubectlApply([
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'gadgets.later.gitops-desk.dev' },
          spec: { group: 'later.gitops-desk.dev', scope: 'Namespaced', names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }] },
        },
      ])
      kubectl('wait', '--for=condition=Established', 'crd/gadgets.later.gitops-desk.dev', '--timeout=30s')
      await expect.poll(async () => {
        try {
          kubectlApply([{ apiVersion: 'later.gitops-desk.dev/v1', kind: 'Gadget', metadata: { name: 'g1', namespace: 'default' }, spec: { size: 2 } }])
          return true
        } catch {
          return false
        }
      }, { timeout: 30_000 }).toBe(true)
      await cache.ensureWatching([gadget])
      expect(cache.get('later.gitops-desk.dev/Gadget/default/g1')?.spec).toEqual({ size: 2 })

      // Above the cap, a kind is kept as metadata only.
      kubectlApply([1, 2].map((n) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cap-check-${n}`, namespace: 'default' }, data: { big: 'x'.repeat(1000) } })))
      const capped = new LiveCache(client, contexts.configFor('ground-1'), 1)
      await capped.ensureWatching([{ apiVersion: 'v1', kind: 'ConfigMap' }])
      expect(capped.slimmedKinds).toEqual(new Set(['v1/ConfigMap']))
      const slim = capped.get('/ConfigMap/default/cap-check-1')
      expect(slim).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'cap-check-1' } })
      expect(slim).not.toHaveProperty('data')
      await capped.stop()

      kubectl('create', 'namespace', 'cache-pods')
      kubectl('-n', 'cache-pods', 'create', 'deployment', 'web', '--image=nginx', '--replicas=2')
      await cache.ensureWatching([{ apiVersion: 'v1', kind: 'Pod', metadataOnly: true }])
      await expect.poll(() => podsIn(cache, 'cache-pods').length, { timeout: 30_000 }).toBe(2)
      for (const pod of podsIn(cache, 'cache-pods')) {
        expect(pod.spec).toBeUndefined()
        expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet' })
      }
    } finally {
      await cache.stop()
    }
  })
})

function podsIn(cache: { get(key: string): K8sObject | undefined }, namespace: string): (K8sObject & { metadata: { ownerReferences?: { kind: string }[] } })[] {
  const names = kubectl('-n', namespace, 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}').split(' ').filter(Boolean)
  return names.map((n) => cache.get(`/Pod/${namespace}/${n}`)).filter((p): p is K8sObject => p !== undefined) as never
}

describe('Engine.diff with the watch cache', () => {
  it('reports a changed label, and tracked extras (except those marked IgnoreExtraneous)', async () => {
    const { Engine } = await import('../../main/engine/reconcile/engine')
    const { MemorySecrets } = await import('../support/memory-secrets')
    const previous = process.env.KUBECONFIG
    process.env.KUBECONFIG = kubeconfig
    const engine = new Engine({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-engine-')), secrets: new MemorySecrets() })
    try {
      engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize }))
      kubectl('create', 'namespace', 'engine-diff')
      const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'engine-diff' }, spec: { source: { repoURL: repo.url, path: 'kustomize-guestbook', kustomize: { commonLabels: { team: 'green' } } }, destination: { server: 'https://kubernetes.default.svc', namespace: 'engine-diff' } } })
      const rendered = (await engine.render(app)).objects
      kubectlApply(rendered)
      expect((await engine.diff(app, { watch: true })).status).toBe('Synced')

      // A label Git declares, changed live (one Git does not declare is another manager's, as in Argo CD).
      kubectl('-n', 'engine-diff', 'label', 'service', 'kustomize-guestbook-ui', 'team=blue', '--overwrite')
      const serviceKey = '/Service/engine-diff/kustomize-guestbook-ui'
      await expect.poll(async () => (await engine.diff(app, { watch: true })).resources.find((r) => r.key === serviceKey)?.status, { timeout: 15_000 }).toBe('OutOfSync')
      const service = (await engine.diff(app, { watch: true })).resources.find((r) => r.key === serviceKey)!
      expect(changedLines(service.unifiedDiff)).toEqual(['-    team: blue', '+    team: green'])
      kubectl('-n', 'engine-diff', 'label', 'service', 'kustomize-guestbook-ui', 'team=green', '--overwrite')

      const extra = (name: string, annotations: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'engine-diff', annotations: { 'argocd.argoproj.io/tracking-id': `engine-diff:/ConfigMap:engine-diff/${name}`, ...annotations } }, data: {} })
      await engine.liveCache('ground-1').ensureWatching([{ apiVersion: 'v1', kind: 'ConfigMap' }])
      kubectlApply([extra('leftover-ignored', { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' })])
      await expect.poll(async () => (await engine.diff(app, { watch: true })).resources.filter((r) => r.status === 'Extra').map((r) => r.key), { timeout: 15_000 }).toEqual(['/ConfigMap/engine-diff/leftover-ignored'])
      expect((await engine.diff(app, { watch: true })).status).toBe('Synced')
      kubectlApply([extra('leftover')])
      await expect.poll(async () => (await engine.diff(app, { watch: true })).status, { timeout: 15_000 }).toBe('OutOfSync')
      const result = await engine.diff(app, { watch: true })
      expect(result.resources.find((r) => r.key === '/ConfigMap/engine-diff/leftover')).toMatchObject({ status: 'Extra', requiresPruning: true, targetYaml: '' })
    } finally {
      await engine.close()
      process.env.KUBECONFIG = previous
    }
  })
})
