// Everything that needs the Kubernetes client, loaded by the engine when it first touches a
// cluster or the kubeconfig: @kubernetes/client-node alone costs ~0.4 s and ~80 MB to load.
export { LiveCache } from './live-cache'
export { ClusterClient } from '../clusters/cluster-client'
export { checkConnection } from '../clusters/connection'
export { KubeContexts } from '../clusters/kubeconfig'
export { namespacedKinds, readCapabilities } from '../clusters/capabilities'
export { openPodLog } from '../clusters/pod-log'
export { probeVersion } from '../clusters/probe'
