import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { get as httpsGet } from 'node:https'
import { join, resolve } from 'node:path'
import YAML from 'yaml'
import { startArgo, stopArgo, type ArgoBinaries, type ArgoState } from './argocd'
import { startChartRepo, type ChartRepoState } from './chart-repo'
import { startOciRegistry, type OciRegistryState } from './oci-registry'
import { startRollouts, stopRollouts, type RolloutsBinaries, type RolloutsState } from './rollouts'
import type { GroundBinaries } from './build'
import { freePort, isAlive, startProcess, stopProcess, waitFor, type ProcessRecord } from './processes'

export const kwokStagesDir = resolve(import.meta.dirname, '../../../shared/fixtures/kwok-stages')
const stageFiles = ['node-initialize.yaml', 'pod-ready.yaml', 'pod-complete.yaml', 'pod-delete.yaml']
/** Stages of our own (kwok as the ingress controller). */
const ownStages = [resolve(import.meta.dirname, 'stages/ingress-ready.yaml')]

/** The namespace the `-limited` user may use; everything else answers it 403. */
export const limitedNamespace = 'limited'
/** A namespace the `-limited` user may read but not write (a dry run there is 403). */
export const readOnlyNamespace = 'limited-readonly'

export interface ClusterState {
  name: string
  dir: string
  apiserverPort: number
  server: string
  adminToken: string
  limitedToken: string
  caFile: string
  processes: Record<'etcd' | 'apiserver' | 'controllerManager' | 'scheduler' | 'kwok' | 'podHttp', ProcessRecord>
}

export interface GroundState {
  dir: string
  kubeconfig: string
  binaries: GroundBinaries
  clusters: ClusterState[]
  /** Argo CD on ground-1, when the ground was started with it. */
  argocd?: ArgoState
  /** The Argo Rollouts controller on the last cluster (ground-2 of two), when the ground was started with it. */
  rollouts?: RolloutsState
  /** A Helm chart repository (HTTPS, its own CA, basic auth) with the charts of test/ground/charts. */
  chartRepo?: ChartRepoState
  /** An OCI registry (distribution, TLS, htpasswd) with the same charts pushed. */
  ociRegistry?: OciRegistryState
}

const stateFile = (dir: string) => join(dir, 'state.json')

export function readState(dir: string): GroundState {
  return JSON.parse(readFileSync(stateFile(dir), 'utf8')) as GroundState
}

export function writeState(state: GroundState): void {
  writeFileSync(stateFile(state.dir), JSON.stringify(state, null, 2))
}

/** Starts N independent clusters on loopback and writes DIR/kubeconfig. */
export async function up(binaries: GroundBinaries, count: number, dir: string, nodesPerCluster = 2, argo?: ArgoBinaries, rollouts?: RolloutsBinaries): Promise<GroundState> {
  dir = resolve(dir)
  mkdirSync(dir, { recursive: true })
  const state: GroundState = { dir, kubeconfig: join(dir, 'kubeconfig'), binaries, clusters: [] }
  try {
    // Bring the clusters up together: most of the time is each apiserver's start-up.
    const clusters = await Promise.all(Array.from({ length: count }, (_, i) => startCluster(binaries, `ground-${i + 1}`, join(dir, `cluster-${i + 1}`), (c) => {
      state.clusters.push(c)
      writeState(state)
    })))
    state.clusters = clusters
    writeFileSync(state.kubeconfig, kubeconfigFor(clusters), { mode: 0o600 })
    writeState(state)
    await Promise.all(clusters.map((c) => bootstrap(binaries, c, nodesPerCluster)))
    state.chartRepo = await startChartRepo(join(dir, 'chart-repo'), binaries.helm)
    writeState(state)
    state.ociRegistry = await startOciRegistry(join(dir, 'oci-registry'), binaries.registry, binaries.helm)
    writeState(state)
    if (argo) {
      const argoDir = join(dir, 'argocd')
      mkdirSync(argoDir, { recursive: true })
      state.argocd = await startArgo(argo, { kubeconfig: state.kubeconfig, kubectl: binaries.kubectl, context: 'ground-1', dir: argoDir, toolsDir: binaries.binDir })
      writeState(state)
    }
    if (rollouts) {
      // On the last cluster: tests on ground-1 install a stand-in Rollout CRD and write its status as the controller would.
      state.rollouts = await startRollouts(rollouts, { kubeconfig: state.kubeconfig, kubectl: binaries.kubectl, context: `ground-${count}`, dir: join(dir, 'rollouts') })
      writeState(state)
    }
    return state
  } catch (error) {
    await down(dir).catch(() => undefined)
    throw error
  }
}

