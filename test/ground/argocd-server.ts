import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { readState, writeState } from './cluster'
import { freePort, isAlive, portOpen, startProcess, waitFor } from './processes'

/**
 * Argo CD's API server on the ground, for the tests that use the real `argocd` CLI as the oracle
 * (`argocd --core` cannot run here: it port-forwards to pods, and the ground runs Argo CD's
 * components as processes). Started on demand from the same multi-call binary as the controller,
 * against the ground's redis and repo server, insecure (plaintext) on loopback; recorded in the
 * ground's state so the ground stops it with the rest of Argo CD. Other ground tests never pay for it.
 */
export interface ArgoServer {
  /** host:port of the API server. */
  address: string
  /** Runs the real `argocd` CLI, logged in as admin (its own --config), and returns its stdout. */
  cli(args: readonly string[]): string
}

export const argoAdminPassword = 'ground-admin-pw'

const argAfter = (args: string[], flag: string): string => {
  const at = args.indexOf(flag)
  if (at < 0 || !args[at + 1]) throw new Error(`the ground's Argo CD process has no ${flag} argument`)
  return args[at + 1]!
}

export async function startArgoServer(groundDir: string): Promise<ArgoServer> {
  const state = readState(groundDir)
  const argo = state.argocd
  if (!argo) throw new Error('the ground was started without Argo CD')
  const binary = argo.processes.repoServer.command.replace(/-repo-server$/, '')
  const kubectl = (args: string[]) => execFileSync(state.binaries.kubectl, ['--kubeconfig', state.kubeconfig, '--context', argo.context, '-n', argo.namespace, ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
  let server = argo.processes.server
  if (!server || !isAlive(server.pid)) {
    // The admin account's password, as `argocd account update-password` stores it (bcrypt).
    const hash = execFileSync(binary, ['account', 'bcrypt', '--password', argoAdminPassword], { encoding: 'utf8' }).trim()
    kubectl(['patch', 'secret', 'argocd-secret', '--type', 'merge', '-p', JSON.stringify({ stringData: { 'admin.password': hash, 'admin.passwordMtime': new Date().toISOString().replace(/\.\d+Z$/, 'Z') } })])
    const [port, metrics] = await Promise.all([freePort(), freePort()])
    const redis = `127.0.0.1:${argAfter(argo.processes.redis.args, '--port')}`
    const repoServer = `127.0.0.1:${argAfter(argo.processes.repoServer.args, '--port')}`
    const env = {
      ...process.env,
      PATH: `${state.binaries.binDir}:${process.env.PATH}`,
      ARGOCD_BINARY_NAME: 'argocd-server',
      ARGOCD_FAKE_IN_CLUSTER: 'true',
      ARGOCD_GPG_ENABLED: 'false',
      ARGOCD_GNUPGHOME: join(argo.dir, 'gnupg'),
      ARGOCD_TLS_DATA_PATH: join(argo.dir, 'tls'),
      ARGOCD_SSH_DATA_PATH: join(argo.dir, 'ssh'),
      TMPDIR: join(argo.dir, 'tmp'),
      KUBECONFIG: state.kubeconfig,
    }
    const args = ['--insecure', '--address', '127.0.0.1', '--port', String(port), '--metrics-port', String(metrics), '--kubeconfig', state.kubeconfig, '--context', argo.context, '--namespace', argo.namespace, '--redis', redis, '--repo-server', repoServer, '--repo-server-plaintext', '--dex-server', '127.0.0.1:1', '--dex-server-plaintext', '--staticassets', join(argo.dir, 'tmp'), '--loglevel', 'warn']
    server = startProcess(binary, args, join(argo.dir, 'server.log'), env)
    argo.processes.server = server
    writeState(state)
    await waitFor('argocd server', () => portOpen(port), server, 120_000)
  }
  const address = `127.0.0.1:${argAfter(server.args, '--port')}`
  const config = join(mkdtempSync(join(argo.dir, 'cli-')), 'config')
  const cli = (args: readonly string[]) => execFileSync(binary, [...args, '--config', config], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ARGOCD_BINARY_NAME: 'argocd' }, timeout: 300_000 })
  // The server answers its port before it serves sessions: log in until it does.
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      cli(['login', address, '--plaintext', '--username', 'admin', '--password', argoAdminPassword])
      break
    } catch (error) {
      if (Date.now() > deadline || !isAlive(server.pid)) throw error
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  return { address, cli }
}
