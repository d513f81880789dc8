import YAML from 'yaml'

/** A kubeconfig with one token user and a cluster and context per entry (the first is current). */
export const kubeconfigYaml = (contexts: { name: string; server: string }[]): string =>
  YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': contexts[0]!.name,
    clusters: contexts.map((c) => ({ name: c.name, cluster: { server: c.server } })),
    users: [{ name: 'u', user: { token: 't' } }],
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.name, user: 'u' } })),
  })
