import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { WorkingCopyState } from '../../shared/model'
import { FixtureRepo } from '../ground/git-fixture'
import { openGroundDesk } from '../support/ground-desk'
import { kubectlOn } from '../support/kubectl'

// `argocd app diff --local` / `app sync --local`, live: a checkout of the app's repository is
// watched, its diff against the ground published as the user edits (no call), synced with its own
// consent and recorded as local:<digest>; released, the app compares with Git again.
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['kustomize-guestbook'])
const other = FixtureRepo.create(['guestbook'])
const clone = (from: FixtureRepo, name: string) => {
  const dir = `${from.dir}-${name}`
  execFileSync('git', ['clone', '--quiet', from.url, dir])
  return realpathSync(dir)
}
const checkout = clone(repo, 'checkout')
const { desk } = openGroundDesk('working-copy')
afterAll(() => {
  for (const dir of [checkout, `${other.dir}-checkout`]) rmSync(dir, { recursive: true, force: true })
  repo.remove()
  other.remove()
})
const name = 'wc-gb'
const deployment = 'apps/Deployment/wc-gb/kustomize-guestbook-ui'
const file = 'kustomize-guestbook/guestbook-ui-deployment.yaml'
const published: WorkingCopyState[] = []
desk.subscribe((events) => events.forEach((e) => e.type === 'working-copy' && e.app === name && e.state && published.push(e.state)))
/** The last state the engine published (events only: the test makes no call to see it). */
const latest = () => published.findLast((s) => !s.rendering)
const edit = (path: string, change: (text: string) => string) => writeFileSync(join(checkout, path), change(readFileSync(join(checkout, path), 'utf8')))
const deploymentStatus = () => latest()?.diff?.resources.find((r) => r.key === deployment)?.status