/** Stops every process the ground started (by pid) and removes DIR. */
export async function down(dir: string): Promise<void> {
  dir = resolve(dir)
  if (existsSync(stateFile(dir))) {
    const state = readState(dir)
    if (state.rollouts) await stopRollouts(state.rollouts)
    if (state.argocd) await stopArgo(state.argocd)
    if (state.chartRepo) await stopProcess(state.chartRepo.process.pid)
    if (state.ociRegistry) await stopProcess(state.ociRegistry.process.pid)
    const order = ['kwok', 'podHttp', 'scheduler', 'controllerManager', 'apiserver', 'etcd'] as const
    for (const name of order) await Promise.all(state.clusters.map((c) => c.processes[name] && stopProcess(c.processes[name].pid)))
  }
  rmSync(dir, { recursive: true, force: true })
}

export async function stopApiserver(dir: string, clusterIndex: number): Promise<void> {
  const cluster = clusterAt(readState(dir), clusterIndex)
  await stopProcess(cluster.processes.apiserver.pid)
}

/** Starts a stopped apiserver again on the same port, with the same data. */
export async function startApiserver(dir: string, clusterIndex: number): Promise<void> {
  const state = readState(dir)
  const cluster = clusterAt(state, clusterIndex)
  const previous = cluster.processes.apiserver
  if (isAlive(previous.pid)) throw new Error(`${cluster.name}: the apiserver is already running (pid ${previous.pid})`)
  cluster.processes.apiserver = startProcess(previous.command, previous.args, previous.log)
  writeState(state)
  await waitFor(`${cluster.name} kube-apiserver`, () => isReady(cluster), cluster.processes.apiserver)
}

function clusterAt(state: GroundState, index: number): ClusterState {
  const cluster = state.clusters[index - 1]
  if (!cluster) throw new Error(`no cluster ${index}: the ground has ${state.clusters.length}`)
  return cluster
}

