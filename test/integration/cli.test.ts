import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'

// The real `gitops-desk` command, with its own data folder and a test keychain service.
const bin = inject('groundBinaries')
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-cli-'))
const env = { ...process.env, KUBECONFIG: inject('kubeconfig'), GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` }
// A CLI that hangs is killed before the test's own timeout, so the failure says which command.
const cli = (args: string[], input?: string) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL', ...(input !== undefined ? { input } : {}) })

const repo = FixtureRepo.create(['kustomize-guestbook'])
afterAll(() => repo.remove())
const appFile = join(dataDir, 'app.yaml')
writeFileSync(
  appFile,
  YAML.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'kg' },
    spec: { source: { repoURL: repo.url, path: 'kustomize-guestbook', kustomize: { namePrefix: 'cli-' } }, destination: { server: 'https://kubernetes.default.svc', namespace: 'kg' } },
  }),
)

describe('gitops-desk CLI', () => {
  it('render prints the target objects as a YAML stream, or JSON with -o json', () => {
    const yamlRun = cli(['render', appFile])
    expect(yamlRun.status, yamlRun.stderr).toBe(0)
    const objects = YAML.parseAllDocuments(yamlRun.stdout).map((d) => d.toJS())
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(['Deployment/kg/cli-guestbook-ui', 'Service/kg/cli-guestbook-ui'])
    const jsonRun = cli(['render', appFile, '-o', 'json'])
    expect(JSON.parse(jsonRun.stdout)).toEqual(objects)
  })

  it('app add | list | get | delete share one store, and render finds a stored app by name', () => {
    expect(cli(['app', 'add', appFile]).stdout).toContain('application kg saved')
    expect(cli(['app', 'list', '--offline']).stdout).toMatch(/^kg\s+default\s+file:\/\/.*kustomize-guestbook\s+HEAD\s+https:\/\/kubernetes\.default\.svc\/kg$/m)
    expect(YAML.parse(cli(['app', 'get', 'kg']).stdout).spec.source.kustomize).toEqual({ namePrefix: 'cli-' })
    expect(cli(['render', 'kg']).status).toBe(0)
    expect(cli(['app', 'delete', 'kg']).status).toBe(0)
    const gone = cli(['app', 'get', 'kg'])
    expect(gone.status).toBe(2)
    expect(gone.stderr).toContain('no app named "kg"')
  })

  it("app delete: an app with the resources finalizer asks for --cascade; --cascade deletes its resources, --cascade=false never touches the cluster", () => {
    const kubectl = (...args: string[]) => spawnSync(bin.kubectl, ['--kubeconfig', inject('kubeconfig'), '--context', 'ground-1', ...args], { encoding: 'utf8' }).stdout.trim()
    const withFinalizer = (name: string) => {
      const file = join(dataDir, `${name}.yaml`)
      writeFileSync(file, YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, finalizers: ['resources-finalizer.argocd.argoproj.io'] }, spec: { source: { repoURL: repo.url, path: 'kustomize-guestbook' }, destination: { name: 'ground-1', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }))
      expect(cli(['app', 'add', file]).status).toBe(0)
      const synced = cli(['sync', name])
      expect(synced.status, synced.stdout + synced.stderr).toBe(0)
    }
    withFinalizer('del-cascade')
    const refused = cli(['app', 'delete', 'del-cascade'])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/deleting del-cascade also deletes its 2 resources from ground-1.*--cascade/)
    expect(cli(['app', 'get', 'del-cascade']).status).toBe(0)
    const deleted = cli(['app', 'delete', 'del-cascade', '--cascade'])
    expect(deleted.status, deleted.stderr).toBe(0)
    expect(deleted.stdout).toContain('deleted apps/Deployment/del-cascade/kustomize-guestbook-ui')
    expect(kubectl('-n', 'del-cascade', 'get', 'deployments,services', '-o', 'name')).toBe('')
    expect(cli(['app', 'get', 'del-cascade']).status).toBe(2)

    withFinalizer('del-keep')
    const kept = cli(['app', 'delete', 'del-keep', '--cascade=false'])
    expect(kept.stdout).toContain('nothing deleted from any cluster')
    expect(kubectl('-n', 'del-keep', 'get', 'deployment', 'kustomize-guestbook-ui', '-o', 'name')).toBe('deployment.apps/kustomize-guestbook-ui')
  })

  it('refuses an invalid Application with file, line and field, exit 2', () => {
    const bad = join(dataDir, 'bad.yaml')
    writeFileSync(bad, readFileSync(appFile, 'utf8').replace(/ {2}destination:\n.*\n.*\n/, ''))
    const run = cli(['app', 'add', bad])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain(`${bad}:5 spec.destination: is required`)
    expect(cli(['app', 'list']).stdout).toContain('No applications')
  })

  it('repo add reads the password from stdin into the keychain; no output, error or settings file ever holds it', () => {
    const password = `tok-${randomBytes(8).toString('hex')}`
    const add = cli(['repo', 'add', 'https://git.example.com/team/apps.git', '--username', 'bob', '--password-stdin'], `${password}\n`)
    expect(add.status, add.stderr).toBe(0)
    const list = cli(['repo', 'list'])
    expect(list.stdout).toMatch(/https:\/\/git\.example\.com\/team\/apps\.git\s+git\s+repo\s+bob\s+password set/)
    // The credential is used (a clone that cannot reach the server): its error names the repo, never the password.
    const appFile = join(dataDir, 'private-app.yaml')
    writeFileSync(appFile, YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'private' }, spec: { source: { repoURL: 'https://git.example.com/team/apps.git', path: '.' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'p' } } }))
    const render = cli(['render', appFile])
    expect(render.status).toBe(2)
    expect(render.stderr).toMatch(/git\.example\.com/)
    for (const output of [add, list, render]) expect(output.stdout + output.stderr).not.toContain(password)
    for (const file of readdirSync(dataDir)) {
      if (statSync(join(dataDir, file)).isFile()) expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain(password)
    }
    expect(cli(['repo', 'add', 'https://x.example.com/r.git', '--password', password]).status).toBe(2)
    expect(cli(['repo', 'remove', 'https://git.example.com/team/apps.git']).status).toBe(0)
    expect(cli(['repo', 'list']).stdout).toContain('No repositories')
  })
})

describe('gitops-desk diff and cluster', () => {
  const guestbookFile = join(dataDir, 'guestbook.yaml')
  const gbRepo = FixtureRepo.create(['guestbook'])
  afterAll(() => gbRepo.remove())
  writeFileSync(
    guestbookFile,
    YAML.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'cli-gb' },
      spec: { source: { repoURL: gbRepo.url, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'cli-diff' } },
    }),
  )
  const kubectl = (args: string[], input?: string) => spawnSync(bin.kubectl, ['--context', 'ground-1', ...args], { encoding: 'utf8', env, ...(input !== undefined ? { input } : {}) })

  it('exits 1 and shows the diff while resources are missing, 0 once applied (like kubectl diff)', () => {
    kubectl(['create', 'namespace', 'cli-diff'])
    const missing = cli(['diff', guestbookFile])
    expect(missing.status, missing.stderr).toBe(1)
    expect(missing.stdout).toContain('apps/Deployment/cli-diff/guestbook-ui (Missing)')
    expect(missing.stdout).toMatch(/cli-gb on ground-1 at [0-9a-f]{8}: OutOfSync, 2 of 2 resources differ \(0 OutOfSync, 2 Missing, 0 Extra\)/)
    const applied = kubectl(['apply', '--server-side', '--field-manager=gitops-desk', '-f', '-'], cli(['render', guestbookFile]).stdout)
    expect(applied.status, applied.stderr).toBe(0)
    const synced = cli(['diff', guestbookFile, '-o', 'json'])
    expect(synced.status).toBe(0)
    expect(JSON.parse(synced.stdout)).toMatchObject({ app: 'cli-gb', context: 'ground-1', status: 'Synced' })
  })

  it('health reads live objects from kubectl: the synced Deployment becomes Healthy (kwok runs its pods)', async () => {
    await expect
      .poll(() => cli(['health', '-'], kubectl(['-n', 'cli-diff', 'get', 'deployment,service', '-o', 'yaml']).stdout).stdout, { timeout: 60_000, interval: 1000 })
      .toBe('Deployment/cli-diff/guestbook-ui Healthy\nService/cli-diff/guestbook-ui Healthy\n')
  })

  it('sync streams progress per resource and ends with the result; then diff is Synced', () => {
    const syncFile = join(dataDir, 'sync-app.yaml')
    writeFileSync(syncFile, readFileSync(guestbookFile, 'utf8').replace(/cli-gb/g, 'cli-sync').replace('namespace: cli-diff', 'namespace: cli-sync').replace(/(spec:\n)/, '$1  syncPolicy:\n    syncOptions: [CreateNamespace=true]\n'))
    const dry = cli(['sync', syncFile, '--dry-run'])
    expect(dry.stdout).toMatch(/cli-sync on ground-1 at [0-9a-f]{8}: Succeeded: dry run succeeded; nothing was changed/)
    const run = cli(['sync', syncFile])
    expect(run.status, run.stderr + run.stdout).toBe(0)
    expect(run.stdout).toMatch(/^Sync\s+wave {2}0 {2}apps\/Deployment\/cli-sync\/guestbook-ui {2}Synced {2}applied$/m)
    expect(run.stdout).toMatch(/Succeeded: successfully synced/)
    expect(cli(['diff', syncFile]).status).toBe(0)
  })

  it('app resources lists a stored app\'s resources with their keys, sync status and health; the keys are what delete-resource takes', () => {
    const syncFile = join(dataDir, 'sync-app.yaml')
    expect(cli(['app', 'add', syncFile]).status).toBe(0)
    const listed = cli(['app', 'resources', 'cli-sync'])
    expect(listed.status, listed.stderr).toBe(0)
    expect(listed.stdout).toMatch(/^KEY\s+STATUS\s+HEALTH$/m)
    expect(listed.stdout).toMatch(/^apps\/Deployment\/cli-sync\/guestbook-ui\s+Synced\s+\w+$/m)
    expect(listed.stdout).toMatch(/^\/Service\/cli-sync\/guestbook-ui\s+Synced\s+Healthy$/m)
    const json = JSON.parse(cli(['app', 'resources', 'cli-sync', '-o', 'json']).stdout) as { key: string; status: string }[]
    expect(json.map((r) => r.key).sort()).toEqual(['/Service/cli-sync/guestbook-ui', 'apps/Deployment/cli-sync/guestbook-ui'])
    expect(cli(['app', 'resources', 'no-such-app']).stderr).toContain('no-such-app')
    cli(['app', 'delete', 'cli-sync', '--cascade=false'])
  })

  it('app resources of an app whose compare fails: the error on stderr and exit 2, also with -o json (an empty list is not "no resources")', () => {
    const file = join(dataDir, 'no-path.yaml')
    writeFileSync(file, YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'cli-no-path' }, spec: { source: { repoURL: repo.url, path: 'no-such-folder' }, destination: { name: 'ground-1', namespace: 'cli-no-path' } } }))
    expect(cli(['app', 'add', file]).status).toBe(0)
    for (const args of [[], ['-o', 'json']]) {
      const run = cli(['app', 'resources', 'cli-no-path', ...args])
      expect(run.status, run.stdout + run.stderr).toBe(2)
      expect(run.stderr).toMatch(/cli-no-path: ComparisonError: .*no-such-folder/)
    }
    cli(['app', 'delete', 'cli-no-path'])
  })

  it('sync refuses what the app\'s AppProject forbids, naming the rule', () => {
    const projectFile = join(dataDir, 'locked-project.yaml')
    writeFileSync(projectFile, YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'locked' }, spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: 'elsewhere' }] } }))
    expect(cli(['app', 'add', projectFile]).status).toBe(0)
    const lockedApp = join(dataDir, 'locked-app.yaml')
    writeFileSync(lockedApp, readFileSync(guestbookFile, 'utf8').replace(/cli-gb/g, 'cli-locked').replace('spec:\n', 'spec:\n  project: locked\n'))
    const run = cli(['sync', lockedApp])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/sync refused: application destination \{https:\/\/127\.0\.0\.1:\d+ cli-diff\} is not permitted in project 'locked' \(destinations\)/)
  })

  it('sync refuses inside a deny sync window, naming it; manualSync lets a manual sync through', () => {
    const windowed = (manualSync: boolean) =>
      YAML.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'frozen' },
        spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], syncWindows: [{ kind: 'deny', schedule: '* * * * *', duration: '1h', applications: ['cli-frozen'], manualSync }] },
      })
    const projectFile = join(dataDir, 'frozen-project.yaml')
    writeFileSync(projectFile, windowed(false))
    expect(cli(['app', 'add', projectFile]).status).toBe(0)
    const frozenApp = join(dataDir, 'frozen-app.yaml')
    writeFileSync(frozenApp, readFileSync(guestbookFile, 'utf8').replace(/cli-gb/g, 'cli-frozen').replace('spec:\n', 'spec:\n  project: frozen\n'))
    const refused = cli(['sync', frozenApp])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain('sync refused by a sync window of project frozen: blocked by the active deny window "* * * * *" for 1h')
    writeFileSync(projectFile, windowed(true))
    expect(cli(['app', 'add', projectFile]).status).toBe(0)
    const manual = cli(['sync', frozenApp, '--dry-run'])
    expect(manual.status, manual.stderr).toBe(0)
  })

  it('a failed sync is retried with backoff when syncPolicy.retry says so', async () => {
    const retryFile = join(dataDir, 'retry-app.yaml')
    writeFileSync(retryFile, readFileSync(guestbookFile, 'utf8').replace(/cli-gb/g, 'cli-retry').replace('namespace: cli-diff', 'namespace: cli-retry').replace(/(spec:\n)/, "$1  syncPolicy:\n    retry: {limit: 5, backoff: {duration: 1s, factor: 2, maxDuration: 4s}}\n"))
    const child = spawn(process.execPath, ['bin/gitops-desk.mjs', 'sync', retryFile], { env })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    // The namespace is missing, so the dry run fails; once it exists a retry succeeds.
    await expect.poll(() => stdout, { timeout: 30_000 }).toMatch(/-- one or more objects failed to apply \(dry run\); nothing was changed; retrying in 1s \(attempt 2\)/)
    kubectl(['create', 'namespace', 'cli-retry'])
    expect(await exited, stdout).toBe(0)
    expect(stdout).toMatch(/cli-retry on ground-1 at [0-9a-f]{8}: Succeeded: successfully synced/)
  })

  it('cluster use re-targets in-cluster apps; cluster list marks the active context', () => {
    expect(cli(['cluster', 'use', 'ground-2']).stdout).toContain('active context: ground-2')
    expect(cli(['cluster', 'list']).stdout).toMatch(/^\*\s+ground-2\s+kubeconfig\s+https:\/\/127\.0\.0\.1:\d+\s+reachable \(v1\.37\.2\)\s+-$/m)
    const there = cli(['diff', guestbookFile])
    expect(there.status).toBe(1)
    expect(there.stdout).toContain('cli-gb on ground-2')
    expect(cli(['cluster', 'use', 'nowhere']).stderr).toContain('no context "nowhere"')
    expect(cli(['import', 'argocd', '--context', 'nowhere', '--dry-run']).stderr).toMatch(/^gitops-desk: no context "nowhere" in the kubeconfig or among imported clusters \(ground-1, /)
    cli(['cluster', 'use', 'ground-1'])
  })

  it('cluster import keeps the token in the keychain, and the imported cluster works as a destination', () => {
    const config = YAML.parse(readFileSync(inject('kubeconfig'), 'utf8'))
    const ground2 = config.clusters.find((c: { name: string }) => c.name === 'ground-2').cluster
    const token: string = config.users.find((u: { name: string }) => u.name === 'ground-2-admin').user.token
    const secretFile = join(dataDir, 'cluster-secret.yaml')
    writeFileSync(
      secretFile,
      YAML.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'staging', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
        stringData: { name: 'staging', server: ground2.server, config: JSON.stringify({ bearerToken: token, tlsClientConfig: { caData: ground2['certificate-authority-data'] } }) },
      }),
    )
    const imported = cli(['cluster', 'import', '--argo-secret', secretFile])
    expect(imported.status, imported.stderr).toBe(0)
    expect(cli(['cluster', 'list']).stdout).toMatch(/^\s+staging\s+imported\s+https:\/\/127\.0\.0\.1:\d+\s+reachable \(v1\.37\.2\)\s+-$/m)
    for (const file of readdirSync(dataDir)) {
      if (statSync(join(dataDir, file)).isFile() && file.startsWith('gitops-desk.json')) expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain(token)
    }
    const byName = join(dataDir, 'staging-app.yaml')
    writeFileSync(byName, readFileSync(guestbookFile, 'utf8').replace(/server: https:\/\/kubernetes\.default\.svc/, 'name: staging'))
    const diff = cli(['diff', byName])
    expect(diff.stdout).toContain('cli-gb on staging')
    expect(cli(['cluster', 'remove', 'staging']).status).toBe(0)
    expect(cli(['cluster', 'list']).stdout).not.toContain('staging')
  })
})

describe('gitops-desk history, rollback and protected contexts', () => {
  const histRepo = FixtureRepo.create(['guestbook'])
  afterAll(() => histRepo.remove())
  const file = join(dataDir, 'hist-app.yaml')
  const appDoc = (automated = false) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'cli-hist' },
    spec: {
      revisionHistoryLimit: 2,
      source: { repoURL: histRepo.url, path: 'guestbook', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'cli-hist' },
      syncPolicy: { syncOptions: ['CreateNamespace=true'], ...(automated ? { automated: { prune: true } } : {}) },
    },
  })
  const replicas = () => spawnSync(bin.kubectl, ['--context', 'ground-1', '-n', 'cli-hist', 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.replicas}'], { encoding: 'utf8', env }).stdout
  const scaleInGit = (n: number) => {
    const path = join(histRepo.dir, 'guestbook/guestbook-ui-deployment.yaml')
    const doc = YAML.parse(readFileSync(path, 'utf8'))
    doc.spec.replicas = n
    writeFileSync(path, YAML.stringify(doc))
    return histRepo.commit(`Scale to ${n}`)
  }

  it('records each sync, trims to revisionHistoryLimit, and rolls back to an entry', () => {
    writeFileSync(file, YAML.stringify(appDoc()))
    const first = histRepo.head()
    expect(cli(['sync', file]).status).toBe(0)
    scaleInGit(3)
    expect(cli(['sync', file]).status).toBe(0)
    expect(replicas()).toBe('3')
    const history = cli(['app', 'history', file]).stdout
    expect(history).toMatch(new RegExp(`^1\\s+${first.slice(0, 8)}\\s`, 'm'))
    const rollback = cli(['app', 'rollback', file, '1'])
    expect(rollback.status, rollback.stderr + rollback.stdout).toBe(0)
    expect(replicas()).toBe('1')
    const ids = cli(['app', 'history', file]).stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0])
    expect(ids).toEqual(['2', '3'])
    expect(cli(['app', 'rollback', file, '1']).stderr).toContain('no history entry 1 for cli-hist')
  })

  it('sync --revision syncs that commit instead of the targetRevision', () => {
    const first = histRepo.git('rev-list', '--max-parents=0', 'HEAD').trim()
    expect(cli(['sync', file]).status).toBe(0)
    expect(replicas()).toBe('3')
    const run = cli(['sync', file, '--revision', first])
    expect(run.status, run.stderr + run.stdout).toBe(0)
    expect(run.stdout).toContain(`at ${first.slice(0, 8)}: Succeeded`)
    expect(replicas()).toBe('1')
  })

  it('refuses a rollback while auto-sync is on', () => {
    writeFileSync(file, YAML.stringify(appDoc(true)))
    const run = cli(['app', 'rollback', file, '2'])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('rollback is not allowed while auto-sync is on')
    writeFileSync(file, YAML.stringify(appDoc()))
  })

  it('a protected context needs --yes', () => {
    expect(cli(['cluster', 'protect', 'ground-1']).status).toBe(0)
    const refused = cli(['sync', file])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain('ground-1 is a protected context')
    expect(cli(['sync', file, '--dry-run']).status).toBe(0)
    expect(cli(['sync', file, '--yes']).status).toBe(0)
    expect(cli(['cluster', 'unprotect', 'ground-1']).status).toBe(0)
    expect(cli(['sync', file]).status).toBe(0)
  })
})

describe('gitops-desk reconcile and app list', () => {
  const ownData = mkdtempSync(join(tmpdir(), 'gitops-desk-cli-rc-'))
  const run = (args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', timeout: 100_000, killSignal: 'SIGKILL', env: { ...env, GITOPS_DESK_DATA: ownData } })
  const rcRepo = FixtureRepo.create(['guestbook'])
  afterAll(() => rcRepo.remove())
  const appYaml = (name: string, automated: boolean) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      source: { repoURL: rcRepo.url, path: 'guestbook' },
      destination: { server: 'https://kubernetes.default.svc', namespace: name },
      syncPolicy: { syncOptions: ['CreateNamespace=true'], ...(automated ? { automated: { prune: true } } : {}) },
    },
  })

  it('reconcile --once auto-syncs what asks for it and prints the table; app list shows sync, health, revision and last sync', () => {
    const file = join(ownData, 'apps.yaml')
    writeFileSync(file, [appYaml('cli-rc-auto', true), appYaml('cli-rc-manual', false)].map((d) => YAML.stringify(d)).join('---\n'))
    expect(run(['app', 'add', file]).status).toBe(0)
    const once = run(['reconcile', '--once'])
    expect(once.stdout).toMatch(/cli-rc-auto sync Succeeded: successfully synced/)
    expect(once.stdout).toMatch(/^cli-rc-manual\s+ground-1\s+OutOfSync\s+Missing\s+[0-9a-f]{8}\s+-/m)
    expect(once.status).toBe(1) // not every app is Synced and Healthy
    const list = run(['app', 'list'])
    expect(list.status, list.stderr).toBe(0)
    expect(list.stdout).toMatch(/^NAME\s+CLUSTER\s+SYNC\s+HEALTH\s+REVISION\s+LAST SYNC/m)
    expect(list.stdout).toMatch(new RegExp(`^cli-rc-auto\\s+ground-1\\s+Synced\\s+(Healthy|Progressing)\\s+${rcRepo.head().slice(0, 8)}\\s+#1 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d by \\S+`, 'm'))
    expect(list.stdout).toMatch(/^cli-rc-manual\s+ground-1\s+OutOfSync\s+Missing/m)
  })
})

