import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { Application } from '../../main/engine/model/app-schema'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import { kubectl } from '../support/kubectl'

// Issue 35: a sync right after a compare does not send again the dry runs the API server has just
// accepted, and still fails before anything is applied when one object would be refused.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const namespace = `reuse-${randomBytes(3).toString('hex')}`
const repo = FixtureRepo.create([])
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const desk = openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-reuse-')), secrets: new MemorySecrets(), start: false })
afterAll(async () => {
  await desk.close()
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
  kubectl('ground-1', 'delete', 'namespace', namespace, '--ignore-not-found', '--wait=false')
})

const configMap = (name: string, data: Record<string, string>, more: object = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data, ...more })
function commit(objects: object[]): void {
  mkdirSync(join(repo.dir, 'reuse'), { recursive: true })
  writeFileSync(join(repo.dir, 'reuse', 'all.yaml'), objects.map((o) => YAML.stringify(o)).join('---\n'))
  repo.commit(`${objects.length} objects`)
}
const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: namespace }, spec: { source: { repoURL: repo.url, path: 'reuse' }, destination: { name: 'ground-1', namespace } } })
async function sync() {
  await desk.engine.operations.start(app, {}, { initiator: 'cli', pollMs: 250 })
  return (await desk.engine.operations.wait(app.metadata.name))!
}
const data = (name: string) => kubectl('ground-1', '-n', namespace, 'get', 'configmap', name, '-o', 'jsonpath={.data}')

describe('a sync after a compare', () => {
  it('sends no dry run the compare has just made; a changed live object and a refused one are dry-run, and the refusal applies nothing', async () => {
    await desk.engine.loadContexts()
    desk.engine.store.update((d) => void (Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }), (d.apps = [app])))
    kubectl('ground-1', 'create', 'namespace', namespace)
    commit([configMap('a', { v: '1' }), configMap('b', { v: '1' }), configMap('c', { v: '1' })])
    expect((await desk.engine.diff(app, { context: 'ground-1', watch: true })).status).toBe('OutOfSync')
    const first = await sync()
    expect(first.phase, first.message).toBe('Succeeded')
    expect(first.requests).toMatchObject({ dryRun: 0, dryRunsReused: 3, apply: 3 })

    // Someone else changes b after the compare: its dry run is no longer fresh.
    commit([configMap('a', { v: '2' }), configMap('b', { v: '2' }), configMap('c', { v: '2' })])
    await desk.engine.diff(app, { context: 'ground-1', watch: true })
    const cache = desk.engine.liveCache('ground-1')
    const before = cache.get(`/ConfigMap/${namespace}/b`)?.metadata.resourceVersion
    kubectl('ground-1', '-n', namespace, 'label', 'configmap', 'b', 'edited=yes')
    await expect.poll(() => cache.get(`/ConfigMap/${namespace}/b`)?.metadata.resourceVersion, { timeout: 30_000 }).not.toBe(before)
    const second = await sync()
    expect(second.phase, second.message).toBe('Succeeded')
    expect(second.requests).toMatchObject({ dryRun: 1, dryRunsReused: 2 })
    expect(data('b')).toBe('{"v":"2"}')

    // A new object the API server refuses (a field a ConfigMap does not have) fails the sync before a and c change.
    commit([configMap('a', { v: '3' }), configMap('b', { v: '2' }), configMap('c', { v: '3' }), configMap('d', { v: '3' }, { spec: { replicas: 1 } })])
    await desk.engine.diff(app, { context: 'ground-1', watch: true })
    const refused = await sync()
    expect(refused.phase).toBe('Failed')
    expect(refused.message).toMatch(/failed to apply \(dry run\); nothing was changed/)
    expect(refused.resources.find((r) => r.key === `/ConfigMap/${namespace}/d`)).toMatchObject({ code: 'SyncFailed', message: expect.stringMatching(/spec/) })
    expect(refused.requests?.apply).toBe(0)
    expect([data('a'), data('c')]).toEqual(['{"v":"2"}', '{"v":"2"}'])
  })
})