describe('a working copy on the ground', () => {
  it('an edit changes the published diff without a call; a render error shows with its file beside the last good diff', { timeout: 180_000 }, async () => {
    desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo.url, path: 'kustomize-guestbook' }, destination: { name: 'ground-1', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')
    await desk.sync(name, {})
    expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')

    const first = await desk.workingCopies.use(name, checkout)
    expect(first.error).toBeNull()
    expect(first.files).toEqual([])
    expect(first.diff?.status).toBe('Synced')
    expect(first.revision).toMatch(/^local:[0-9a-f]{12}$/)

    edit(file, (t) => t.replace('replicas: 1', 'replicas: 3'))
    await expect.poll(deploymentStatus, { timeout: 60_000 }).toBe('OutOfSync')
    const edited = latest()!
    expect(edited.files).toEqual([{ path: file, change: 'M' }])
    expect(edited.revision).not.toBe(first.revision)
    expect(edited.diff?.resources.find((r) => r.key === deployment)?.unifiedDiff).toContain('+  replicas: 3')
    // The app's own status still follows Git.
    expect((await desk.refresh(name))?.sync).toBe('Synced')

    edit('kustomize-guestbook/kustomization.yaml', (t) => t.replace('- guestbook-ui-svc.yaml', '- missing-file.yaml'))
    await expect.poll(() => latest()?.error?.message ?? null, { timeout: 60_000 }).toMatch(/missing-file\.yaml/)
    expect(latest()!.diff).toEqual(edited.diff)
    edit('kustomize-guestbook/kustomization.yaml', (t) => t.replace('- missing-file.yaml', '- guestbook-ui-svc.yaml'))
    await expect.poll(() => latest()?.error?.message ?? 'rendered', { timeout: 60_000 }).toBe('rendered')
    expect(deploymentStatus()).toBe('OutOfSync')
  })

  it('Sync working copy needs its own consent, on a protected context the typed name too, and History says local:… with the files', { timeout: 180_000 }, async () => {
    await expect(desk.workingCopies.sync(name, { consent: { context: 'ground-1' } })).rejects.toThrow(/deploy uncommitted changes/)
    await desk.protectCluster('ground-1', true)
    try {
      await expect(desk.workingCopies.sync(name, { consent: { uncommitted: true } })).rejects.toThrow(/ground-1 is a protected context: confirm deploying the working copy by typing its name/)
      await expect(desk.workingCopies.sync(name, { consent: { uncommitted: true, context: 'ground-2' } })).rejects.toThrow(/"ground-2" does not match the destination context ground-1/)
      await expect(desk.workingCopies.sync(name, { consent: { context: 'ground-1' } })).rejects.toThrow(/deploy uncommitted changes/)
      expect(kubectl('-n', name, 'get', 'deployment', 'kustomize-guestbook-ui', '-o', 'jsonpath={.spec.replicas}')).toBe('1')

      await desk.workingCopies.sync(name, { consent: { uncommitted: true, context: 'ground-1' } })
      const ended = await desk.waitForOperation(name)
      expect(ended?.phase, ended?.message).toBe('Succeeded')
    } finally {
      await desk.protectCluster('ground-1', false)
    }
    expect(kubectl('-n', name, 'get', 'deployment', 'kustomize-guestbook-ui', '-o', 'jsonpath={.spec.replicas}')).toBe('3')
    const entry = desk.history(name).at(-1)!
    expect(entry.revisions[0]).toMatch(/^local:[0-9a-f]{12}$/)
    expect(entry.revisions[0]).toBe(latest()!.revision)
    expect(entry.local?.files).toEqual([{ path: file, change: 'M' }])
    await expect(desk.rollback(name, entry.id, {})).rejects.toThrow(/synced from a working copy/)

    // Released: the app compares with Git again, which has 1 replica.
    expect(await desk.workingCopies.release(name)).toBe(true)
    expect(desk.workingCopies.state(name)).toBeNull()
    expect((await desk.refresh(name))?.sync).toBe('OutOfSync')
  })

  it('refuses a checkout of another repository, and a symlink out of the folder', { timeout: 60_000 }, async () => {
    await expect(desk.workingCopies.use(name, clone(other, 'checkout'))).rejects.toThrow(/is a checkout of file:\/\/.* not of the app's repository/)
    symlinkSync('/etc', join(checkout, 'kustomize-guestbook', 'etc'))
    try {
      await expect(desk.workingCopies.use(name, checkout)).rejects.toThrow(/out-of-bounds symlink in the repository.*kustomize-guestbook\/etc/)
    } finally {
      rmSync(join(checkout, 'kustomize-guestbook', 'etc'))
    }
    expect(desk.workingCopies.state(name)).toBeNull()
  })
})

describe('the command line: diff --local and sync --local', () => {
  const bin = inject('groundBinaries')
  const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-wc-cli-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = { ...process.env, KUBECONFIG: inject('kubeconfig'), GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` }
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })
  const appFile = join(dataDir, 'app.yaml')
  writeFileSync(appFile, JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'wc-cli' }, spec: { source: { repoURL: repo.url, path: 'kustomize-guestbook' }, destination: { name: 'ground-1', namespace: 'wc-cli' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }))

  it('diff --local shows the working copy and its files; sync --local needs --yes-uncommitted (and --yes on a protected context), then deploys it', { timeout: 240_000 }, () => {
    edit(file, (t) => t.replace(/replicas: \d+/, 'replicas: 3'))
    const diff = cli(['diff', appFile, '--local', checkout])
    expect(diff.status, diff.stderr).toBe(1)
    expect(diff.stdout).toContain(`working copy (uncommitted) ${checkout}: M ${file}`)
    expect(diff.stdout).toMatch(/wc-cli on ground-1 at local:[0-9a-f]{12}: OutOfSync/)
    const refused = cli(['sync', appFile, '--local', checkout])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain('deploy uncommitted changes')
    const synced = cli(['sync', appFile, '--local', checkout, '--yes-uncommitted'])
    expect(synced.status, synced.stdout + synced.stderr).toBe(0)
    expect(kubectl('-n', 'wc-cli', 'get', 'deployment', 'kustomize-guestbook-ui', '-o', 'jsonpath={.spec.replicas}')).toBe('3')

    // A protected context: --yes (its name) as well as --yes-uncommitted.
    edit(file, (t) => t.replace(/replicas: \d+/, 'replicas: 2'))
    expect(cli(['cluster', 'protect', 'ground-1']).status).toBe(0)
    try {
      const unnamed = cli(['sync', appFile, '--local', checkout, '--yes-uncommitted'])
      expect(unnamed.status).toBe(2)
      expect(unnamed.stderr).toContain('ground-1 is a protected context')
      expect(kubectl('-n', 'wc-cli', 'get', 'deployment', 'kustomize-guestbook-ui', '-o', 'jsonpath={.spec.replicas}')).toBe('3')
      const named = cli(['sync', appFile, '--local', checkout, '--yes', '--yes-uncommitted'])
      expect(named.status, named.stdout + named.stderr).toBe(0)
      expect(named.stdout).toMatch(/wc-cli on ground-1 at .*: Succeeded/)
      expect(kubectl('-n', 'wc-cli', 'get', 'deployment', 'kustomize-guestbook-ui', '-o', 'jsonpath={.spec.replicas}')).toBe('2')
    } finally {
      cli(['cluster', 'unprotect', 'ground-1'])
    }
    // The mirrors the commands rendered from are gone with them.
    expect(readdirSync(join(dataDir, 'scratch', 'working-copies'))).toEqual([])
    const other = cli(['diff', appFile, '--local', tmpdir()])
    expect(other.status).toBe(2)
    expect(other.stderr).toMatch(/is not a Git checkout/)
  })
})