describe('gitops-desk export argocd to a protected context', () => {
  const ownData = mkdtempSync(join(tmpdir(), 'gitops-desk-cli-export-'))
  const ownEnv = { ...env, GITOPS_DESK_DATA: ownData }
  const run = (args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', timeout: 100_000, killSignal: 'SIGKILL', env: ownEnv })
  // A terminal on standard input, answering "y" to "Apply these…?" (script(1) gives the CLI a tty).
  const runOnTerminal = (args: string[]) => spawnSync('script', ['-qec', [process.execPath, 'bin/gitops-desk.mjs', ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], { encoding: 'utf8', timeout: 100_000, killSignal: 'SIGKILL', env: ownEnv, input: 'y\n' })
  const namespace = `cli-export-${randomBytes(3).toString('hex')}`
  const kubectl = (args: string[]) => spawnSync(bin.kubectl, ['--context', 'ground-1', ...args], { encoding: 'utf8', env })
  const exported = () => kubectl(['-n', namespace, 'get', 'applications.argoproj.io', '-o', 'name']).stdout.trim()
  afterAll(() => void kubectl(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false']))

  it('writes nothing without --yes (on a terminal it is refused before anything is asked), and applies with --yes, as a sync there does', () => {
    expect(kubectl(['create', 'namespace', namespace]).status).toBe(0)
    const file = join(ownData, 'exp.yaml')
    writeFileSync(file, YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'cli-exp' }, spec: { source: { repoURL: repo.url, path: 'kustomize-guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'cli-exp' } } }))
    expect(run(['app', 'add', file]).status).toBe(0)
    expect(run(['cluster', 'protect', 'ground-1']).status).toBe(0)
    try {
      const answered = runOnTerminal(['export', 'argocd', 'cli-exp', '--context', 'ground-1', '--namespace', namespace])
      expect(answered.stdout).toContain('ground-1 is a protected context')
      // Refused before the question: nobody is asked for a "y" that could not count.
      expect(answered.stdout).not.toContain('[y/N]')
      expect(exported()).toBe('')
      const piped = run(['export', 'argocd', 'cli-exp', '--context', 'ground-1', '--namespace', namespace])
      expect(piped.status).toBe(2)
      expect(exported()).toBe('')
      const confirmed = run(['export', 'argocd', 'cli-exp', '--context', 'ground-1', '--namespace', namespace, '--yes'])
      expect(confirmed.status, confirmed.stderr).toBe(0)
      expect(exported()).toBe('application.argoproj.io/cli-exp')
    } finally {
      run(['cluster', 'unprotect', 'ground-1'])
    }
  })
})
