import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { freePort, portOpen, startProcess, stopProcess, waitFor, type ProcessRecord } from './processes'

/** The ground's Helm chart repository: where it is and how to get in. */
export interface ChartRepoState {
  url: string
  username: string
  password: string
  /** PEM of the CA that signed its certificate (trust it, or the TLS check fails). */
  caFile: string
  /** The folder served: index.yaml and the packages. */
  root: string
  process: ProcessRecord
}

export const chartsDir = resolve(import.meta.dirname, 'charts')

/** A CA and a certificate for 127.0.0.1 signed by it, as a private chart repository has. */
export function certificates(dir: string): { ca: string; cert: string; key: string } {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=gitops-desk test ground CA', '-keyout', 'ca.key', '-out', 'ca.pem')
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr')
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n')
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'san.ext', '-out', 'server.pem')
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') }
}

/** Starts the repository with the charts under test/ground/charts published (hello 1.0.0 and 1.1.0, needs-kube 0.1.0). */
export async function startChartRepo(dir: string, helm: string): Promise<ChartRepoState> {
  mkdirSync(dir, { recursive: true })
  const root = join(dir, 'root')
  mkdirSync(root, { recursive: true })
  const { ca, cert, key } = certificates(dir)
  const port = await freePort()
  const url = `https://127.0.0.1:${port}`
  const username = 'charts'
  const password = `pw-${randomBytes(12).toString('hex')}`
  const state: ChartRepoState = { url, username, password, caFile: ca, root, process: startProcess(process.execPath, [resolve(import.meta.dirname, 'chart-repo-server.mjs'), root, String(port), cert, key], join(dir, 'server.log'), { ...process.env, CHART_REPO_AUTH: `${username}:${password}` }) }
  await waitFor('chart repository', () => portOpen(port), state.process, 30_000)
  publishChart(state, helm, join(chartsDir, 'hello'), '1.0.0')
  publishChart(state, helm, join(chartsDir, 'hello'), '1.1.0')
  publishChart(state, helm, join(chartsDir, 'needs-kube'), '0.1.0')
  return state
}

/** Stops the repository's server (an outage); restartChartRepo brings it back on the same port. */
export async function stopChartRepo(state: ChartRepoState): Promise<void> {
  await stopProcess(state.process.pid)
}

export async function restartChartRepo(state: ChartRepoState, groundDir: string): Promise<void> {
  const port = Number(new URL(state.url).port)
  state.process = startProcess(state.process.command, state.process.args, state.process.log, { ...process.env, CHART_REPO_AUTH: `${state.username}:${state.password}` })
  // The ground's state names the new process, so `down` stops it.
  const stateFile = join(groundDir, 'state.json')
  writeFileSync(stateFile, JSON.stringify({ ...(JSON.parse(readFileSync(stateFile, 'utf8')) as object), chartRepo: state }, null, 2))
  await waitFor('chart repository', () => portOpen(port), state.process, 30_000)
}

/** Packages a chart folder at a version into the repository and re-indexes it (a release). */
export function publishChart(state: Pick<ChartRepoState, 'root' | 'url'>, helm: string, chartDir: string, version: string): void {
  const scratch = mkdtempSync(join(tmpdir(), 'gitops-desk-chart-'))
  try {
    const copy = join(scratch, 'chart')
    cpSync(chartDir, copy, { recursive: true })
    const chartYaml = join(copy, 'Chart.yaml')
    writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace(/^version: .*$/m, `version: ${version}`))
    execFileSync(helm, ['package', copy, '--destination', state.root], { stdio: ['ignore', 'ignore', 'pipe'] })
    execFileSync(helm, ['repo', 'index', state.root, '--url', state.url], { stdio: ['ignore', 'ignore', 'pipe'] })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
