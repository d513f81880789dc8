import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { cacheRoot } from './build'
import { freePort, isAlive, portOpen, startProcess, stopProcess, waitFor, type ProcessRecord } from './processes'

/** Argo CD is pinned in one place: test/argocd/go.mod (a wrapper module with v3.2.11's replaces). */
export const argocdModuleDir = resolve(import.meta.dirname, '../argocd')
const argocdModule = 'github.com/argoproj/argo-cd/v3'

export function argocdVersion(): string {
  const match = /^require github\.com\/argoproj\/argo-cd\/v3 (v\S+)$/m.exec(readFileSync(join(argocdModuleDir, 'go.mod'), 'utf8'))
  if (!match?.[1]) throw new Error('test/argocd/go.mod must require github.com/argoproj/argo-cd/v3 at a version')
  return match[1]
}

export interface ArgoBinaries {
  binDir: string
  argocd: string
  /** The module's source (its manifests/crds). */
  moduleDir: string
}

const components = ['argocd-repo-server', 'argocd-application-controller', 'argocd-applicationset-controller'] as const

/** Builds Argo CD's multi-call binary unless this module's build is cached; 6–10 minutes cold. */
export function ensureArgoBuilt(log: (line: string) => void = (line) => console.error(line)): ArgoBinaries {
  const hash = createHash('sha256')
  for (const file of ['go.mod', 'go.sum', 'tools.go']) hash.update(readFileSync(join(argocdModuleDir, file)))
  hash.update(execFileSync('go', ['version'], { encoding: 'utf8' }))
  const dir = join(cacheRoot(), `argocd-${hash.digest('hex').slice(0, 16)}`)
  const binDir = join(dir, 'bin')
  const built = (): ArgoBinaries => ({ binDir, argocd: join(binDir, 'argocd'), moduleDir: readFileSync(join(dir, 'module-dir'), 'utf8').trim() })
  if (existsSync(join(dir, 'complete'))) return built()
  const started = Date.now()
  const staging = `${dir}.building-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(join(staging, 'bin'), { recursive: true })
  log(`test ground: building Argo CD ${argocdVersion()} from its Go module (a cold build takes 6–10 minutes)`)
  const build = spawnSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', join(staging, 'bin', 'argocd'), `${argocdModule}/cmd`], { cwd: argocdModuleDir, stdio: ['ignore', 'inherit', 'inherit'] })
  if (build.status !== 0) throw new Error(`test ground: building Argo CD failed (go build exited ${build.status ?? build.signal})`)
  for (const component of components) symlinkSync('argocd', join(staging, 'bin', component))
  const moduleDir = JSON.parse(execFileSync('go', ['list', '-m', '-json', argocdModule], { cwd: argocdModuleDir, encoding: 'utf8' })) as { Dir: string }
  writeFileSync(join(staging, 'module-dir'), moduleDir.Dir)
  writeFileSync(join(staging, 'complete'), `${new Date().toISOString()} built in ${Math.round((Date.now() - started) / 1000)} s\n`)
  rmSync(dir, { recursive: true, force: true })
  renameSync(staging, dir)
  log(`test ground: Argo CD built in ${Math.round((Date.now() - started) / 1000)} s into ${dir}`)
  return built()
}

/**
 * Argo CD 3 keeps each resource's health out of the Application unless asked (its UI reads it
 * from the API server); the conformance suite reads the Application, so it is asked.
 */
const controllerFlags = ['--persist-resource-health']

export interface ArgoState {
  dir: string
  namespace: string
  context: string
  processes: Record<'redis' | 'repoServer' | 'controller' | 'applicationSetController', ProcessRecord> & {
    /** Argo CD's API server, started only for the tests that ask for it (test/ground/argocd-server.ts). */
    server?: ProcessRecord
  }
}

const settings = (namespace: string) => [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
  ...['argocd-cm', 'argocd-rbac-cm', 'argocd-cmd-params-cm'].map((name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'argocd' } }, data: {} })),
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'argocd-secret', namespace, labels: { 'app.kubernetes.io/part-of': 'argocd' } }, stringData: { 'server.secretkey': 'gitops-desk-test-ground' } },
]
const defaultProject = (namespace: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'default', namespace }, spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] } })

/**
 * Argo CD against one ground cluster, run as its own Procfile runs it for local development:
 * redis, the repo server, the application controller and the ApplicationSet controller, out of
 * cluster (ARGOCD_FAKE_IN_CLUSTER), with its CRDs, settings and the default project applied.
 */
export async function startArgo(argo: ArgoBinaries, options: { kubeconfig: string; kubectl: string; context: string; dir: string; toolsDir: string }): Promise<ArgoState> {
  const { dir, context } = options
  const namespace = 'argocd'
  for (const sub of ['gnupg', 'tls', 'ssh', 'tmp']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 })
  const kubectl = (args: string[], input?: string) => execFileSync(options.kubectl, ['--kubeconfig', options.kubeconfig, '--context', context, ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...(input ? { input } : {}) })
  const crds = join(argo.moduleDir, 'manifests', 'crds')
  for (const file of readdirSync(crds).filter((f) => f.endsWith('-crd.yaml'))) kubectl(['apply', '--server-side', '-f', join(crds, file)])
  // (kubectl wait fails at once while a new CRD has no conditions yet, so poll.)
  for (const crd of ['applications.argoproj.io', 'appprojects.argoproj.io', 'applicationsets.argoproj.io']) {
    const deadline = Date.now() + 60_000
    const established = () => ((JSON.parse(kubectl(['get', 'crd', crd, '-o', 'json'])) as { status?: { conditions?: { type: string; status: string }[] | null } }).status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')
    while (!established()) {
      if (Date.now() > deadline) throw new Error(`Argo CD's CRD ${crd} was not established in 60 s`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  kubectl(['apply', '--server-side', '-f', '-'], settings(namespace).map((o) => JSON.stringify(o)).join('\n'))
  kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(defaultProject(namespace)))

  const [redisPort, repoPort, repoMetrics, controllerMetrics, appsetMetrics, appsetProbe, appsetWebhook] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort()])
  const log = (name: string) => join(dir, `${name}.log`)
  const env = {
    ...process.env,
    // The repo server runs `argocd` as git's askpass helper (private repositories): it must be on PATH.
    PATH: `${argo.binDir}:${options.toolsDir}:${process.env.PATH}`,
    ARGOCD_FAKE_IN_CLUSTER: 'true',
    // The repo server's git askpass socket is /tmp/reposerver-ask-pass.sock unless told: two
    // grounds on one machine would take each other's (private repositories fail to fetch).
    ARGOCD_ASK_PASS_SOCK: join(dir, 'askpass.sock'),
    ARGOCD_GPG_ENABLED: 'false',
    ARGOCD_GNUPGHOME: join(dir, 'gnupg'),
    ARGOCD_TLS_DATA_PATH: join(dir, 'tls'),
    ARGOCD_SSH_DATA_PATH: join(dir, 'ssh'),
    TMPDIR: join(dir, 'tmp'),
    KUBECONFIG: options.kubeconfig,
  }
  const kube = ['--kubeconfig', options.kubeconfig, '--context', context, '--namespace', namespace]
  const redis = startProcess('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], log('redis'))
  const state: ArgoState = { dir, namespace, context, processes: { redis } as ArgoState['processes'] }
  try {
    await waitFor('argocd redis', () => portOpen(redisPort), redis, 30_000)
    state.processes.repoServer = startProcess(join(argo.binDir, 'argocd-repo-server'), ['--port', String(repoPort), '--metrics-port', String(repoMetrics), '--redis', `127.0.0.1:${redisPort}`, '--disable-tls', '--loglevel', 'warn'], log('repo-server'), env)
    await waitFor('argocd repo server', () => portOpen(repoPort), state.processes.repoServer, 120_000)
    state.processes.controller = startProcess(join(argo.binDir, 'argocd-application-controller'), [...kube, '--redis', `127.0.0.1:${redisPort}`, '--repo-server', `127.0.0.1:${repoPort}`, '--repo-server-plaintext', '--metrics-port', String(controllerMetrics), '--loglevel', 'warn', ...controllerFlags], log('application-controller'), env)
    await waitFor('argocd application controller', () => portOpen(controllerMetrics), state.processes.controller, 120_000)
    state.processes.applicationSetController = startProcess(join(argo.binDir, 'argocd-applicationset-controller'), [...kube, '--argocd-repo-server', `127.0.0.1:${repoPort}`, '--repo-server-plaintext', '--metrics-addr', `127.0.0.1:${appsetMetrics}`, '--probe-addr', `127.0.0.1:${appsetProbe}`, '--webhook-addr', `127.0.0.1:${appsetWebhook}`, '--loglevel', 'warn'], log('applicationset-controller'), env)
    await waitFor('argocd applicationset controller', () => portOpen(appsetProbe), state.processes.applicationSetController, 120_000)
    return state
  } catch (error) {
    await stopArgo(state)
    throw error
  }
}

export async function stopArgo(state: ArgoState): Promise<void> {
  for (const name of ['server', 'applicationSetController', 'controller', 'repoServer', 'redis'] as const) {
    const proc = state.processes[name]
    if (proc && isAlive(proc.pid)) await stopProcess(proc.pid)
  }
}
