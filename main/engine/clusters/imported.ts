import { readFileSync } from 'node:fs'
import type { KubeConfig } from '@kubernetes/client-node'
import { clusterSecretFields, ImportedCluster } from '../model/imported-cluster'
import { readArgoSecrets } from '../secrets/argo-secrets'
import { UserError } from '../base/errors'
import { parseUserYaml } from '../base/yaml-docs'
import type { SecretStore } from '../secrets/keychain'
import type { DeskStore } from '../store/desk-store'

export { ImportedCluster }
type SecretField = ImportedCluster['secrets'][number]
type ClusterSecrets = Partial<Record<SecretField, string>>

const account = (name: string, field: SecretField) => `cluster:${name}:${field}`

/**
 * Clusters imported from an Argo CD `cluster` Secret or from a kubeconfig file: the connection
 * in settings, the token, password and client key in the OS keychain.
 */
export class ImportedClusters {
  constructor(
    private readonly store: DeskStore,
    private readonly secrets: SecretStore,
  ) {}

  list(): ImportedCluster[] {
    return this.store.read().clusters
  }

  async save(cluster: Omit<ImportedCluster, 'secrets'>, secrets: ClusterSecrets): Promise<ImportedCluster> {
    const fields = (Object.keys(secrets) as SecretField[]).filter((f) => secrets[f] !== undefined)
    for (const field of clusterSecretFields) {
      if (secrets[field] !== undefined) await this.secrets.set(account(cluster.name, field), secrets[field]!)
      else await this.secrets.delete(account(cluster.name, field))
    }
    const entry = ImportedCluster.parse({ ...cluster, secrets: fields })
    this.store.update((data) => void (data.clusters = [...data.clusters.filter((c) => c.name !== entry.name), entry]))
    return entry
  }

  async remove(name: string): Promise<boolean> {
    const found = this.list().some((c) => c.name === name)
    for (const field of clusterSecretFields) await this.secrets.delete(account(name, field))
    this.store.update((data) => void (data.clusters = data.clusters.filter((c) => c.name !== name)))
    return found
  }

  /** Argo CD's cluster Secret: data.name, data.server, data.config (JSON), base64 or stringData. */
  async importArgoSecret(text: string, file: string): Promise<ImportedCluster[]> {
    const imported: ImportedCluster[] = []
    for (const { where, field } of readArgoSecrets(text, file, ['cluster'])) {
      const server = field('server')
      const name = field('name') ?? server
      if (!server || !name) throw new UserError('Invalid', 'the cluster Secret has no server', where)
      let config: { bearerToken?: string; username?: string; password?: string; tlsClientConfig?: { insecure?: boolean; serverName?: string; caData?: string; certData?: string; keyData?: string }; execProviderConfig?: { command: string; args?: string[]; env?: Record<string, string>; apiVersion: string } }
      try {
        config = JSON.parse(field('config') ?? '{}') as typeof config
      } catch {
        throw new UserError('Invalid', 'the cluster Secret\'s config is not JSON', `${where} config`)
      }
      const tls = config.tlsClientConfig ?? {}
      imported.push(
        await this.save(
          {
            name,
            server,
            insecure: tls.insecure ?? false,
            ...(tls.caData ? { caData: tls.caData } : {}),
            ...(tls.serverName ? { serverName: tls.serverName } : {}),
            ...(config.username ? { username: config.username } : {}),
            ...(config.execProviderConfig ? { exec: { command: config.execProviderConfig.command, args: config.execProviderConfig.args ?? [], env: Object.entries(config.execProviderConfig.env ?? {}).map(([n, value]) => ({ name: n, value })), apiVersion: config.execProviderConfig.apiVersion } } : {}),
          },
          {
            ...(config.bearerToken ? { bearerToken: config.bearerToken } : {}),
            ...(config.password ? { password: config.password } : {}),
            ...(tls.certData ? { certData: tls.certData } : {}),
            ...(tls.keyData ? { keyData: tls.keyData } : {}),
          },
        ),
      )
    }
    return imported
  }

  /** One context of a kubeconfig file, imported under a name of its own. */
  async importKubeconfig(file: string, contextName: string, name = contextName): Promise<ImportedCluster> {
    return this.importKubeconfigText(readFileSync(file, 'utf8'), file, contextName, name)
  }

  /** One context of a kubeconfig's text (`file` names where it came from, for errors). */
  async importKubeconfigText(text: string, file: string, contextName: string, name = contextName): Promise<ImportedCluster> {
    const { KubeConfig } = await import('@kubernetes/client-node')
    const config = new KubeConfig()
    parseUserYaml(text, file) // our size and alias limits first: the kubeconfig reader has none
    try {
      config.loadFromString(text)
    } catch (error) {
      throw new UserError('Invalid', `cannot read kubeconfig ${file}: ${(error as Error).message.split('\n')[0]}`, file)
    }
    const context = config.getContextObject(contextName)
    if (!context) throw new UserError('NotFound', `no context "${contextName}" in ${file}`, file)
    const cluster = config.getCluster(context.cluster)
    const user = config.getUser(context.user)
    if (!cluster) throw new UserError('Invalid', `context ${contextName} names a cluster that is not in ${file}`, file)
    const read = (data?: string, path?: string) => data ?? (path ? readFileSync(path).toString('base64') : undefined)
    return this.save(
      {
        name,
        server: cluster.server,
        insecure: cluster.skipTLSVerify ?? false,
        ...(read(cluster.caData, cluster.caFile) ? { caData: read(cluster.caData, cluster.caFile)! } : {}),
        ...(cluster.tlsServerName ? { serverName: cluster.tlsServerName } : {}),
        ...(user?.username ? { username: user.username } : {}),
        ...(user?.exec ? { exec: { command: user.exec.command, args: user.exec.args ?? [], env: user.exec.env ?? [], apiVersion: user.exec.apiVersion } } : {}),
      },
      {
        ...(user?.token ? { bearerToken: user.token } : {}),
        ...(user?.password ? { password: user.password } : {}),
        ...(read(user?.certData, user?.certFile) ? { certData: read(user?.certData, user?.certFile)! } : {}),
        ...(read(user?.keyData, user?.keyFile) ? { keyData: read(user?.keyData, user?.keyFile)! } : {}),
      },
    )
  }

  /** Adds every imported cluster, with its secrets from the keychain, as a context of `config`. */
  async addTo(config: KubeConfig): Promise<void> {
    for (const c of this.list()) {
      if (config.getContextObject(c.name)) continue
      const secret = async (field: SecretField) => (c.secrets.includes(field) ? ((await this.secrets.get(account(c.name, field))) ?? undefined) : undefined)
      const [token, password, certData, keyData] = await Promise.all([secret('bearerToken'), secret('password'), secret('certData'), secret('keyData')])
      config.addCluster({ name: c.name, server: c.server, skipTLSVerify: c.insecure, ...(c.caData ? { caData: c.caData } : {}), ...(c.serverName ? { tlsServerName: c.serverName } : {}) })
      config.addUser({
        name: `${c.name}/imported`,
        ...(token ? { token } : {}),
        ...(c.username ? { username: c.username } : {}),
        ...(password ? { password } : {}),
        ...(certData ? { certData } : {}),
        ...(keyData ? { keyData } : {}),
        ...(c.exec ? { exec: c.exec } : {}),
      })
      config.addContext({ name: c.name, cluster: c.name, user: `${c.name}/imported` })
    }
  }
}
