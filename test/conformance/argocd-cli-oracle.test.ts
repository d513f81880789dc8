import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import type { DeskService } from '../../main/engine/service/desk-service'
import { startArgoServer, type ArgoServer } from '../ground/argocd-server'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import { runKubectl } from '../support/kubectl'

// The real `argocd` CLI is the oracle for GitOps Desk's Argo CD backend (issue 36): each command
// runs as `argocd app …` (through Argo CD's own API server) on one Application, and through the
// desk on a twin with the same spec (its own destination namespace); what each wrote on its
// Application and what Argo CD's controller then did must agree. Names made from the twin's name
// read APP.
const namespace = inject('argocdNamespace')
const kubeconfig = inject('kubeconfig')
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const kubectl = (args: string[], input?: string) => runKubectl('ground-1', args, input)
const configMap = (name: string, value: string) => YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { value } })
const repo = FixtureRepo.create([])
for (const path of ['plain', 'prune', 'subset', 'rev', 'del']) {
  mkdirSync(join(repo.dir, path))
  writeFileSync(join(repo.dir, path, 'one.yaml'), configMap('one', '1'))
}
for (const path of ['plain', 'prune', 'subset', 'del']) writeFileSync(join(repo.dir, path, 'two.yaml'), configMap('two', '2'))
// A PreSync hook Pod never completes on the ground (kwok completes only Jobs' pods; running, a Pod
// that never restarts is Progressing, where one that would restart is Healthy and done): an
// operation that runs until terminated.
mkdirSync(join(repo.dir, 'stuck'))
writeFileSync(join(repo.dir, 'stuck', 'hook.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'wait-forever', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } }))
writeFileSync(join(repo.dir, 'stuck', 'one.yaml'), configMap('one', '1'))
const firstCommit = repo.commit('the oracle cases')
writeFileSync(join(repo.dir, 'rev', 'two.yaml'), configMap('two', '2'))
repo.commit('rev: a second ConfigMap')

let server: ArgoServer
let desk: DeskService
const created: string[] = []

interface Twins {
  argo: string
  desk: string
}
interface AppJson {
  metadata: { annotations?: Record<string, string>; finalizers?: string[] }
  operation?: unknown
  status?: { sync?: { status?: string }; operationState?: { phase?: string; message?: string; operation?: { initiatedBy?: { username?: string } }; syncResult?: { resources?: { kind: string; name: string; status: string }[] } }; history?: { id: number; revision: string }[] }
}
const appJson = (name: string) => JSON.parse(kubectl(['-n', namespace, 'get', 'application', name, '-o', 'json'])) as AppJson
const exists = (name: string) => kubectl(['-n', namespace, 'get', 'application', name, '--ignore-not-found', '-o', 'name']).trim() !== ''
const deskId = (name: string) => `argocd@ground-1/${name}`
/** Each twin's text with its own name read APP, so the two can be compared. */
const neutral = (value: unknown, name: string) => JSON.parse(JSON.stringify(value ?? null).replaceAll(name, 'APP')) as unknown

async function twins(label: string, path: string, finalizers: string[] = []): Promise<Twins> {
  const pair = { argo: `oc-${label}-a`, desk: `oc-${label}-d` }
  for (const name of [pair.argo, pair.desk]) {
    created.push(name)
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace, finalizers, annotations: { 'argocd.argoproj.io/refresh': 'hard' } }, spec: { project: 'default', source: { repoURL: repo.url, path, targetRevision: 'main' }, destination: { server: 'https://kubernetes.default.svc', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }
    kubectl(['apply', '-f', '-'], JSON.stringify(app))
  }
  for (const name of [pair.argo, pair.desk]) await expect.poll(() => appJson(name).status?.sync?.status, { timeout: 120_000, interval: 500 }).toBe('OutOfSync')
  return pair
}

/** Waits until Argo CD's controller has ended the app's operation, and returns the app. */
async function ended(name: string): Promise<AppJson> {
  await expect.poll(() => { const a = appJson(name); return !a.operation && !!a.status?.operationState && !['Running', 'Terminating'].includes(a.status.operationState.phase ?? '') }, { timeout: 180_000, interval: 500 }).toBe(true)
  return appJson(name)
}

/** What an operation was and how it ended, less who started it (admin in Argo CD, the kubeconfig user in the desk). */
function outcome(app: AppJson, name: string) {
  const state = app.status!.operationState!
  const operation = { ...state.operation, initiatedBy: { ...state.operation?.initiatedBy, username: 'USER' } }
  return neutral({ operation, phase: state.phase, message: state.message, results: (state.syncResult?.resources ?? []).map((r) => `${r.kind}/${r.name} ${r.status}`).sort() }, name)
}
const configMaps = (name: string) => kubectl(['-n', name, 'get', 'configmap', '-o', 'name', '--ignore-not-found']).split('\n').filter((l) => l && !l.endsWith('kube-root-ca.crt')).sort()

/** Records, line by line, what the watch sees of the app's annotations and finalizers while work runs. */
async function watching(name: string, work: () => Promise<unknown>): Promise<{ annotations: Record<string, string>[]; finalizers: string[][]; operations: unknown[] }> {
  const { kubectl: bin } = inject('groundBinaries')
  const child = spawn(bin, ['--kubeconfig', kubeconfig, '--context', 'ground-1', '-n', namespace, 'get', 'application', name, '-w', '-o', 'jsonpath={.metadata.annotations.argocd\\.argoproj\\.io/refresh}{"|"}{.metadata.annotations.argocd\\.argoproj\\.io/hydrate}{"|"}{.metadata.finalizers}{"|"}{.operation}{"|@@"}'], { stdio: ['ignore', 'pipe', 'ignore'] })
  let text = ''
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
  try {
    await expect.poll(() => text.includes('|@@'), { timeout: 30_000, interval: 100 }).toBe(true)
    await work()
    // The watch has seen the end (the app gone, or the refresh annotation taken away again).
    await new Promise((resolve) => setTimeout(resolve, 1000))
  } finally {
    child.kill()
  }
  const lines = text.split('|@@').map((l) => l.trim()).filter(Boolean).map((l) => l.split('|'))
  return {
    annotations: lines.map(([refresh, hydrate]) => ({ ...(refresh ? { 'argocd.argoproj.io/refresh': refresh } : {}), ...(hydrate ? { 'argocd.argoproj.io/hydrate': hydrate } : {}) })),
    finalizers: lines.map(([, , f]) => (f ? (JSON.parse(f) as string[]) : [])),
    operations: lines.map(([, , , o]) => (o ? (JSON.parse(o) as unknown) : null)),
  }
}

/** The operation as the command wrote it on the Application (before Argo CD's controller copied it), less who. */
function written(seen: { operations: unknown[] }, name: string): unknown {
  const operation = seen.operations.find(Boolean) as { initiatedBy?: object } | undefined
  return neutral(operation && { ...operation, initiatedBy: { ...operation.initiatedBy, username: 'USER' } }, name)
}

/** Runs `argocd app ARGS` on the one twin and the desk's command on the other; both must write the same operation and end the same. */
async function bothWays(pair: Twins, args: string[], ours: () => Promise<unknown>): Promise<void> {
  const theirs = await watching(pair.argo, async () => server.cli(['app', ...args]))
  const mine = await watching(pair.desk, ours)
  expect(written(mine, pair.desk)).toEqual(written(theirs, pair.argo))
  expect(outcome(await ended(pair.desk), pair.desk)).toEqual(outcome(await ended(pair.argo), pair.argo))
}

beforeAll(async () => {
  server = await startArgoServer(inject('groundDir'))
  desk = openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-oracle-')), secrets: new MemorySecrets(), start: false, syncPollMs: 250, controller: false, eventBatchMs: 0 })
  expect((await desk.argoBackends.instances()).map((i) => i.id)).toContain('argocd@ground-1')
}, 300_000)

afterAll(async () => {
  for (const name of created) {
    if (!exists(name)) continue
    kubectl(['-n', namespace, 'patch', 'application', name, '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}'])
    kubectl(['-n', namespace, 'delete', 'application', name, '--ignore-not-found', '--wait=false'])
  }
  await desk?.close()
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
})

describe('argocd app … (through its API server) and the desk write the same and end the same', () => {
  it('sync, then sync with sync options (--apply-out-of-sync-only --server-side)', { timeout: 600_000 }, async () => {
    const pair = await twins('plain', 'plain')
    await bothWays(pair, ['sync', pair.argo, '--async'], () => desk.argoBackends.sync(deskId(pair.desk), {}))
    expect(configMaps(pair.desk)).toEqual(configMaps(pair.argo))
    expect(configMaps(pair.argo)).toEqual(['configmap/one', 'configmap/two'])

    // (in the order the argocd CLI puts its option flags)
    await bothWays(pair, ['sync', pair.argo, '--async', '--apply-out-of-sync-only', '--server-side'], () => desk.argoBackends.sync(deskId(pair.desk), { syncOptions: ['ServerSideApply=true', 'ApplyOutOfSyncOnly=true'] }))
  })

  it('sync with prune, after a file left Git (refresh and hard refresh first)', { timeout: 600_000 }, async () => {
    const pair = await twins('prune', 'prune')
    server.cli(['app', 'sync', pair.argo, '--async'])
    await desk.argoBackends.sync(deskId(pair.desk), {})
    await ended(pair.argo)
    await ended(pair.desk)
    rmSync(join(repo.dir, 'prune', 'two.yaml'))
    repo.commit('prune: two is gone')
    // Refresh: the same annotations written, and taken away by Argo CD's controller.
    for (const hard of [false, true]) {
      const theirs = await watching(pair.argo, async () => server.cli(['app', 'get', pair.argo, hard ? '--hard-refresh' : '--refresh']))
      const ours = await watching(pair.desk, async () => {
        await desk.argoBackends.refresh(deskId(pair.desk), hard)
        await expect.poll(() => appJson(pair.desk).metadata.annotations?.['argocd.argoproj.io/refresh'], { timeout: 120_000, interval: 250 }).toBeUndefined()
      })
      const written = (seen: Record<string, string>[]) => [...new Set(seen.map((a) => `${a['argocd.argoproj.io/refresh'] ?? '-'} ${a['argocd.argoproj.io/hydrate'] ?? '-'}`))]
      expect(written(ours.annotations)).toEqual(written(theirs.annotations))
      expect(appJson(pair.argo).metadata.annotations?.['argocd.argoproj.io/refresh']).toBeUndefined()
    }
    for (const name of [pair.argo, pair.desk]) await expect.poll(() => appJson(name).status?.sync?.status, { timeout: 120_000, interval: 500 }).toBe('OutOfSync')
    await bothWays(pair, ['sync', pair.argo, '--async', '--prune'], () => desk.argoBackends.sync(deskId(pair.desk), { prune: true }))
    expect(configMaps(pair.desk)).toEqual(['configmap/one'])
    expect(configMaps(pair.argo)).toEqual(['configmap/one'])
  })

  it('sync of a resource subset', { timeout: 600_000 }, async () => {
    const pair = await twins('subset', 'subset')
    await bothWays(pair, ['sync', pair.argo, '--async', '--resource', `:ConfigMap:${pair.argo}/two`], () => desk.argoBackends.sync(deskId(pair.desk), { resources: [`/ConfigMap/${pair.desk}/two`] }))
    expect(configMaps(pair.desk)).toEqual(['configmap/two'])
    expect(configMaps(pair.argo)).toEqual(['configmap/two'])
  })

  it('sync to a revision, then a rollback by history id', { timeout: 600_000 }, async () => {
    const pair = await twins('rev', 'rev')
    await bothWays(pair, ['sync', pair.argo, '--async', '--revision', firstCommit], () => desk.argoBackends.sync(deskId(pair.desk), { revision: firstCommit }))
    expect(configMaps(pair.argo)).toEqual(['configmap/one'])
    expect(configMaps(pair.desk)).toEqual(['configmap/one'])

    // (other cases commit too: main is where it is now)
    const head = repo.head()
    await bothWays(pair, ['sync', pair.argo, '--async'], () => desk.argoBackends.sync(deskId(pair.desk), {}))
    expect(appJson(pair.argo).status?.history?.map((h) => h.revision)).toEqual([firstCommit, head])
    expect(configMaps(pair.argo)).toEqual(['configmap/one', 'configmap/two'])

    const id = appJson(pair.argo).status!.history![0]!.id
    expect(appJson(pair.desk).status?.history?.[0]?.id).toBe(id)
    await bothWays(pair, ['rollback', pair.argo, String(id)], () => desk.argoBackends.rollback(deskId(pair.desk), id))
    expect(configMaps(pair.desk)).toEqual(configMaps(pair.argo))
  })

  it('terminate-op while an operation runs', { timeout: 600_000 }, async () => {
    const pair = await twins('stuck', 'stuck')
    server.cli(['app', 'sync', pair.argo, '--async'])
    await desk.argoBackends.sync(deskId(pair.desk), {})
    // Running, its PreSync hook Pod created (and never done).
    const hookStarted = (name: string) => { const state = appJson(name).status?.operationState; return state?.phase === 'Running' && (state.syncResult?.resources ?? []).some((r) => r.name === 'wait-forever') }
    for (const name of [pair.argo, pair.desk]) await expect.poll(() => hookStarted(name), { timeout: 120_000, interval: 500 }).toBe(true)
    server.cli(['app', 'terminate-op', pair.argo])
    await desk.argoBackends.terminate(deskId(pair.desk))
    const theirs = outcome(await ended(pair.argo), pair.argo)
    expect(outcome(await ended(pair.desk), pair.desk)).toEqual(theirs)
    expect(theirs).toMatchObject({ phase: 'Failed' })
  })

  const deletions = [
    { label: 'fg', argo: [], cascade: 'foreground', finalizers: [], gone: true },
    { label: 'bg', argo: ['--propagation-policy', 'background'], cascade: 'background', finalizers: [], gone: true },
    { label: 'keep', argo: ['--cascade=false'], cascade: 'none', finalizers: ['resources-finalizer.argocd.argoproj.io'], gone: false },
  ] as const
  for (const c of deletions) {
    it(`delete with cascade ${c.cascade}`, { timeout: 600_000 }, async () => {
      const pair = await twins(`del-${c.label}`, 'del', [...c.finalizers])
      server.cli(['app', 'sync', pair.argo, '--async'])
      await desk.argoBackends.sync(deskId(pair.desk), {})
      await ended(pair.argo)
      await ended(pair.desk)
      const theirs = await watching(pair.argo, async () => {
        server.cli(['app', 'delete', pair.argo, '--yes', ...c.argo])
        await expect.poll(() => exists(pair.argo), { timeout: 180_000, interval: 500 }).toBe(false)
      })
      const ours = await watching(pair.desk, async () => {
        await desk.argoBackends.delete(deskId(pair.desk), { cascade: c.cascade, consent: { resources: true } })
        await expect.poll(() => exists(pair.desk), { timeout: 180_000, interval: 500 }).toBe(false)
      })
      const finalizersSeen = (seen: string[][]) => [...new Set(seen.map((f) => f.join(',')))]
      expect(finalizersSeen(ours.finalizers)).toEqual(finalizersSeen(theirs.finalizers))
      expect(configMaps(pair.desk)).toEqual(configMaps(pair.argo))
      expect(configMaps(pair.argo)).toEqual(c.gone ? [] : ['configmap/one', 'configmap/two'])
    })
  }
})
