import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startWebHarnessProcess } from '../e2e/browser'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'

// A full run, as a user would make it, with every kind of secret the app holds: a repository
// password, an SSH private key and a cluster token. Afterwards every byte the app wrote or said
// (settings and cache files, temp files, CLI output and errors, the harness's log, every API
// answer and event over its WebSocket) is searched for each of them.
const bin = inject('groundBinaries')
const kubeconfig = inject('kubeconfig')
const root = mkdtempSync(join(tmpdir(), 'gitops-desk-secrets-'))
const dataDir = join(root, 'data')
const scratch = join(root, 'tmp') // the app's TMPDIR: whatever it leaves behind is scanned too
const inputs = join(root, 'inputs') // the user's own files, removed once handed over
for (const dir of [dataDir, scratch, inputs]) mkdirSync(dir)
const env = { ...process.env, KUBECONFIG: kubeconfig, GITOPS_DESK_DATA: dataDir, TMPDIR: scratch, PATH: `${bin.binDir}:${process.env.PATH}`, GITOPS_DESK_KEYCHAIN_SERVICE: `gitops-desk-test-${randomBytes(4).toString('hex')}` }
const said: string[] = []
const cli = (args: string[], input?: string) => {
  const run = spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL', ...(input !== undefined ? { input } : {}) })
  said.push(run.stdout, run.stderr)
  return run
}
const kubectl = kubectlOn('ground-2')

const repo = FixtureRepo.create(['guestbook'])
afterAll(() => {
  repo.remove()
  rmSync(root, { recursive: true, force: true })
})

const appYaml = (name: string, repoURL: string, destination: Record<string, string>) =>
  YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL, path: 'guestbook' }, destination, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })

const chartAppYaml = (name: string, repoURL: string, destination: Record<string, string>) =>
  YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL, chart: 'hello', targetRevision: '1.*' }, destination, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []))
}

