// Everything that needs the Kubernetes client, loaded by the engine when it first touches a
// cluster or the kubeconfig: @kubernetes/client-node alone costs ~0.4 s and ~80 MB to load.
export { ClusterClient } from './cluster-client'
export { checkConnection } from './connection'
export { KubeContexts } from './kubeconfig'
export { namespacedKinds, readCapabilities } from './capabilities'
export { openPodLog } from './pod-log'
export { probeVersion } from './probe'
export { openPodExec } from './pod-exec'
export { forwardConnection } from './pod-port-forward'
export { readSchemaHashes } from './schema-hashes'
