import { spawn, spawnSync } from 'node:child_process'
import { get } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { DeskEvent } from '../../shared/model'
import { openDesk } from '../../main/api/desk'
import { startApiserver, stopApiserver } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'

// Reaching into pods on the ground, for real: the engine's shell goes kube-apiserver → kwok's
// kubelet API, where kwok's ClusterExec runs the command on this machine (test/ground/cluster.ts),
// and a port-forward to a Service goes through one of its pods to the cluster's pod-http-server.
const repo = FixtureRepo.create([])
mkdirSync(join(repo.dir, 'app'))
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] }, { name: 'sidecar', image: 'busybox:1.36' }] } } },
}
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] } }
writeFileSync(join(repo.dir, 'app', 'web.yaml'), [deployment, service].map((o) => YAML.stringify(o)).join('---\n'))
repo.commit('web and its Service')
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-pod-access-'))
const desk = openDesk({ dataDir, secrets: new MemorySecrets(), syncPollMs: 250, controller: { autoSync: false } })
const events: DeskEvent[] = []
const unsubscribe = desk.subscribe((batch) => events.push(...batch))
afterAll(async () => {
  unsubscribe()
  await desk.close()
  repo.remove()
  rmSync(dataDir, { recursive: true, force: true })
})
const outputOf = (session: string) => events.map((e) => (e.type === 'shell-output' && e.session === session ? e.data : '')).join('')
const endOf = (session: string) => events.find((e): e is Extract<DeskEvent, { type: 'shell-end' }> => e.type === 'shell-end' && e.session === session)
const httpGet = (port: number, path: string) =>
  new Promise<string>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = ''
      res.on('data', (c) => (body += String(c)))
      res.on('end', () => resolve(body))
    }).on('error', reject)
  })
let podKey = ''
// The `gitops-desk` command on the same data folder (the store is shared between processes).
const cliEnv = { ...process.env, KUBECONFIG: inject('kubeconfig'), GITOPS_DESK_DATA: dataDir }