/** Calls over the harness's WebSocket; keeps every message it receives, answers and pushed events alike. */
async function overWebSocket(url: string, calls: [string, unknown[]][]): Promise<{ messages: string[]; answers: Map<number, { ok: boolean; value?: unknown }> }> {
  const page = new URL(url)
  const ws = new WebSocket(`ws://${page.host}/api?token=${page.searchParams.get('token')}`, { headers: { Origin: page.origin } })
  const messages: string[] = []
  const answers = new Map<number, { ok: boolean; value?: unknown }>()
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  ws.on('message', (data) => {
    messages.push(String(data))
    const reply = JSON.parse(String(data)) as { id?: number; ok: boolean; value?: unknown }
    if (typeof reply.id === 'number') answers.set(reply.id, reply)
  })
  for (const [index, [method, args]] of calls.entries()) {
    ws.send(JSON.stringify({ id: index, method, args }))
    const deadline = Date.now() + 120_000
    while (!answers.has(index) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  }
  // Events that follow the last call (status after a sync) arrive a little later.
  await new Promise((r) => setTimeout(r, 3000))
  ws.close()
  return { messages, answers }
}

describe('secrets in a full run', () => {
  it('no file, log, CLI output, API answer or event holds the repo password, the SSH key or the cluster token', { timeout: 400_000 }, async () => {
    // The secrets: a password, a real SSH key, and a real token of a ServiceAccount on ground-2.
    const password = `pw-${randomBytes(12).toString('hex')}`
    const keyFile = join(inputs, 'id_ed25519')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'leak-check', '-f', keyFile])
    const sshKey = readFileSync(keyFile, 'utf8')
    kubectl('create', 'serviceaccount', 'leak-check', '-n', 'default')
    kubectl('create', 'clusterrolebinding', 'leak-check', '--clusterrole=cluster-admin', '--serviceaccount=default:leak-check')
    const token = kubectl('create', 'token', 'leak-check', '-n', 'default').trim()
    const ground2 = (YAML.parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { name: string; cluster: Record<string, string> }[] }).clusters.find((c) => c.name === 'ground-2')!.cluster
    const secretFile = join(inputs, 'cluster.yaml')
    writeFileSync(secretFile, YAML.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak-check', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } }, stringData: { name: 'leak-check', server: ground2.server!, config: JSON.stringify({ bearerToken: token, tlsClientConfig: { caData: ground2['certificate-authority-data'] } }) } }))

    // Handed to the app: the user's copies go away, as after a real setup.
    expect(cli(['repo', 'add', 'https://127.0.0.1:1/team/private.git', '--username', 'bob', '--password-stdin'], `${password}\n`).status).toBe(0)
    expect(cli(['repo', 'add', 'ssh://git@127.0.0.1:1/team/keyed.git', '--ssh-private-key-file', keyFile, '--insecure']).status).toBe(0)
    // The ground's chart repository and OCI registry: Helm credentials of both kinds.
    const charts = inject('chartRepo')
    const oci = inject('ociRegistry')
    expect(cli(['repo', 'add', charts.url, '--type', 'helm', '--username', charts.username, '--password-stdin', '--ca-file', charts.caFile], `${charts.password}\n`).status).toBe(0)
    expect(cli(['repo', 'add', oci.url, '--type', 'helm', '--enable-oci', '--username', oci.username, '--password-stdin', '--ca-file', oci.caFile], `${oci.password}\n`).status).toBe(0)
    const imported = cli(['cluster', 'import', '--argo-secret', secretFile])
    expect(imported.status, imported.stderr).toBe(0)
    rmSync(inputs, { recursive: true, force: true })

    // Apps on every credential: one that works through the imported cluster, two whose
    // repositories cannot be reached (their errors are where a secret would slip out).
    for (const [name, url, destination] of [
      ['leak-gb', repo.url, { name: 'leak-check', namespace: 'leak-check' }],
      ['leak-https', 'https://127.0.0.1:1/team/private.git', { name: 'leak-check', namespace: 'leak-https' }],
      ['leak-ssh', 'ssh://git@127.0.0.1:1/team/keyed.git', { name: 'leak-check', namespace: 'leak-ssh' }],
      ['leak-chart', charts.url, { name: 'leak-check', namespace: 'leak-chart' }],
      ['leak-oci', oci.url, { name: 'leak-check', namespace: 'leak-oci' }],
    ] as const) {
      const file = join(root, `${name}.yaml`)
      writeFileSync(file, name === 'leak-chart' || name === 'leak-oci' ? chartAppYaml(name, url, destination) : appYaml(name, url, destination))
      expect(cli(['app', 'add', file]).status).toBe(0)
      rmSync(file)
    }
    expect(cli(['diff', 'leak-gb']).status).toBe(1)
    const sync = cli(['sync', 'leak-gb'])
    expect(sync.status, sync.stderr).toBe(0)
    expect(kubectl('-n', 'leak-check', 'get', 'deployment', 'guestbook-ui', '-o', 'name').trim()).toBe('deployment.apps/guestbook-ui')
    for (const name of ['leak-chart', 'leak-oci']) {
      const rendered = cli(['render', name])
      expect(rendered.status, rendered.stderr).toBe(0)
    }
    for (const name of ['leak-https', 'leak-ssh']) {
      const render = cli(['render', name])
      expect(render.status).toBe(2)
      expect(render.stderr).toMatch(/127\.0\.0\.1/)
    }
    for (const args of [['app', 'list'], ['repo', 'list'], ['cluster', 'list'], ['reconcile', '--once', '--no-auto-sync'], ['app', 'get', 'leak-gb'], ['app', 'history', 'leak-gb']]) cli(args)

    // The window's side: the harness as `npm run web` starts it, and a client over its WebSocket.
    const harness = await startWebHarnessProcess(env)
    let web: Awaited<ReturnType<typeof overWebSocket>>
    try {
      web = await overWebSocket(harness.url, [
        ['listApps', []],
        ['listRepos', []],
        ['listClusters', []],
        ['getSettings', []],
        ['testRepo', ['https://127.0.0.1:1/team/private.git']],
        ['testRepo', ['ssh://git@127.0.0.1:1/team/keyed.git']],
        ['refreshApp', ['leak-https', { hard: true }]],
        ['refreshApp', ['leak-ssh', { hard: true }]],
        ['diffApp', ['leak-gb']],
        ['resourceTree', ['leak-gb']],
        ['syncApp', ['leak-gb']],
        ['getApp', ['leak-https']],
        ['appHistory', ['leak-gb']],
        ['helmCharts', [charts.url]],
      ])
    } finally {
      await harness.stop()
    }
    // The calls did their work (so the scan covers real answers, not refusals).
    expect(web.answers.size).toBe(14)
    expect(JSON.stringify(web.answers.get(13)?.value)).toContain('"hello"')
    expect(web.answers.get(0)).toMatchObject({ ok: true })
    expect(JSON.stringify(web.answers.get(1)?.value)).toContain('"hasSshKey":true')
    expect(web.answers.get(10)).toMatchObject({ ok: true })
    expect(web.messages.some((m) => m.startsWith('{"events"'))).toBe(true)

    // The scan.
    const keyBody = sshKey.split('\n').filter((l) => l && !l.startsWith('-----'))
    const needles = { 'repo password': [password], 'chart repository password': [charts.password], 'OCI registry password': [oci.password], 'SSH private key': [sshKey.trim(), ...keyBody], 'cluster token': [token, token.split('.')[2]!] }
    const haystacks: [string, string][] = [
      ...said.map((text, i) => [`CLI output #${i}`, text] as [string, string]),
      ['web harness log', harness.output()],
      ...web.messages.map((m, i) => [`WebSocket message #${i}`, m] as [string, string]),
      ...[...filesUnder(dataDir), ...filesUnder(scratch)].map((f) => [f, readFileSync(f, 'latin1')] as [string, string]),
    ]
    expect(filesUnder(dataDir).length).toBeGreaterThan(3)
    const leaks = haystacks.flatMap(([where, text]) => Object.entries(needles).filter(([, values]) => values.some((v) => text.includes(v))).map(([what]) => `${what} in ${where}`))
    expect(leaks).toEqual([])
    // Git's credential helpers (ask-pass script, key file) are gone once git has finished.
    expect(readdirSync(scratch).filter((f) => f.startsWith('gitops-desk-git-'))).toEqual([])
  })
})