async function startCluster(bin: GroundBinaries, name: string, dir: string, onStarted: (c: ClusterState) => void): Promise<ClusterState> {
  mkdirSync(join(dir, 'certs'), { recursive: true })
  const [etcdClient, etcdPeer, apiserverPort, kwokPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()])
  const log = (component: string) => join(dir, `${component}.log`)

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const saKey = join(dir, 'sa.key')
  writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }))
  writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }))
  const adminToken = randomBytes(16).toString('hex')
  const limitedToken = randomBytes(16).toString('hex')
  writeFileSync(join(dir, 'tokens.csv'), `${adminToken},admin,admin,"system:masters"\n${limitedToken},limited,limited\n`, { mode: 0o600 })

  const etcd = startProcess(join(bin.binDir, 'etcd'), [
    '--name=default',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
    `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
    `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
    `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
    '--unsafe-no-fsync=true', // test data: speed over durability across power loss
    '--log-level=warn',
  ], log('etcd'))
  const cluster: ClusterState = {
    name,
    dir,
    apiserverPort,
    server: `https://127.0.0.1:${apiserverPort}`,
    adminToken,
    limitedToken,
    caFile: join(dir, 'certs', 'apiserver.crt'),
    processes: { etcd } as ClusterState['processes'],
  }
  onStarted(cluster)
  await waitFor(`${name} etcd`, () => httpOk(`http://127.0.0.1:${etcdClient}/health`), etcd)

  cluster.processes.apiserver = startProcess(join(bin.binDir, 'kube-apiserver'), [
    `--etcd-servers=http://127.0.0.1:${etcdClient}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${apiserverPort}`,
    `--cert-dir=${join(dir, 'certs')}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    `--service-account-issuer=https://127.0.0.1:${apiserverPort}`,
    `--service-account-key-file=${join(dir, 'sa.pub')}`,
    `--service-account-signing-key-file=${saKey}`,
    '--authorization-mode=RBAC',
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--endpoint-reconciler-type=none',
    '--allow-privileged=true',
    // Pod logs go to the node's kubelet endpoint: kwok's server on 127.0.0.1 (node names do not resolve).
    '--kubelet-preferred-address-types=InternalIP',
    // No node-lifecycle controller runs here to lift the not-ready taint; kwok marks nodes Ready.
    '--disable-admission-plugins=TaintNodesByCondition',
    '--profiling=false',
    '--v=1',
  ], log('kube-apiserver'))
  await waitFor(`${name} kube-apiserver`, () => isReady(cluster), cluster.processes.apiserver)

  const adminKubeconfig = join(dir, 'admin.kubeconfig')
  writeFileSync(adminKubeconfig, kubeconfigFor([cluster], { onlyAdmin: true }), { mode: 0o600 })
  cluster.processes.controllerManager = startProcess(join(bin.binDir, 'kube-controller-manager'), [
    `--kubeconfig=${adminKubeconfig}`,
    `--authentication-kubeconfig=${adminKubeconfig}`,
    `--authorization-kubeconfig=${adminKubeconfig}`,
    '--leader-elect=false',
    '--controllers=namespace,garbagecollector,clusterrole-aggregation,deployment,replicaset,serviceaccount,serviceaccount-token,job,cronjob,statefulset,daemonset,endpointslice,disruption,ttl-after-finished',
    `--service-account-private-key-file=${saKey}`,
    `--root-ca-file=${cluster.caFile}`,
    '--use-service-account-credentials=false',
    `--secure-port=${await freePort()}`,
    '--bind-address=127.0.0.1',
    '--concurrent-gc-syncs=5',
    '--v=1',
  ], log('kube-controller-manager'))
  cluster.processes.scheduler = startProcess(join(bin.binDir, 'kube-scheduler'), [
    `--kubeconfig=${adminKubeconfig}`,
    `--authentication-kubeconfig=${adminKubeconfig}`,
    `--authorization-kubeconfig=${adminKubeconfig}`,
    '--leader-elect=false',
    `--secure-port=${await freePort()}`,
    '--bind-address=127.0.0.1',
    '--v=1',
  ], log('kube-scheduler'))
  const logsConfig = writePodLogsConfig(dir)
  const podHttpPort = await freePort()
  cluster.processes.podHttp = startProcess(process.execPath, [resolve(import.meta.dirname, 'pod-http-server.mjs'), String(podHttpPort), name], log('pod-http'))
  const execConfig = writePodExecConfig(dir, name, podHttpPort)
  cluster.processes.kwok = startProcess(bin.kwok, [
    `--kubeconfig=${adminKubeconfig}`,
    '--manage-all-nodes=true',
    `--config=${[...stageFiles.map((f) => join(kwokStagesDir, f)), ...ownStages, logsConfig, execConfig].join(',')}`,
    // kwok serves the kubelet API (pod logs) here, with the apiserver's own serving certificate;
    // nodes announce this port, so `kubectl logs` goes apiserver → kwok → the files below.
    `--server-address=127.0.0.1:${kwokPort}`,
    `--node-port=${kwokPort}`,
    `--tls-cert-file=${join(dir, 'certs', 'apiserver.crt')}`,
    `--tls-private-key-file=${join(dir, 'certs', 'apiserver.key')}`,
    '--cidr=10.244.0.0/16',
    '--node-ip=127.0.0.1',
  ], log('kwok'), { ...process.env, HOME: dir })
  onStarted(cluster)
  return cluster
}

/** The files kwok serves as every pod's logs on a cluster: tests append lines to them. */
export function podLogFiles(clusterDir: string): { current: string; previous: string; sidecar: string } {
  const logs = join(clusterDir, 'pod-logs')
  return { current: join(logs, 'current.log'), previous: join(logs, 'previous.log'), sidecar: join(logs, 'sidecar.log') }
}

/** One line in the CRI log format kwok reads (what a container runtime writes). */
export function criLogLine(text: string, stream: 'stdout' | 'stderr' = 'stdout', at = new Date()): string {
  return `${at.toISOString()} ${stream} F ${text}\n`
}

/**
 * A ClusterLogs for every pod of the cluster: the container named `sidecar` logs to sidecar.log,
 * any other to current.log, and the previous container's log is previous.log.
 */
function writePodLogsConfig(dir: string): string {
  const files = podLogFiles(dir)
  mkdirSync(join(dir, 'pod-logs'), { recursive: true })
  writeFileSync(files.current, criLogLine('ground: container started'))
  writeFileSync(files.previous, criLogLine('ground: the previous container, before its restart'))
  writeFileSync(files.sidecar, criLogLine('ground: sidecar started'))
  const config = {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterLogs',
    metadata: { name: 'ground-pod-logs' },
    spec: {
      selector: {},
      logs: [
        { containers: ['sidecar'], logsFile: files.sidecar, previousLogsFile: files.previous, follow: true },
        { logsFile: files.current, previousLogsFile: files.previous, follow: true },
      ],
    },
  }
  const file = join(dir, 'kwok-logs.yaml')
  writeFileSync(file, YAML.stringify(config))
  return file
}

/** Where a shell in any pod of a cluster runs (kwok runs exec as a local command there). */
export function podExecDir(clusterDir: string): string {
  return join(clusterDir, 'pod-exec')
}

