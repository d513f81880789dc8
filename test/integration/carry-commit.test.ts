import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { resourceKey, type K8sObject } from '../../main/engine/base/objects'
import { ClusterClient } from '../../main/engine/clusters/cluster-client'
import { KubeContexts } from '../../main/engine/clusters/kubeconfig'
import { compareResources, DryRunCache } from '../../main/engine/diff/compare'
import { normalizeForDiff, sortKeys } from '../../main/engine/diff/normalize'
import { Application } from '../../main/engine/model/app-schema'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectl, kubectlOn } from '../support/kubectl'
import { MemorySecrets } from '../support/memory-secrets'

// Issue 35: a commit that changes ConfigMap and Secret values is compared without a dry run where
// the API server's answer is certain (the previous prediction, against the same live object, with
// the new values set); the sync after it still dry-runs those objects.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const suffix = randomBytes(3).toString('hex')
const b64 = (s: string) => Buffer.from(s).toString('base64')
const configMap = (namespace: string, data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', ...(namespace ? { namespace } : {}) }, data })
const secret = (namespace: string, stringData: Record<string, string>, data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', ...(namespace ? { namespace } : {}) }, stringData, data })
const changedLines = (patch: string) => patch.split('\n').filter((l) => /^[-+][^-+]/.test(l))

const repo = FixtureRepo.create([])
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const desk = openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-carry-')), secrets: new MemorySecrets(), start: false })
const namespaces = [`carry-a-${suffix}`, `carry-b-${suffix}`]
afterAll(async () => {
  await desk.close()
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
  for (const ns of namespaces) kubectl('ground-1', 'delete', 'namespace', ns, '--ignore-not-found', '--wait=false')
})

describe('a commit that changes ConfigMap and Secret values', () => {
  it("the prediction carried over without a dry run is what the API server's dry run answers: a changed value and an added key", async () => {
    const { LiveCache } = await import('../../main/engine/cache/live-cache')
    const config = new KubeConfig()
    config.loadFromFile(kubeconfig)
    const contexts = new KubeContexts(config)
    const client = new ClusterClient('ground-1', contexts.configFor('ground-1'))
    const ns = namespaces[0]!
    kubectl('ground-1', 'create', 'namespace', ns)
    const before = [configMap(ns, { mode: 'fast', size: '1' }), secret(ns, { token: 'one' }, { plain: b64('p') })]
    kubectlOn('ground-1').run(['apply', '--server-side', '--field-manager=gitops-desk', '-f', '-'], before.map((o) => YAML.stringify(o)).join('---\n'))
    const cache = new LiveCache(client, contexts.configFor('ground-1'))
    try {
      await cache.ensureWatching(before)
      const dryRuns = new DryRunCache()
      const compare = (objects: K8sObject[]) => compareResources(client, objects, { liveOf: (t) => cache.get(resourceKey(t)) ?? null, dryRuns, verified: dryRuns.verified })
      await expect.poll(async () => (await compare(before)).status, { timeout: 30_000 }).toBe('Synced')
      const sent = client.requests
      const after = [configMap(ns, { mode: 'slow', size: '1', added: 'yes' }), secret(ns, { token: 'two', added: 'new' }, { plain: b64('q') })]
      const changed = await compare(after)
      expect(client.requests).toBe(sent)
      expect(changed.resources.map((r) => r.status)).toEqual(['OutOfSync', 'OutOfSync'])
      expect(changedLines(changed.resources[0]!.unifiedDiff)).toEqual(['-  mode: fast', '+  added: yes', '+  mode: slow'])
      for (const target of after) {
        const live = cache.get(resourceKey(target))!
        const carried = dryRuns.get(DryRunCache.keyOf(target, live))!
        const answered = await client.apply(target, { dryRun: true, force: true })
        expect(sortKeys(normalizeForDiff(carried))).toEqual(sortKeys(normalizeForDiff(answered)))
        expect(normalizeForDiff(carried)).not.toEqual(normalizeForDiff(live))
        // Not the server's own answer: a sync dry-runs it.
        expect(dryRuns.verified.freshSince('ground-1', target, live)).toBeUndefined()
      }
    } finally {
      await cache.stop()
    }
  })

  it('a refresh after the commit sends no request for them; the sync after it still dry-runs them', async () => {
    const ns = namespaces[1]!
    const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: ns }, spec: { source: { repoURL: repo.url, path: 'carry' }, destination: { name: 'ground-1', namespace: ns } } })
    const commit = (objects: K8sObject[]) => {
      mkdirSync(join(repo.dir, 'carry'), { recursive: true })
      writeFileSync(join(repo.dir, 'carry', 'all.yaml'), objects.map((o) => YAML.stringify(o)).join('---\n'))
      return repo.commit(`${objects.length} objects`)
    }
    const sync = async () => {
      await desk.engine.operations.start(app, {}, { initiator: 'cli', pollMs: 250 })
      return (await desk.engine.operations.wait(app.metadata.name))!
    }
    await desk.engine.loadContexts()
    desk.engine.store.update((d) => void (Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }), (d.apps = [app])))
    kubectl('ground-1', 'create', 'namespace', ns)
    commit([configMap('', { mode: 'fast' }), secret('', { token: 'one' }, {})])
    expect((await sync()).phase).toBe('Succeeded')
    // After the sync, the watch compare predicts the synced objects (one dry run each).
    await expect.poll(async () => (await desk.engine.diff(app, { context: 'ground-1', watch: true })).status, { timeout: 30_000 }).toBe('Synced')

    commit([configMap('', { mode: 'slow', added: 'yes' }), secret('', { token: 'two', added: 'new' }, {})])
    const client = desk.engine.client('ground-1')
    // The desk's client, its applies counted (the live cache may list other kinds meanwhile).
    const dryRunsSent: string[] = []
    const apply = client.apply.bind(client)
    client.apply = (obj, options) => (options?.dryRun && dryRunsSent.push(resourceKey(obj)), apply(obj, options))
    const refreshed = await desk.engine.diff(app, { context: 'ground-1', watch: true })
    expect(dryRunsSent).toEqual([])
    expect(refreshed.resources.map((r) => `${r.key.split('/')[1]} ${r.status}`)).toEqual(['ConfigMap OutOfSync', 'Secret OutOfSync'])

    const synced = await sync()
    client.apply = apply
    expect(synced.phase, synced.message).toBe('Succeeded')
    expect(dryRunsSent.sort()).toEqual([`/ConfigMap/${ns}/settings`, `/Secret/${ns}/creds`])
    expect(synced.requests).toMatchObject({ dryRun: 2, dryRunsReused: 0, apply: 2 })
    expect(kubectl('ground-1', '-n', ns, 'get', 'configmap', 'settings', '-o', 'jsonpath={.data}')).toBe('{"added":"yes","mode":"slow"}')
  })
})
