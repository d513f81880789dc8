import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { KeychainSecrets } from '../../main/engine/secrets/keychain'
import { startApiserver, stopApiserver } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectl } from '../support/kubectl'

// Issue 30, items 10 to 12: no Secret value of a render reaches the data folder or an output in
// clear, a failing plugin's stderr shows no form of its secret, and a sync the cluster's outage
// breaks is recorded. The real keychain (test/ground/with-keyring.sh) keeps the plugin's secret
// and the render cache's key, as for a user.
const bin = inject('groundBinaries')
const kubeconfig = inject('kubeconfig')
const groundDir = inject('groundDir')
const service = `gitops-desk-test-${randomBytes(4).toString('hex')}`
const dataDir = join(mkdtempSync(join(tmpdir(), 'gitops-desk-secrets-')), 'data')
const env = { ...process.env, KUBECONFIG: kubeconfig, GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: service }
const cli = (args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const secrets = new KeychainSecrets(service)
const desk = openDesk({ dataDir, secrets, start: false, syncPollMs: 250, controller: { autoSync: false } })
const repo = FixtureRepo.create([])
afterAll(async () => {
  await desk.close()
  for (const account of ['plugin:secret-gen:API_TOKEN', 'plugin:leaky:API_TOKEN', 'render-cache-key']) await secrets.delete(account).catch(() => false)
  process.env.KUBECONFIG = previousKubeconfig
  repo.remove()
  rmSync(dataDir, { recursive: true, force: true })
})

const b64 = (s: string) => Buffer.from(s).toString('base64')
const reversed = (s: string) => [...s].reverse().join('')
/** The files of the data folder holding a text (grep -r, as a user would look). */
const filesWith = (text: string, exclude: string[] = []) =>
  execFileSync('sh', ['-c', `grep -rlF ${exclude.map((e) => `--exclude-dir=${e}`).join(' ')} -- "$1" "$2" || true`, 'sh', text, dataDir], { encoding: 'utf8' }).trim()

const app = (name: string, path: string, extra: Record<string, unknown> = {}, cluster = 'ground-1') =>
  YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { project: 'default', source: { repoURL: repo.url, targetRevision: 'HEAD', path, ...extra }, destination: { name: cluster, namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })

describe('Secrets of renders', () => {
  it('a plugin and a directory source render Secrets: no value in the data folder after render, refresh, sync and diff; every output masks them', { timeout: 240_000 }, async () => {
    const pluginMarker = `plugin-marker-${randomBytes(8).toString('hex')}`
    const dirMarker = `dir-marker-${randomBytes(8).toString('hex')}`
    // The plugin's value comes from its secret (in the keychain), so the store never holds it.
    const plugin = { apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'secret-gen' }, spec: { generate: { command: ['sh', '-c', 'printf "apiVersion: v1\\nkind: Secret\\nmetadata: {name: generated}\\nstringData: {token: %s}\\ndata: {encoded: %s}\\n" "$API_TOKEN" "$(printf %s "$API_TOKEN" | base64)"'] } } }
    mkdirSync(join(repo.dir, 'plug'), { recursive: true })
    writeFileSync(join(repo.dir, 'plug', 'README'), 'rendered by a plugin')
    mkdirSync(join(repo.dir, 'plain'), { recursive: true })
    writeFileSync(join(repo.dir, 'plain', 'secret.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain' }, stringData: { password: dirMarker } }))
    repo.commit('sources with Secrets')
    desk.plugins.add(YAML.stringify(plugin), 'plugin.yaml')
    await desk.plugins.setSecret('secret-gen', 'API_TOKEN', pluginMarker)
    desk.saveYaml(app('sec-plugin', 'plug', { plugin: { name: 'secret-gen' } }), 'app.yaml')
    desk.saveYaml(app('sec-plain', 'plain'), 'app.yaml')

    for (const name of ['sec-plugin', 'sec-plain']) {
      const rendered = await desk.render(desk.app(name))
      expect(JSON.stringify(rendered.objects)).not.toMatch(/marker/)
      expect(await desk.refresh(name, true)).toMatchObject({ sync: 'OutOfSync' })
      await desk.sync(name, {})
      expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')
      const diff = await desk.diff(name)
      expect(JSON.stringify(diff)).not.toMatch(/marker|bWFya2Vy/)
      expect(diff.status).toBe('Synced')
    }
    // The sync applied the real values (the render cache's sealed copy is whole).
    expect(Buffer.from(kubectl('ground-1', 'get', 'secret', 'generated', '-n', 'sec-plugin', '-o', 'jsonpath={.data.token}'), 'base64').toString()).toBe(pluginMarker)
    expect(Buffer.from(kubectl('ground-1', 'get', 'secret', 'plain', '-n', 'sec-plain', '-o', 'jsonpath={.data.password}'), 'base64').toString()).toBe(dirMarker)

    // A changed value shows as a changed mask in the diff, the key named.
    kubectl('ground-1', 'patch', 'secret', 'generated', '-n', 'sec-plugin', '--type=merge', '-p', JSON.stringify({ data: { token: b64('changed-on-the-cluster') } }))
    const secretDiff = async () => (await desk.diff('sec-plugin')).resources.find((r) => r.key === '/Secret/sec-plugin/generated')!
    await expect.poll(async () => (await secretDiff()).status, { timeout: 30_000 }).toBe('OutOfSync')
    const changed = await secretDiff()
    expect(changed.unifiedDiff).toMatch(/^-\s+token: \++$/m)
    expect(changed.unifiedDiff).toMatch(/^\+\s+token: \++$/m)
    expect(changed.unifiedDiff).not.toMatch(/changed-on-the-cluster|Y2hhbmdlZC1vbi/)

    // Another process reads the sealed render back whole from the disk cache (its key in the keychain).
    const fresh = openDesk({ dataDir, secrets, start: false, controller: false })
    try {
      const again = await fresh.engine.render(fresh.app('sec-plugin'))
      expect(again.cached).toBe(true)
      expect(again.objects[0]).toMatchObject({ kind: 'Secret', stringData: { token: pluginMarker }, data: { encoded: b64(pluginMarker) } })
    } finally {
      await fresh.close()
    }

    // The CLI, another process reading the sealed cache: masked like `app manifest --source desired`.
    for (const [name, key] of [['sec-plugin', 'generated'], ['sec-plain', 'plain']] as const) {
      const run = cli(['render', name])
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toMatch(/: \+{8,}/)
      expect(run.stdout).not.toMatch(/marker|bWFya2Vy/)
      const json = cli(['render', name, '-o', 'json'])
      expect(json.stdout).not.toMatch(/marker|bWFya2Vy/)
      const manifest = cli(['app', 'manifest', name, `/Secret/${name}/${key}`, '--source', 'desired'])
      expect(manifest.status, manifest.stderr).toBe(0)
      expect(YAML.parse(manifest.stdout).data).toEqual(YAML.parse(run.stdout).data)
    }

    // Nothing in the data folder holds a value, in clear or base64, outside the copies of the
    // repositories (the directory source's file is in Git, so its clone and checked-out trees have it, as Argo CD's repo server does).
    for (const marker of [pluginMarker, dirMarker]) {
      for (const form of [marker, b64(marker), b64(marker).replace(/=+$/, '')]) expect(filesWith(form, ['repos', 'trees'])).toBe('')
    }
    for (const form of [pluginMarker, b64(pluginMarker)]) expect(filesWith(form)).toBe('')
    // Private to the user: the folder 0700, the engine's files 0600.
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
    const cacheDir = join(dataDir, 'cache', 'render')
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0)
    for (const file of readdirSync(cacheDir)) expect(statSync(join(cacheDir, file)).mode & 0o777, file).toBe(0o600)
    expect(statSync(join(dataDir, 'gitops-desk.json')).mode & 0o777).toBe(0o600)
  })

  it('a plugin that prints its secret in stderr, plain, base64, reversed or URL-encoded, shows none of them', { timeout: 120_000 }, async () => {
    const token = `leak/${randomBytes(6).toString('hex')} +x`
    const leaky = { apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'leaky' }, spec: { generate: { command: ['sh', '-c', 'echo "plain: $API_TOKEN" >&2; echo "b64: $(printf %s "$API_TOKEN" | base64)" >&2; echo "basic: $(printf "user:%s" "$API_TOKEN" | base64)" >&2; echo "rev: $(printf %s "$API_TOKEN" | rev)" >&2; echo "url: $URL_FORM" >&2; exit 3'] } } }
    mkdirSync(join(repo.dir, 'leaky'), { recursive: true })
    writeFileSync(join(repo.dir, 'leaky', 'README'), 'fails')
    repo.commit('a leaky plugin')
    desk.plugins.add(YAML.stringify(leaky), 'leaky.yaml')
    await desk.plugins.setSecret('leaky', 'API_TOKEN', token)
    await desk.plugins.setSecret('leaky', 'URL_FORM', encodeURIComponent(token))
    desk.saveYaml(app('sec-leaky', 'leaky', { plugin: { name: 'leaky' } }), 'app.yaml')
    const error = await desk.render(desk.app('sec-leaky')).then(
      () => null,
      (e: Error) => e.message,
    )
    expect(error).toMatch(/plugin leaky: generate failed \(exit 3\)/)
    expect(error).toMatch(/plain: \*{6}/)
    const status = await desk.refresh('sec-leaky', true)
    const run = cli(['render', 'sec-leaky'])
    expect(run.status).not.toBe(0)
    for (const shown of [error!, JSON.stringify(status), run.stderr + run.stdout]) {
      for (const form of [token, b64(token), reversed(token), encodeURIComponent(token), b64(`user:${token}`), b64(token).slice(4, 16)]) expect(shown).not.toContain(form)
    }
    for (const form of [token, b64(token), reversed(token)]) expect(filesWith(form)).toBe('')
  })
})

