import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { cacheRoot } from './build'
import { freePort, isAlive, portOpen, startProcess, stopProcess, waitFor, type ProcessRecord } from './processes'

/** Argo Rollouts is pinned in one place: test/rollouts/go.mod (a wrapper module with its replaces). */
export const rolloutsModuleDir = resolve(import.meta.dirname, '../rollouts')
const rolloutsModule = 'github.com/argoproj/argo-rollouts'

export function rolloutsVersion(): string {
  const match = /^require github\.com\/argoproj\/argo-rollouts (v\S+)$/m.exec(readFileSync(join(rolloutsModuleDir, 'go.mod'), 'utf8'))
  if (!match?.[1]) throw new Error('test/rollouts/go.mod must require github.com/argoproj/argo-rollouts at a version')
  return match[1]
}

export interface RolloutsBinaries {
  controller: string
  /** The module's source (its manifests/crds). */
  moduleDir: string
}

/**
 * Builds Argo Rollouts' controller unless this module's build is cached. Its own cache folder
 * (`rollouts-<hash>` beside the ground's), so adding it changes no other build's key.
 */
export function ensureRolloutsBuilt(log: (line: string) => void = (line) => console.error(line)): RolloutsBinaries {
  const hash = createHash('sha256')
  for (const file of ['go.mod', 'go.sum', 'tools.go']) hash.update(readFileSync(join(rolloutsModuleDir, file)))
  hash.update(execFileSync('go', ['version'], { encoding: 'utf8' }))
  const dir = join(cacheRoot(), `rollouts-${hash.digest('hex').slice(0, 16)}`)
  const built = (): RolloutsBinaries => ({ controller: join(dir, 'bin', 'rollouts-controller'), moduleDir: readFileSync(join(dir, 'module-dir'), 'utf8').trim() })
  if (existsSync(join(dir, 'complete'))) return built()
  const started = Date.now()
  const staging = `${dir}.building-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(join(staging, 'bin'), { recursive: true })
  log(`test ground: building Argo Rollouts ${rolloutsVersion()} from its Go module (a cold build takes several minutes)`)
  const ldflags = `-s -w -X ${rolloutsModule}/utils/version.version=${rolloutsVersion().slice(1)}`
  const build = spawnSync('go', ['build', '-trimpath', `-ldflags=${ldflags}`, '-o', join(staging, 'bin', 'rollouts-controller'), `${rolloutsModule}/cmd/rollouts-controller`], { cwd: rolloutsModuleDir, stdio: ['ignore', 'inherit', 'inherit'] })
  if (build.status !== 0) throw new Error(`test ground: building Argo Rollouts failed (go build exited ${build.status ?? build.signal})`)
  const moduleDir = JSON.parse(execFileSync('go', ['list', '-m', '-json', rolloutsModule], { cwd: rolloutsModuleDir, encoding: 'utf8' })) as { Dir: string }
  writeFileSync(join(staging, 'module-dir'), moduleDir.Dir)
  writeFileSync(join(staging, 'complete'), `${new Date().toISOString()} built in ${Math.round((Date.now() - started) / 1000)} s\n`)
  rmSync(dir, { recursive: true, force: true })
  renameSync(staging, dir)
  log(`test ground: Argo Rollouts built in ${Math.round((Date.now() - started) / 1000)} s into ${dir}`)
  return built()
}

export interface RolloutsState {
  context: string
  /** Where the controller would read its settings and notifications (POD_NAMESPACE). */
  namespace: string
  log: string
  process: ProcessRecord
}

const crdNames = ['rollouts.argoproj.io', 'analysisruns.argoproj.io', 'analysistemplates.argoproj.io', 'clusteranalysistemplates.argoproj.io', 'experiments.argoproj.io']

/**
 * The Argo Rollouts controller against one ground cluster, out of cluster (its --kubeconfig), with
 * its CRDs from the module's manifests/crds. Its pods are kwok's: they become Ready by kwok's
 * pod-ready stage, so a canary's ReplicaSets become available and its steps progress.
 */
export async function startRollouts(bin: RolloutsBinaries, options: { kubeconfig: string; kubectl: string; context: string; dir: string }): Promise<RolloutsState> {
  const { context, dir } = options
  mkdirSync(dir, { recursive: true })
  const namespace = 'argo-rollouts'
  const kubectl = (args: string[], input?: string) => execFileSync(options.kubectl, ['--kubeconfig', options.kubeconfig, '--context', context, ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...(input ? { input } : {}) })
  const crds = join(bin.moduleDir, 'manifests', 'crds')
  for (const file of readdirSync(crds).filter((f) => f.endsWith('-crd.yaml'))) kubectl(['apply', '--server-side', '-f', join(crds, file)])
  kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }))
  for (const crd of crdNames) {
    const deadline = Date.now() + 60_000
    const established = () => ((JSON.parse(kubectl(['get', 'crd', crd, '-o', 'json'])) as { status?: { conditions?: { type: string; status: string }[] | null } }).status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')
    while (!established()) {
      if (Date.now() > deadline) throw new Error(`Argo Rollouts' CRD ${crd} was not established in 60 s`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  const [metricsPort, healthzPort] = await Promise.all([freePort(), freePort()])
  const log = join(dir, 'rollouts-controller.log')
  const env = { ...process.env, KUBECONFIG: options.kubeconfig, POD_NAMESPACE: namespace }
  const proc = startProcess(bin.controller, ['--kubeconfig', options.kubeconfig, '--context', context, '--leader-elect=false', '--metricsPort', String(metricsPort), '--healthzPort', String(healthzPort), '--loglevel', 'warn'], log, env)
  const state: RolloutsState = { context, namespace, log, process: proc }
  try {
    await waitFor('argo rollouts controller', () => portOpen(healthzPort), proc, 120_000)
    return state
  } catch (error) {
    await stopRollouts(state)
    throw error
  }
}

export async function stopRollouts(state: RolloutsState): Promise<void> {
  if (isAlive(state.process.pid)) await stopProcess(state.process.pid)
}
