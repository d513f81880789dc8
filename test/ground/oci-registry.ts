import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { certificates, chartsDir } from './chart-repo'
import { freePort, portOpen, startProcess, waitFor, type ProcessRecord } from './processes'

/** The ground's OCI registry (CNCF distribution): charts pushed under `charts/`. */
export interface OciRegistryState {
  /** host:port/charts, as an Application's repoURL with enableOCI (prefix oci:// for helm). */
  url: string
  host: string
  username: string
  password: string
  caFile: string
  process: ProcessRecord
}

/** Starts distribution's registry with TLS (its own CA) and htpasswd auth, and pushes the test charts. */
export async function startOciRegistry(dir: string, registry: string, helm: string): Promise<OciRegistryState> {
  mkdirSync(join(dir, 'data'), { recursive: true })
  const { ca, cert, key } = certificates(dir)
  const port = await freePort()
  const host = `127.0.0.1:${port}`
  const username = 'charts'
  const password = `pw-${randomBytes(12).toString('hex')}`
  // bcrypt, the only scheme distribution's htpasswd accepts.
  writeFileSync(join(dir, 'htpasswd'), execFileSync('htpasswd', ['-Bbn', username, password], { encoding: 'utf8' }))
  const config = { version: 0.1, log: { level: 'warn' }, storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } }, http: { addr: host, tls: { certificate: cert, key } }, auth: { htpasswd: { realm: 'gitops-desk ground', path: join(dir, 'htpasswd') } } }
  writeFileSync(join(dir, 'config.yml'), YAML.stringify(config))
  const state: OciRegistryState = { url: `${host}/charts`, host, username, password, caFile: ca, process: startProcess(registry, ['serve', join(dir, 'config.yml')], join(dir, 'registry.log')) }
  await waitFor('OCI registry', () => portOpen(port), state.process, 30_000)
  for (const [chart, version] of [['hello', '1.0.0'], ['hello', '1.1.0'], ['needs-kube', '0.1.0']] as const) pushChart(state, helm, join(chartsDir, chart), version)
  return state
}

/** Packages a chart at a version and pushes it to the registry (helm registry login, helm push). */
export function pushChart(state: OciRegistryState, helm: string, chartDir: string, version: string): void {
  const scratch = mkdtempSync(join(tmpdir(), 'gitops-desk-oci-'))
  try {
    const env = { ...process.env, HELM_REGISTRY_CONFIG: join(scratch, 'registry.json'), HELM_CACHE_HOME: join(scratch, 'cache'), HELM_CONFIG_HOME: join(scratch, 'config'), HELM_DATA_HOME: join(scratch, 'data') }
    const copy = join(scratch, 'chart')
    cpSync(chartDir, copy, { recursive: true })
    const chartYaml = join(copy, 'Chart.yaml')
    writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace(/^version: .*$/m, `version: ${version}`))
    execFileSync(helm, ['package', copy, '--destination', join(scratch, 'out')], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    execFileSync(helm, ['registry', 'login', state.host, '--username', state.username, '--password-stdin', '--ca-file', state.caFile], { env, input: state.password, stdio: ['pipe', 'ignore', 'pipe'] })
    const [pkg] = readdirSync(join(scratch, 'out'))
    execFileSync(helm, ['push', join(scratch, 'out', pkg!), `oci://${state.url}`, '--ca-file', state.caFile], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
