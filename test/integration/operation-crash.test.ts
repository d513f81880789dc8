import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { KeychainSecrets } from '../../main/engine/secrets/keychain'
import { FixtureRepo } from '../ground/git-fixture'

// A sync killed (SIGKILL, no chance to clean up) half-way: the next start shows the interrupted
// operation with what it had applied, in the app's status and history, and runs nothing again.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const namespace = `crash-${randomBytes(3).toString('hex')}`
const secretValue = `crash-secret-${randomBytes(6).toString('hex')}`
const kubectl = (...args: string[]) => execFileSync(bin.kubectl, ['--kubeconfig', kubeconfig, '--context', 'ground-1', ...args], { encoding: 'utf8' })
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-crash-'))
const repo = FixtureRepo.create([])
afterAll(() => {
  repo.remove()
  rmSync(dataDir, { recursive: true, force: true })
  spawnSync(bin.kubectl, ['--kubeconfig', kubeconfig, '--context', 'ground-1', 'delete', 'namespace', namespace, '--ignore-not-found', '--wait=false'])
})

// Wave 0: a Secret and a Deployment whose pods fit no node, so it never becomes healthy and the
// sync waits there; wave 1 (a ConfigMap) is never reached.
const manifests = [
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', annotations: { 'argocd.argoproj.io/sync-wave': '0' } }, stringData: { password: secretValue } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'stuck', annotations: { 'argocd.argoproj.io/sync-wave': '0' } },
    spec: { replicas: 1, progressDeadlineSeconds: 3600, selector: { matchLabels: { app: 'stuck' } }, template: { metadata: { labels: { app: 'stuck' } }, spec: { nodeSelector: { 'gitops-desk.test/none': 'true' }, containers: [{ name: 'main', image: 'nginx:latest' }] } } },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', annotations: { 'argocd.argoproj.io/sync-wave': '1' } }, data: { reached: 'yes' } },
]

describe('an operation killed mid-sync', () => {
  it('the next start shows it interrupted (Error) with the applied resources, in status and history, and applies nothing more', async () => {
    mkdirSync(join(repo.dir, 'crash'))
    writeFileSync(join(repo.dir, 'crash', 'manifests.yaml'), manifests.map((m) => YAML.stringify(m)).join('---\n'))
    repo.commit('crash app')
    const env = { ...process.env, KUBECONFIG: kubeconfig, GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` }
    const cli = (args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })
    const file = join(dataDir, 'app.yaml')
    writeFileSync(file, YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'crash' }, spec: { source: { repoURL: repo.url, path: 'crash' }, destination: { name: 'ground-1', namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }))
    expect(cli(['app', 'add', file]).status).toBe(0)

    const child = spawn(process.execPath, ['bin/gitops-desk.mjs', 'sync', 'crash'], { env })
    const exited = new Promise((r) => child.on('exit', r))
    // The record the sync writes as it goes: kill it once it waits on wave 0, its resources applied.
    const record = join(dataDir, 'operations', 'crash.json')
    const saved = () => {
      try {
        return readFileSync(record, 'utf8')
      } catch {
        return ''
      }
    }
    await expect.poll(saved, { timeout: 60_000, interval: 100 }).toMatch(/Sync wave 0: waiting for healthy state/)
    child.kill('SIGKILL')
    await exited
    expect(statSync(record).mode & 0o777).toBe(0o600)
    expect(saved()).not.toContain(secretValue)
    expect(saved()).not.toContain(Buffer.from(secretValue).toString('base64'))

    // The next start: the app's status says the sync was interrupted.
    const list = cli(['app', 'list'])
    expect(list.stderr).toBe('')
    expect(list.stdout).toMatch(/crash .*SyncError: the sync started at .* on ground-1 was interrupted/)
    // Its history has the interrupted sync, with what it had applied (and not the wave it never reached).
    const history = cli(['app', 'history', 'crash'])
    expect(history.stdout).toMatch(/^1\s+[0-9a-f]{8}\s.*interrupted$/m)
    const applied = /^1: interrupted; applied before it stopped: (.*)$/m.exec(history.stdout)?.[1]?.split(', ')
    expect(applied?.sort()).toEqual([`/Namespace//${namespace}`, `/Secret/${namespace}/creds`, `apps/Deployment/${namespace}/stuck`].sort())
    // Written once, whoever looks (another start, another command).
    expect(cli(['app', 'history', 'crash']).stdout.match(/interrupted;/g)).toHaveLength(1)
    const stored = JSON.parse(readFileSync(join(dataDir, 'gitops-desk.json'), 'utf8')) as { history: { interrupted?: unknown }[] }
    expect(stored.history).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(secretValue)
    // What the API gives the app's details view: the interrupted operation, each resource's result.
    const desk = openDesk({ dataDir, secrets: new KeychainSecrets(env.GITOPS_DESK_KEYCHAIN_SERVICE), start: false })
    try {
      const details = desk.getApp('crash')
      expect(details.operation).toMatchObject({ phase: 'Error', interrupted: true, kind: 'sync', initiator: 'cli', context: 'ground-1', message: expect.stringMatching(/^interrupted: .*stopped during "Sync wave 0: waiting for healthy state"; 3 changes had been made/) })
      expect(details.operation?.resources.filter((r) => r.code === 'Synced').map((r) => r.key).sort()).toEqual([`/Namespace//${namespace}`, `/Secret/${namespace}/creds`, `apps/Deployment/${namespace}/stuck`])
      expect(details.operation?.resources.find((r) => r.key === `/ConfigMap/${namespace}/late`)).toMatchObject({ code: 'Pending' })
      expect(details.history).toMatchObject([{ id: 1, interrupted: { applied: expect.arrayContaining([`/Secret/${namespace}/creds`]) } }])
    } finally {
      await desk.close()
    }
    // Nothing ran again: the wave the sync never reached is still not in the cluster.
    expect(kubectl('-n', namespace, 'get', 'configmap', 'late', '--ignore-not-found', '-o', 'name')).toBe('')
    expect(kubectl('-n', namespace, 'get', 'secret', 'creds', '-o', 'name').trim()).toBe('secret/creds')
  })
})
