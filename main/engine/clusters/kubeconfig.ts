import { KubeConfig } from '@kubernetes/client-node'
import { UserError } from '../errors'

/** The in-cluster address Argo CD Applications use for "the cluster Argo CD runs in". */
export const inClusterServer = 'https://kubernetes.default.svc'

export interface ContextInfo {
  name: string
  cluster: string
  server: string
  user: string
  namespace?: string
}

export interface Destination {
  server?: string
  name?: string
  namespace?: string
}

const sameServer = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase()

/**
 * The user's kubeconfig (KUBECONFIG, several files merged, or ~/.kube/config) and the active
 * context that `https://kubernetes.default.svc` destinations go to.
 */
export class KubeContexts {
  private config: KubeConfig
  private activeContext: string

  constructor(config?: KubeConfig) {
    this.config = config ?? KubeContexts.loadDefault()
    this.activeContext = this.config.getCurrentContext()
  }

  static loadDefault(): KubeConfig {
    const config = new KubeConfig()
    config.loadFromDefault()
    return config
  }

  contexts(): ContextInfo[] {
    return this.config.getContexts().map((c) => ({
      name: c.name,
      cluster: c.cluster,
      server: this.config.getCluster(c.cluster)?.server ?? '',
      user: c.user,
      ...(c.namespace ? { namespace: c.namespace } : {}),
    }))
  }

  get active(): string {
    return this.activeContext
  }

  use(context: string): void {
    if (!this.config.getContextObject(context)) throw new UserError('NotFound', `no context "${context}" in the kubeconfig (${this.contexts().map((c) => c.name).join(', ')})`, context)
    this.activeContext = context
  }

  /** Which context an Application's destination means, as Argo CD resolves it. */
  resolve(destination: Destination): string {
    if (destination.name) {
      if (destination.name === 'in-cluster') return this.requireActive()
      if (this.config.getContextObject(destination.name)) return destination.name
      throw new UserError('NotFound', `destination name "${destination.name}" matches no context in the kubeconfig`, 'spec.destination.name')
    }
    if (destination.server) {
      if (sameServer(destination.server, inClusterServer)) return this.requireActive()
      const match = this.contexts().find((c) => sameServer(c.server, destination.server!))
      if (match) return match.name
      throw new UserError('NotFound', `destination server ${destination.server} matches no cluster in the kubeconfig`, 'spec.destination.server')
    }
    throw new UserError('Invalid', 'destination needs a server or a name', 'spec.destination')
  }

  /** A KubeConfig whose current context is the given one, for a client of that cluster. */
  configFor(context: string): KubeConfig {
    const copy = new KubeConfig()
    copy.loadFromString(this.config.exportConfig())
    copy.setCurrentContext(context)
    return copy
  }

  private requireActive(): string {
    if (!this.activeContext) throw new UserError('NotFound', 'no active context: choose one in the cluster switcher or with `gitops-desk cluster use`', 'kubeconfig')
    return this.activeContext
  }
}
