import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { Application } from '../../main/engine/model/app-schema'
import { LiveCache } from '../../main/engine/cache/live-cache'
import { ClusterClient } from '../../main/engine/clusters/cluster-client'
import { GitRepoCache } from '../../main/engine/repos/git-cache'
import { renderApp } from '../../main/engine/render/render-app'
import type { K8sObject } from '../../main/engine/base/objects'
import { SyncOperation } from '../../main/engine/sync/operation'
import { startApiserver, stopApiserver } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectl, runKubectl } from '../support/kubectl'

// Faults a laptop sees: a cluster that goes away mid-operation, watches cut and resumed, the
// process killed during a sync.
const kubeconfig = inject('kubeconfig')
const groundDir = inject('groundDir')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook', 'sync-waves'])
afterAll(() => repo.remove())

function clientFor(context: string): { client: ClusterClient; config: KubeConfig } {
  const config = new KubeConfig()
  config.loadFromFile(kubeconfig)
  config.setCurrentContext(context)
  return { client: new ClusterClient(context, config), config }
}

async function target(path: string, namespace: string): Promise<K8sObject[]> {
  const app = Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: namespace }, spec: { source: { repoURL: repo.url, path }, destination: { server: 'https://kubernetes.default.svc', namespace } } })
  return (await renderApp(app, { repos: new GitRepoCache(mkdtempSync(join(tmpdir(), 'gitops-desk-faults-'))) })).objects
}

