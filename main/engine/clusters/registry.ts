import type { ClusterClient } from './cluster-client'
import type { ConnectionStatus } from './connection'
import type { ImportedClusters } from './imported'
import type { KubeContexts } from './kubeconfig'

type Runtime = typeof import('./runtime')

/** What the registry reads and writes of the store: the remembered active context. */
export interface ActiveContextStore {
  read(): { settings: { activeContext?: string | undefined } }
  update(change: (data: { settings: { activeContext?: string | undefined } }) => void): unknown
}

/**
 * The clusters the engine can reach: the kubeconfig's contexts plus the imported clusters (their
 * secrets from the keychain), the remembered active context, and one client per context. The
 * Kubernetes client is loaded on first use (see runtime.ts).
 */
export class ClusterRegistry {
  private kubeContexts: KubeContexts | null = null
  private kube: Runtime | null = null
  private importedLoaded = false
  /** The import of the imported clusters under way, shared by concurrent callers; its generation. */
  private importing: Promise<void> | undefined
  private contextsGeneration = 0
  private readonly clients = new Map<string, ClusterClient>()
  /**
   * Each context's config for one-shot requests outside its client (discovery, schema hashes),
   * and another for the outage probe, kept while the contexts are the same: a new one per request
   * parsed the whole kubeconfig again and opened a new TLS connection (a new secure context, a
   * handshake), every second for the probe, tens of milliseconds of the event loop under load.
   * The probe's has a connection of its own: it never waits behind other requests' sockets.
   */
  private readonly oneShotConfigs = new Map<string, ReturnType<KubeContexts['configFor']>>()
  private readonly probeConfigs = new Map<string, ReturnType<KubeContexts['configFor']>>()

  constructor(
    private readonly store: ActiveContextStore,
    private readonly importedClusters: Pick<ImportedClusters, 'addTo'>,
  ) {}

  /**
   * The kubeconfig's contexts plus the imported clusters (their secrets read from the keychain),
   * with the remembered active context.
   */
  async loadContexts(): Promise<KubeContexts> {
    this.kube ??= await import('./runtime')
    const contexts = this.contexts
    // One import at a time: two compares starting together would each add the same cluster
    // ("Duplicate cluster"); one that a reload overtook is done again.
    while (!this.importedLoaded) {
      this.importing ??= this.importClusters(contexts)
      await this.importing
    }
    return contexts
  }

  private async importClusters(contexts: KubeContexts): Promise<void> {
    const generation = this.contextsGeneration
    try {
      await this.importedClusters.addTo(contexts.kubeConfig)
      if (generation !== this.contextsGeneration) return
      this.importedLoaded = true
      const saved = this.store.read().settings.activeContext
      if (saved && contexts.active !== saved && contexts.contexts().some((c) => c.name === saved)) contexts.use(saved)
    } finally {
      if (generation === this.contextsGeneration) this.importing = undefined
    }
  }

  private contextsChanged(): void {
    this.contextsGeneration++
    this.oneShotConfigs.clear()
    this.probeConfigs.clear()
    this.importing = undefined
    this.importedLoaded = false
  }

  /** The kubeconfig's contexts, with the active one restored from settings. Loaded on first use. */
  get contexts(): KubeContexts {
    if (!this.kubeContexts) {
      // Every way to a cluster starts with loadContexts(), which loads the client first.
      this.kubeContexts = new (this.runtime().KubeContexts)()
      const saved = this.store.read().settings.activeContext
      if (saved && this.kubeContexts.contexts().some((c) => c.name === saved)) this.kubeContexts.use(saved)
    }
    return this.kubeContexts
  }

  /** Follows kubeconfig edits: contexts are re-read and clients rebuilt on their next use. */
  watchKubeconfig(onChange: () => void = () => undefined): () => void {
    return this.contexts.watchFiles(() => {
      this.clients.clear()
      this.contextsChanged()
      onChange()
    })
  }

  /** Contexts changed (a cluster imported or removed): read them again, rebuild clients on use. */
  reloadContexts(): void {
    this.kubeContexts?.reload()
    this.contextsChanged()
    this.clients.clear()
  }

  /** Switches the active context (where in-cluster destinations go) and remembers it. */
  async useContext(context: string): Promise<void> {
    const contexts = await this.loadContexts()
    contexts.use(context)
    this.store.update((data) => void (data.settings.activeContext = context))
  }

  client(context: string): ClusterClient {
    let client = this.clients.get(context)
    if (!client) {
      client = new (this.runtime().ClusterClient)(context, this.contexts.configFor(context))
      this.clients.set(context, client)
    }
    return client
  }

  async checkConnection(context: string): Promise<ConnectionStatus> {
    const contexts = await this.loadContexts()
    return this.runtime().checkConnection(contexts.configFor(context))
  }

  /** A cheap, cancellable GET /version (the outage monitor's probe). */
  async probeConnection(context: string, timeoutMs: number): Promise<ConnectionStatus> {
    const contexts = await this.loadContexts()
    return this.runtime().probeVersion(keptConfig(this.probeConfigs, context, contexts), timeoutMs)
  }

  /** The context's config for a one-shot request (see oneShotConfigs); the contexts must be loaded. */
  oneShotConfig(context: string, contexts: KubeContexts = this.contexts): ReturnType<KubeContexts['configFor']> {
    return keptConfig(this.oneShotConfigs, context, contexts)
  }

  /** A context's API server URL ('' when the kubeconfig has none). */
  async serverOf(context: string): Promise<string> {
    return (await this.loadContexts()).contexts().find((c) => c.name === context)?.server ?? ''
  }

  /** The Kubernetes client's part of the engine; only after loadContexts(). */
  runtime(): Runtime {
    if (!this.kube) throw new Error('the engine touched a cluster before loadContexts()')
    return this.kube
  }
}

/**
 * The kept config of a context, made on first use. Not kept while the kubeconfig lacks the context
 * (an imported cluster between a reload and its import): kept, it would stand for the cluster's
 * config until the next change of contexts.
 */
function keptConfig(kept: Map<string, ReturnType<KubeContexts['configFor']>>, context: string, contexts: KubeContexts): ReturnType<KubeContexts['configFor']> {
  const config = kept.get(context)
  if (config) return config
  const made = contexts.configFor(context)
  if (contexts.kubeConfig.getContextObject(context)) kept.set(context, made)
  return made
}
