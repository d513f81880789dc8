import type { KubeConfig } from '@kubernetes/client-node'

type CreateAgent = (cluster: unknown, options: Record<string, unknown>) => unknown

/** Kept-alive connections of a cluster's client for requests (not watches); its AdaptiveLimit never asks for more at once. */
export const requestSockets = 64

/**
 * client-node 1.4 makes a new HTTPS agent for every request, so each one pays a TCP and TLS
 * handshake. A config's TLS material does not change between its requests: one keep-alive agent
 * serves them all (a reloaded kubeconfig gets new configs, and so new agents). A config for
 * watches has no socket cap: each watch holds its socket for as long as it runs, and a cap made
 * the 33rd watch (a namespace's kinds watched for orphaned resources) wait forever.
 */
export function withKeepAlive(config: KubeConfig, maxSockets = requestSockets): KubeConfig {
  const target = config as unknown as { createAgent: CreateAgent }
  const original = target.createAgent.bind(config)
  let agent: unknown
  target.createAgent = (cluster, options) => (agent ??= original(cluster, { ...options, keepAlive: true, maxSockets }))
  return config
}
