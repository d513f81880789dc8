import { readFileSync } from 'node:fs'
import type { KubeConfig } from '@kubernetes/client-node'
import { UserError } from '../base/errors'
import type { ArgoClusterConfig } from './export-plan'

/** A kubeconfig context's server and credentials in the shape of Argo CD's cluster Secret config. */
export function argoClusterConfig(config: KubeConfig, contextName: string): { server: string; config: ArgoClusterConfig } {
  const context = config.getContextObject(contextName)
  const cluster = context && config.getCluster(context.cluster)
  if (!context || !cluster) throw new UserError('NotFound', `no context "${contextName}" with a cluster in the kubeconfig`, contextName)
  const user = config.getUser(context.user)
  const read = (data?: string, file?: string) => data ?? (file ? readFileSync(file).toString('base64') : undefined)
  const token = user?.token ?? (user && 'tokenFile' in user && typeof user.tokenFile === 'string' ? readFileSync(user.tokenFile, 'utf8').trim() : undefined)
  const tls = {
    ...(cluster.skipTLSVerify ? { insecure: true } : {}),
    ...(read(cluster.caData, cluster.caFile) ? { caData: read(cluster.caData, cluster.caFile)! } : {}),
    ...(read(user?.certData, user?.certFile) ? { certData: read(user?.certData, user?.certFile)! } : {}),
    ...(read(user?.keyData, user?.keyFile) ? { keyData: read(user?.keyData, user?.keyFile)! } : {}),
    ...(cluster.tlsServerName ? { serverName: cluster.tlsServerName } : {}),
  }
  const exec = user?.exec as { command: string; args?: string[]; env?: { name: string; value: string }[]; apiVersion: string } | undefined
  return {
    server: cluster.server,
    config: {
      ...(token ? { bearerToken: token } : {}),
      ...(user?.username ? { username: user.username } : {}),
      ...(user?.password ? { password: user.password } : {}),
      tlsClientConfig: tls,
      ...(exec ? { execProviderConfig: { command: exec.command, ...(exec.args ? { args: exec.args } : {}), ...(exec.env ? { env: Object.fromEntries(exec.env.map((e) => [e.name, e.value])) } : {}), apiVersion: exec.apiVersion } } : {}),
    },
  }
}