describe('faults', () => {
  it('the API server stopped in the middle of a sync: the operation ends listing what was applied; a re-run completes it', { timeout: 400_000 }, async () => {
    const { client } = clientFor('ground-2')
    const objects = await target('sync-waves', 'fault-sync')
    const request = { targets: objects, extras: [], prune: false, dryRun: false, force: false, createNamespace: 'fault-sync', plan: { revision: repo.head(), startedAt: new Date() }, pollMs: 250, waveTimeoutMs: 60_000 }
    const operation = new SyncOperation(client, request)
    await operation.step() // the dry run
    await operation.step() // the PreSync hook is created
    expect(operation.state().applied).toEqual(['/Namespace//fault-sync', expect.stringMatching(/^batch\/Job\/fault-sync\//)])
    await stopApiserver(groundDir, 2)
    let state
    try {
      for (let i = 0; i < 20 && !operation.done; i++) await operation.step()
      state = operation.state()
    } finally {
      await startApiserver(groundDir, 2)
    }
    expect(['Error', 'Failed']).toContain(state.phase)
    expect(state.message).toMatch(/cannot reach the cluster|ECONNREFUSED|connect/)
    expect(state.applied).toHaveLength(2) // the namespace and the hook, nothing more
    expect(state.resources.filter((r) => r.code === 'Pending').length).toBeGreaterThan(0)
    // The cluster is back. Its own controllers (jobs, scheduler, kwok) reconnect with their own
    // backoff: wait until a Job completes there, then the same sync, run again, completes.
    kubectl('ground-2', '-n', 'fault-sync', 'create', 'job', 'probe', '--image=busybox', '--', 'true')
    kubectl('ground-2', '-n', 'fault-sync', 'wait', '--for=condition=complete', 'job/probe', '--timeout=180s')
    const again = await new SyncOperation(client, { ...request, waveTimeoutMs: 120_000, plan: { revision: repo.head(), startedAt: new Date() } }).run()
    expect(again.phase, again.message).toBe('Succeeded')
  })

  it('watches cut by an API server restart resume, and the cache converges to a fresh list', async () => {
    const { client, config } = clientFor('ground-2')
    kubectl('ground-2', 'create', 'namespace', 'fault-watch')
    const cm = (name: string, value: string) => YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'fault-watch' }, data: { value } })
    const apply = (docs: string[]) => runKubectl('ground-2', ['apply', '-f', '-'], docs.join('---\n'))
    apply(Array.from({ length: 20 }, (_, i) => cm(`c-${i}`, 'one')))
    const cache = new LiveCache(client, config)
    const snapshot = () =>
      [...Array(40).keys()]
        .map((i) => cache.get(`/ConfigMap/fault-watch/c-${i}`))
        .filter((o): o is K8sObject => !!o)
        .map((o) => `${o.metadata.name}=${(o as { data?: { value?: string } }).data?.value}@${String(o.metadata.resourceVersion)}`)
        .sort()
    const fresh = () =>
      (JSON.parse(kubectl('ground-2', '-n', 'fault-watch', 'get', 'configmaps', '-o', 'json')) as { items: (K8sObject & { data?: { value?: string } })[] }).items
        .filter((o) => o.metadata.name!.startsWith('c-'))
        .map((o) => `${o.metadata.name}=${o.data?.value}@${String(o.metadata.resourceVersion)}`)
        .sort()
    try {
      await cache.ensureWatching([{ apiVersion: 'v1', kind: 'ConfigMap' }], 'fault-watch')
      await expect.poll(snapshot, { timeout: 15_000 }).toEqual(fresh())
      await stopApiserver(groundDir, 2)
      await new Promise((r) => setTimeout(r, 1500))
      await startApiserver(groundDir, 2)
      apply([...Array.from({ length: 5 }, (_, i) => cm(`c-${20 + i}`, 'new')), cm('c-1', 'changed'), cm('c-2', 'changed')])
      kubectl('ground-2', '-n', 'fault-watch', 'delete', 'configmap', 'c-3', 'c-4', 'c-5')
      await expect.poll(snapshot, { timeout: 60_000, interval: 500 }).toEqual(fresh())
      expect(snapshot()).toHaveLength(22)
    } finally {
      await cache.stop()
    }
  })

  it('the process killed during a sync: the next start shows the sync as interrupted; settings and history are intact', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-kill-'))
    const env = { ...process.env, KUBECONFIG: kubeconfig, GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` }
    const cli = (args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })
    const app = (name: string, path: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo.url, path }, destination: { name: 'ground-1', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })
    const file = join(dataDir, 'apps.yaml')
    writeFileSync(file, [app('kill-done', 'guestbook'), app('kill-me', 'sync-waves')].map((d) => YAML.stringify(d)).join('---\n'))
    expect(cli(['app', 'add', file]).status).toBe(0)
    expect(cli(['sync', 'kill-done']).status).toBe(0)
    const settingsBefore = readFileSync(join(dataDir, 'gitops-desk.json'), 'utf8')

    const child = spawn(process.execPath, ['bin/gitops-desk.mjs', 'sync', 'kill-me'], { env })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise((r) => child.on('exit', r))
    // The PreSync hook is applied and the sync waits on it: kill it there, with no chance to clean up.
    await expect.poll(() => out, { timeout: 30_000, interval: 100 }).toMatch(/PreSync.*Synced/)
    child.kill('SIGKILL')
    await exited

    const list = cli(['app', 'list'])
    expect(list.stderr).toBe('')
    expect(list.stdout).toMatch(/kill-me .*SyncError: the sync started at .* on ground-1 was interrupted/)
    expect(list.stdout).not.toMatch(/kill-done .*interrupted/)
    expect(cli(['app', 'history', 'kill-done']).stdout).toMatch(/^1\s+[0-9a-f]{8}/m)
    const settingsAfter = JSON.parse(readFileSync(join(dataDir, 'gitops-desk.json'), 'utf8')) as { apps: unknown[]; history: { app: string; interrupted?: unknown }[] }
    expect(settingsAfter.apps).toEqual((JSON.parse(settingsBefore) as { apps: unknown[] }).apps)
    // kill-done's entry is intact; kill-me has one saying it was interrupted (operation-crash.test.ts looks closer).
    expect(settingsAfter.history).toEqual([(JSON.parse(settingsBefore) as { history: unknown[] }).history[0], expect.objectContaining({ app: 'kill-me', interrupted: expect.anything() })])
    // A new sync of the app completes and clears the mark.
    expect(cli(['sync', 'kill-me']).status).toBe(0)
    expect(cli(['app', 'list']).stdout).not.toMatch(/interrupted/)
  })
})
