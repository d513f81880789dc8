import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'

// Side by side, through the real `gitops-desk diff` command: guestbook on ground-1 and on ground-2
// (each its own app), one value changed on ground-2, and two revisions of the repository.
const bin = inject('groundBinaries')
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-compare-'))
const env = { ...process.env, KUBECONFIG: inject('kubeconfig'), GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` }
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })
const repo = FixtureRepo.create(['guestbook'])
const namespace = 'cmp-gb'
const changedLines = (text: string) => text.split('\n').filter((l) => /^[-+][^-+]/.test(l))

afterAll(() => {
  repo.remove()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('gitops-desk diff, side by side', () => {
  beforeAll(() => {
    // One Application per cluster, the same source, as an ApplicationSet's cluster generator makes them.
    const app = (name: string, cluster: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo.url, path: 'guestbook' }, destination: { name: cluster, namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })
    const file = join(dataDir, 'apps.yaml')
    writeFileSync(file, [app('cmp-1', 'ground-1'), app('cmp-2', 'ground-2')].map((a) => YAML.stringify(a)).join('---\n'))
    expect(cli('app', 'add', file).status).toBe(0)
    for (const name of ['cmp-1', 'cmp-2']) {
      const synced = cli('sync', name)
      expect(synced.status, synced.stdout + synced.stderr).toBe(0)
    }
  }, 240_000)

  it('live on ground-1 vs live on ground-2: the same until one value changes on ground-2, then exactly that field', { timeout: 180_000 }, () => {
    const same = cli('diff', 'cmp-1', '--against', 'cmp-2', '--live')
    expect(same.status, same.stdout + same.stderr).toBe(0)
    expect(same.stdout).toMatch(/^cmp-1@ground-1 vs cmp-2@ground-2: the same, 0 of 2 resources differ/m)

    kubectlOn('ground-2')('-n', namespace, 'scale', 'deployment', 'guestbook-ui', '--replicas=3')
    const changed = cli('diff', 'cmp-1', '--against', 'cmp-2', '--live')
    expect(changed.status, changed.stderr).toBe(1)
    expect(changed.stdout).toContain('apps/Deployment/cmp-gb/guestbook-ui differs')
    expect(changed.stderr).not.toMatch(/still running/)
    expect(changedLines(changed.stdout)).toEqual(['-  replicas: 1', '+  replicas: 3'])
    expect(changed.stdout).toMatch(/different, 1 of 2 resources differ, 0 only in cmp-1@ground-1, 0 only in cmp-2@ground-2$/m)
    const json = JSON.parse(cli('diff', 'cmp-1', '--against', 'cmp-2', '--live', '-o', 'json').stdout) as { status: string; left: { context: string }; right: { context: string }; resources: { key: string; status: string }[] }
    expect(json.left.context).toBe('ground-1')
    expect(json.right.context).toBe('ground-2')
    expect(json.resources.map((r) => `${r.key} ${r.status}`)).toEqual(['/Service/cmp-gb/guestbook-ui Synced', 'apps/Deployment/cmp-gb/guestbook-ui OutOfSync'])

    // Their targets in Git are the same: rendered against rendered shows nothing.
    const rendered = cli('diff', 'cmp-1', '--against', 'cmp-2')
    expect(rendered.status, rendered.stdout + rendered.stderr).toBe(0)
    // The app's live objects against its own revision: the drift, as the live diff shows it.
    const drift = cli('diff', 'cmp-2', '--live', '--revision', 'HEAD')
    expect(drift.status, drift.stderr).toBe(1)
    expect(changedLines(drift.stdout)).toEqual(['-  replicas: 3', '+  replicas: 1'])
  })

  it('two revisions: HEAD against a tag shows the change made between them', { timeout: 120_000 }, () => {
    repo.git('tag', 'v1.2.0')
    const file = join(repo.dir, 'guestbook', 'guestbook-ui-deployment.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('gb-frontend:v5', 'gb-frontend:v6'))
    repo.commit('guestbook-ui v6')
    const run = cli('diff', 'cmp-1', '--revision', 'v1.2.0', '--revision', 'HEAD')
    expect(run.status, run.stdout + run.stderr).toBe(1)
    expect(changedLines(run.stdout)).toEqual([expect.stringMatching(/^-\s+(- )?image: gcr\.io\/google-samples\/gb-frontend:v5$/), expect.stringMatching(/^\+\s+(- )?image: gcr\.io\/google-samples\/gb-frontend:v6$/)])
    expect(run.stdout).toMatch(/^cmp-1@v1\.2\.0 vs cmp-1@HEAD: different/m)
  })

  it('refuses what is not one comparison, naming the option (exit 2)', () => {
    const run = cli('diff', 'cmp-1', '--live')
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/--live compares live objects with another app/)
    const unknown = cli('diff', 'cmp-1', '--against', 'nope')
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/nope/)
  })
})