describe('a sync that the cluster going away breaks', () => {
  it('ends Error with the reason, and is recorded as an app event that outlives the process', { timeout: 240_000 }, async () => {
    // Wave 0 never becomes healthy (a claim no volume binds): the sync waits on it when the API server goes.
    mkdirSync(join(repo.dir, 'outage'), { recursive: true })
    writeFileSync(join(repo.dir, 'outage', 'claim.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim', annotations: { 'argocd.argoproj.io/sync-wave': '0' } }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'none', resources: { requests: { storage: '1Mi' } } } }))
    writeFileSync(join(repo.dir, 'outage', 'later.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later', annotations: { 'argocd.argoproj.io/sync-wave': '1' } }, data: { a: 'b' } }))
    repo.commit('a sync that waits')
    desk.saveYaml(app('sec-outage', 'outage', {}, 'ground-2'), 'app.yaml')
    await desk.sync('sec-outage', {})
    await expect.poll(() => desk.operation('sec-outage')?.message, { timeout: 60_000 }).toMatch(/wave 0: waiting for healthy state/)
    try {
      await stopApiserver(groundDir, 2)
      const ended = await desk.waitForOperation('sec-outage')
      expect(ended?.phase).toBe('Error')
      expect(ended?.message).toMatch(/^cluster ground-2 could not be reached mid-operation: .*ECONNREFUSED/)
      console.log(`[outage mid-sync] the operation ended ${ended?.phase}: ${ended?.message}`)
      // Not history (Argo CD keeps successful syncs only), an event; a new process sees it.
      expect(desk.history('sec-outage')).toEqual([])
      const fresh = openDesk({ dataDir, secrets, start: false, controller: false })
      try {
        const events = fresh.getApp('sec-outage').events
        expect(events.at(-1)).toMatchObject({ app: 'sec-outage', context: 'ground-2', action: 'sync' })
        expect(events.at(-1)?.message).toMatch(/^Sync operation to [0-9a-f]{40} (errored|failed): /)
      } finally {
        await fresh.close()
      }
    } finally {
      await startApiserver(groundDir, 2)
    }
  })
})
