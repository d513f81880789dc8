import { existsSync, watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import { UserError } from '../base/errors'
import { kubeconfigFiles } from './context-names'
import { requestSockets, withKeepAlive } from './keep-alive'

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
export { kubeconfigFiles }

export class KubeContexts {
  private config: KubeConfig
  private activeContext: string

  constructor(config?: KubeConfig) {
    this.config = config ?? KubeContexts.loadDefault()
    this.activeContext = this.config.getCurrentContext()
  }

  /**
   * Loads KUBECONFIG's files merged as kubectl merges them: the first file to name a cluster,
   * user or context wins (client-node's own merge refuses duplicates), and the first
   * current-context set wins. Without KUBECONFIG, ~/.kube/config.
   */
  static loadDefault(): KubeConfig {
    // As kubectl: files that do not exist are skipped; with none, there are simply no contexts
    // (client-node would invent a localhost cluster instead).
    const files = KubeContexts.files().filter((f) => existsSync(f))
    if (files.length === 0) return new KubeConfig()
    const merged = KubeContexts.loadFile(files[0]!)
    for (const file of files.slice(1)) {
      const next = KubeContexts.loadFile(file)
      for (const cluster of next.clusters) if (!merged.getCluster(cluster.name)) merged.addCluster(cluster)
      for (const user of next.users) if (!merged.getUser(user.name)) merged.addUser(user)
      for (const context of next.contexts) if (!merged.getContextObject(context.name)) merged.addContext(context)
      if (!merged.getCurrentContext() && next.getCurrentContext()) merged.setCurrentContext(next.getCurrentContext())
    }
    return merged
  }

  private static loadFile(file: string): KubeConfig {
    const config = new KubeConfig()
    try {
      config.loadFromFile(file)
    } catch (error) {
      throw new UserError('Invalid', `cannot read the kubeconfig ${file}: ${(error as Error).message.split('\n')[0]}`, file)
    }
    return config
  }

  /** The files the kubeconfig is read from: KUBECONFIG's list, or ~/.kube/config. */
  static files(env: NodeJS.ProcessEnv = process.env): string[] {
    return kubeconfigFiles(env)
  }

  /** Reads the kubeconfig again; the active context stays when it still exists. */
  reload(): void {
    const config = KubeContexts.loadDefault()
    this.config = config
    if (!config.getContextObject(this.activeContext)) this.activeContext = config.getCurrentContext()
  }

  /**
   * Re-reads the kubeconfig when one of its files changes (editors and `kubectl config` replace
   * files, so the folders are watched). Returns a function that stops watching.
   */
  watchFiles(onChange: () => void, debounceMs = 200): () => void {
    const files = KubeContexts.files()
    const watchers: FSWatcher[] = []
    let timer: NodeJS.Timeout | undefined
    for (const dir of new Set(files.map((f) => dirname(f)))) {
      const names = new Set(files.filter((f) => dirname(f) === dir).map((f) => basename(f)))
      try {
        watchers.push(
          watch(dir, (_event, name) => {
            if (name && !names.has(name.toString())) return
            clearTimeout(timer)
            timer = setTimeout(() => {
              try {
                this.reload()
                onChange()
              } catch {
                /* a half-written file: the next change event reloads it */
              }
            }, debounceMs)
          }),
        )
      } catch {
        /* the folder does not exist yet: nothing to watch */
      }
    }
    return () => {
      clearTimeout(timer)
      for (const w of watchers) w.close()
    }
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

  /** The merged config itself, for adding contexts that do not come from the kubeconfig files. */
  get kubeConfig(): KubeConfig {
    return this.config
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
  configFor(context: string, { forWatches = false } = {}): KubeConfig {
    const copy = new KubeConfig()
    copy.loadFromString(this.config.exportConfig())
    copy.setCurrentContext(context)
    return withKeepAlive(copy, forWatches ? Infinity : requestSockets)
  }

  private requireActive(): string {
    if (!this.activeContext) throw new UserError('NotFound', 'no active context: choose one in the cluster switcher or with `gitops-desk cluster use`', 'kubeconfig')
    return this.activeContext
  }
}