describe('a shell and port-forwards on the ground', () => {
  it('opens a shell in a pod of the app: typed commands run and their output comes back', { timeout: 180_000 }, async () => {
    desk.saveYaml(YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'pa-web' }, spec: { project: 'default', source: { repoURL: repo.url, path: 'app' }, destination: { name: 'ground-1', namespace: 'pa-web' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')
    await desk.sync('pa-web', {})
    expect((await desk.waitForOperation('pa-web'))?.phase).toBe('Succeeded')
    await expect.poll(async () => (await desk.resourceTree('pa-web')).filter((n) => n.kind === 'Pod' && n.health === 'Healthy').length, { timeout: 60_000 }).toBe(1)
    podKey = (await desk.resourceTree('pa-web')).find((n) => n.kind === 'Pod')!.key

    const shell = await desk.podAccess.openShell('pa-web', podKey, { container: 'sidecar', cols: 100, rows: 30 })
    expect(shell).toMatchObject({ context: 'ground-1', namespace: 'pa-web', container: 'sidecar' })
    // The shell's answer is computed, so the echo of what was typed cannot pass for it.
    desk.podAccess.shellInput(shell.session, 'echo "cluster $GROUND_CLUSTER says $((6*7))"\r')
    await expect.poll(() => outputOf(shell.session), { timeout: 60_000 }).toContain('cluster ground-1 says 42')
    desk.podAccess.shellInput(shell.session, 'exit\r')
    await expect.poll(() => endOf(shell.session)?.message, { timeout: 60_000 }).toBeDefined()
    expect(desk.podAccess.shellInput(shell.session, 'echo more\r')).toBe(false)
  })

  it('runs a command without a terminal and reports its exit code', { timeout: 60_000 }, async () => {
    const shell = await desk.podAccess.openShell('pa-web', podKey, { command: ['sh', '-c', 'echo "in $PWD"; exit 0'], tty: false })
    await expect.poll(() => endOf(shell.session), { timeout: 30_000 }).toMatchObject({ exitCode: 0 })
    expect(outputOf(shell.session)).toMatch(/in .*pod-exec/)
  })

  it('refuses a pod outside the app, a kind that is not a Pod, and a protected context without its typed name', { timeout: 60_000 }, async () => {
    await expect(desk.podAccess.openShell('pa-web', '/Pod/kube-system/kube-apiserver')).rejects.toThrow('pa-web has no resource /Pod/kube-system/kube-apiserver')
    await expect(desk.podAccess.openShell('pa-web', 'apps/Deployment/pa-web/web')).rejects.toThrow("a shell opens in a Pod's container, not in a Deployment")
    await desk.protectCluster('ground-1', true)
    try {
      await expect(desk.podAccess.openShell('pa-web', podKey)).rejects.toThrow('ground-1 is a protected context: confirm a shell by typing its name')
      const shell = await desk.podAccess.openShell('pa-web', podKey, { consent: { context: 'ground-1' } })
      expect(desk.podAccess.closeShell(shell.session)).toBe(true)
    } finally {
      await desk.protectCluster('ground-1', false)
    }
  })

  it('forwards a Service port to 127.0.0.1 through one of its pods: an HTTP request is answered; a port in use is refused; stop frees it', { timeout: 60_000 }, async () => {
    const forward = await desk.podAccess.startPortForward('pa-web', '/Service/pa-web/web', { remotePort: 8080 })
    expect(forward).toMatchObject({ address: '127.0.0.1', resource: '/Service/pa-web/web', remotePort: 80, pod: podKey.split('/').at(-1) })
    expect(await httpGet(forward.localPort, '/hello')).toBe('ground-1 pod answers GET /hello\n')
    expect(desk.podAccess.listPortForwards()).toEqual([expect.objectContaining({ id: forward.id, connections: 1 })])
    await expect.poll(() => events.some((e) => e.type === 'port-forwards' && e.forwards.some((f) => f.id === forward.id))).toBe(true)

    await expect(desk.podAccess.startPortForward('pa-web', podKey, { remotePort: 'http', localPort: forward.localPort })).rejects.toThrow(`local port ${forward.localPort} on 127.0.0.1 is already in use`)
    expect(await desk.podAccess.stopPortForward(forward.id)).toBe(true)
    const free = createServer()
    await new Promise<void>((resolve, reject) => free.once('error', reject).listen(forward.localPort, '127.0.0.1', resolve))
    await new Promise((r) => free.close(r))
  })

  it('gitops-desk app exec prints the output of a command in the pod and exits with its code', { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, ['bin/gitops-desk.mjs', 'app', 'exec', 'pa-web', podKey, '-c', 'sidecar', '--', 'sh', '-c', 'echo "from the cli on $GROUND_CLUSTER: $((40+2))"'], { encoding: 'utf8', env: cliEnv, timeout: 100_000, killSignal: 'SIGKILL' })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe('from the cli on ground-1: 42\n')
  })

  it('gitops-desk app port-forward serves 127.0.0.1 until Ctrl+C', { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, ['bin/gitops-desk.mjs', 'app', 'port-forward', 'pa-web', '/Service/pa-web/web', ':http'], { env: cliEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c) => (output += String(c)))
    child.stderr.on('data', (c) => (output += String(c)))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      await expect.poll(() => output, { timeout: 100_000 }).toMatch(/Forwarding from 127\.0\.0\.1:\d+ -> web-\S+:80 \(ground-1\)/)
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(output)![1])
      expect(await httpGet(port, '/cli')).toBe('ground-1 pod answers GET /cli\n')
      child.kill('SIGINT')
      expect(await exited).toBe(0)
      await expect(httpGet(port, '/')).rejects.toThrow(/ECONNREFUSED/)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })

  it("shows a shell whose connection dropped (ground-2's API server stopped), and opens it again once the cluster is back", { timeout: 240_000 }, async () => {
    desk.saveYaml(YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'pa-web-2' }, spec: { project: 'default', source: { repoURL: repo.url, path: 'app' }, destination: { name: 'ground-2', namespace: 'pa-web' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')
    await desk.sync('pa-web-2', {})
    expect((await desk.waitForOperation('pa-web-2'))?.phase).toBe('Succeeded')
    await expect.poll(async () => (await desk.resourceTree('pa-web-2')).filter((n) => n.kind === 'Pod' && n.health === 'Healthy').length, { timeout: 60_000 }).toBe(1)
    const pod = (await desk.resourceTree('pa-web-2')).find((n) => n.kind === 'Pod')!.key
    const shell = await desk.podAccess.openShell('pa-web-2', pod, { container: 'sidecar' })
    desk.podAccess.shellInput(shell.session, 'echo "on $GROUND_CLUSTER"\r')
    await expect.poll(() => outputOf(shell.session), { timeout: 30_000 }).toContain('on ground-2')
    const groundDir = inject('groundDir')
    let stopped = false
    try {
      await stopApiserver(groundDir, 2)
      stopped = true
      await expect.poll(() => endOf(shell.session)?.message, { timeout: 60_000 }).toMatch(/^the connection to the API server (closed|failed)/)
      expect(endOf(shell.session)?.exitCode).toBeUndefined()
      await startApiserver(groundDir, 2)
      stopped = false
      const again = await desk.podAccess.openShell('pa-web-2', pod, { container: 'sidecar' })
      desk.podAccess.shellInput(again.session, 'echo "back on $GROUND_CLUSTER"\r')
      await expect.poll(() => outputOf(again.session), { timeout: 60_000 }).toContain('back on ground-2')
      desk.podAccess.closeShell(again.session)
    } finally {
      if (stopped) await startApiserver(groundDir, 2)
    }
  })
})
