import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'

// An app's live objects of a kind it no longer renders (Argo CD's cluster cache watches every kind, so it finds them).
// Every step is a new `gitops-desk` process on the same data folder: nothing is carried in memory between them.
const bin = inject('groundBinaries')
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-kindgone-'))
const env = { ...process.env, KUBECONFIG: inject('kubeconfig'), GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` }
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })
const kubectl = kubectlOn('ground-1')
const suffix = randomBytes(3).toString('hex')

const repo = FixtureRepo.create([])
afterAll(() => {
  repo.remove()
  rmSync(dataDir, { recursive: true, force: true })
})

/** A stored app of one folder of the repo, synced to ground-1 in its own namespace. */
function addApp(name: string, namespace: string): void {
  const file = join(dataDir, `${name}.yaml`)
  writeFileSync(file, YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo.url, path: name }, destination: { name: 'ground-1', namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }))
  const added = cli('app', 'add', file)
  expect(added.status, added.stderr).toBe(0)
}

const configMap = (name: string) => YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } })
const role = (name: string) => YAML.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] })
const exists = (namespace: string, what: string) => kubectl('-n', namespace, 'get', what, '--ignore-not-found', '-o', 'name').trim() !== ''

describe('an app whose Git no longer renders a kind it has live', () => {
  it('a Role removed from Git: OutOfSync, the Role requires pruning (diff and app resources), sync --prune deletes it', () => {
    const ns = `kindgone-${suffix}`
    mkdirSync(join(repo.dir, 'kindgone'))
    writeFileSync(join(repo.dir, 'kindgone', 'cm.yaml'), configMap('settings'))
    writeFileSync(join(repo.dir, 'kindgone', 'role.yaml'), role('reader'))
    repo.commit('kindgone: a ConfigMap and a Role')
    addApp('kindgone', ns)
    const synced = cli('sync', 'kindgone')
    expect(synced.status, synced.stdout + synced.stderr).toBe(0)
    expect(exists(ns, 'role/reader')).toBe(true)

    rmSync(join(repo.dir, 'kindgone', 'role.yaml'))
    repo.commit('kindgone: the Role removed')
    const roleKey = `rbac.authorization.k8s.io/Role/${ns}/reader`
    // The one-shot diff (no watch) finds it.
    const diff = cli('diff', 'kindgone', '-o', 'json')
    expect(diff.status, diff.stderr).toBe(1)
    const compared = JSON.parse(diff.stdout) as { status: string; resources: { key: string; status: string; requiresPruning: boolean }[] }
    expect(compared.status).toBe('OutOfSync')
    expect(compared.resources.find((r) => r.key === roleKey)).toMatchObject({ status: 'Extra', requiresPruning: true })
    // The app's status (the watch cache, as the desk shows it) finds it too.
    const resources = cli('app', 'resources', 'kindgone', '-o', 'json')
    expect(resources.status, resources.stderr).toBe(0)
    expect((JSON.parse(resources.stdout) as { key: string; requiresPruning: boolean }[]).find((r) => r.key === roleKey)).toMatchObject({ requiresPruning: true })

    // A sync without --prune leaves it; with --prune it is deleted, the ConfigMap stays.
    expect(cli('sync', 'kindgone').status).toBe(0)
    expect(exists(ns, 'role/reader')).toBe(true)
    const pruned = cli('sync', 'kindgone', '--prune')
    expect(pruned.status, pruned.stdout + pruned.stderr).toBe(0)
    expect(exists(ns, 'role/reader')).toBe(false)
    expect(exists(ns, 'configmap/settings')).toBe(true)
    const after = cli('diff', 'kindgone')
    expect(after.status, after.stdout + after.stderr).toBe(0)
  })

  it('a folder emptied in Git: OutOfSync with every resource to prune; sync --prune asks for --prune-all, which deletes them', () => {
    const ns = `kindempty-${suffix}`
    mkdirSync(join(repo.dir, 'kindempty'))
    writeFileSync(join(repo.dir, 'kindempty', 'README.md'), 'manifests of kindempty\n')
    writeFileSync(join(repo.dir, 'kindempty', 'cm.yaml'), configMap('leftover'))
    writeFileSync(join(repo.dir, 'kindempty', 'role.yaml'), role('leftover'))
    repo.commit('kindempty: a ConfigMap and a Role')
    addApp('kindempty', ns)
    const synced = cli('sync', 'kindempty')
    expect(synced.status, synced.stdout + synced.stderr).toBe(0)

    rmSync(join(repo.dir, 'kindempty', 'cm.yaml'))
    rmSync(join(repo.dir, 'kindempty', 'role.yaml'))
    repo.commit('kindempty: no manifests left')
    const diff = cli('diff', 'kindempty')
    expect(diff.status, diff.stdout + diff.stderr).toBe(1)
    expect(diff.stdout).toMatch(/OutOfSync, 2 of 2 resources differ \(0 OutOfSync, 0 Missing, 2 Extra\)/)

    const refused = cli('sync', 'kindempty', '--prune')
    expect(refused.status, refused.stdout + refused.stderr).toBe(1)
    expect(refused.stdout + refused.stderr).toMatch(/refusing to prune all 2 resources/)
    expect(exists(ns, 'role/leftover')).toBe(true)
    expect(exists(ns, 'configmap/leftover')).toBe(true)

    const pruned = cli('sync', 'kindempty', '--prune', '--prune-all')
    expect(pruned.status, pruned.stdout + pruned.stderr).toBe(0)
    expect(exists(ns, 'role/leftover')).toBe(false)
    expect(exists(ns, 'configmap/leftover')).toBe(false)
  })
})