/**
 * kwok's ClusterExec and ClusterPortForward for every pod of the cluster: `kubectl exec` runs the
 * command on this machine in podExecDir with GROUND_CLUSTER and GROUND_EXEC set (a real process
 * behind a real exec stream, apiserver → kwok), and every pod port forwards to the cluster's
 * pod-http-server.
 */
function writePodExecConfig(dir: string, cluster: string, httpPort: number): string {
  mkdirSync(podExecDir(dir), { recursive: true })
  const exec = {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterExec',
    metadata: { name: 'ground-pod-exec' },
    spec: { selector: {}, execs: [{ local: { workDir: podExecDir(dir), envs: [{ name: 'GROUND_CLUSTER', value: cluster }, { name: 'GROUND_EXEC', value: 'kwok' }, { name: 'PS1', value: '$ ' }] } }] },
  }
  const forward = {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterPortForward',
    metadata: { name: 'ground-pod-ports' },
    spec: { selector: {}, forwards: [{ target: { address: '127.0.0.1', port: httpPort } }] },
  }
  const file = join(dir, 'kwok-exec.yaml')
  writeFileSync(file, [exec, forward].map((o) => YAML.stringify(o)).join('---\n'))
  return file
}

/** RBAC for the limited user and the Nodes kwok will run pods on. */
async function bootstrap(bin: GroundBinaries, cluster: ClusterState, nodes: number): Promise<void> {
  const objects: object[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: limitedNamespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'limited-all', namespace: limitedNamespace },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'limited-all', namespace: limitedNamespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'limited-all' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited' }],
    },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: readOnlyNamespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'read-all', namespace: readOnlyNamespace },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'limited-read', namespace: readOnlyNamespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-all' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited' }],
    },
  ]
  for (let n = 1; n <= nodes; n++) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `${cluster.name}-node-${n}`,
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
        labels: { 'kubernetes.io/hostname': `${cluster.name}-node-${n}`, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
      },
      status: {
        allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
        capacity: { cpu: '32', memory: '256Gi', pods: '110' },
        nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'fake', kubeProxyVersion: 'fake' },
      },
    })
  }
  const manifest = objects.map((o) => YAML.stringify(o)).join('---\n')
  const kubeconfig = join(cluster.dir, 'admin.kubeconfig')
  // The default ServiceAccount must exist before pods can be created in a namespace.
  execFileSync(bin.kubectl, ['--kubeconfig', kubeconfig, 'apply', '--server-side', '-f', '-'], { input: manifest, stdio: ['pipe', 'ignore', 'pipe'] })
  await waitFor(`${cluster.name} nodes Ready`, async () => {
    const out = execFileSync(bin.kubectl, ['--kubeconfig', kubeconfig, 'get', 'nodes', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}'], { encoding: 'utf8' })
    return out.split(' ').filter((s) => s === 'True').length === nodes
  }, cluster.processes.kwok)
  await waitFor(`${cluster.name} default ServiceAccount`, async () => {
    execFileSync(bin.kubectl, ['--kubeconfig', kubeconfig, 'get', 'serviceaccount', 'default', '-n', 'default'], { stdio: 'ignore' })
    return true
  }, cluster.processes.controllerManager)
}

function kubeconfigFor(clusters: ClusterState[], { onlyAdmin = false } = {}): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': clusters[0]?.name,
    clusters: clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'certificate-authority-data': readFileSync(c.caFile).toString('base64') },
    })),
    users: clusters.flatMap((c) => [
      { name: `${c.name}-admin`, user: { token: c.adminToken } },
      ...(onlyAdmin ? [] : [{ name: `${c.name}-limited`, user: { token: c.limitedToken } }]),
    ]),
    contexts: clusters.flatMap((c) => [
      { name: c.name, context: { cluster: c.name, user: `${c.name}-admin` } },
      ...(onlyAdmin ? [] : [{ name: `${c.name}-limited`, context: { cluster: c.name, user: `${c.name}-limited`, namespace: limitedNamespace } }]),
    ]),
  }
  return YAML.stringify(config)
}

function isReady(cluster: ClusterState): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpsGet(`${cluster.server}/readyz`, { rejectUnauthorized: false, headers: { Authorization: `Bearer ${cluster.adminToken}` }, timeout: 2000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('error', () => resolve(false))
    req.on('timeout', () => req.destroy())
  })
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpGet(url, { timeout: 2000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('error', () => resolve(false))
    req.on('timeout', () => req.destroy())
  })
}
