import type { z } from 'zod'
import type { ClusterImport } from '../../../shared/api'
import type { ClusterInfo } from '../../../shared/model'
import { readArgoSecrets } from '../secrets/argo-secrets'
import { UserError } from '../base/errors'
import type { KubeContexts } from '../clusters/kubeconfig'
import type { Engine } from '../reconcile/engine'
import type { AppSetCommands } from './appset-commands'
import type { LoopHandle } from './loop-handle'
import type { StoreService } from './store-service'
import { clusterInfo } from './summaries'

export interface ClusterDeps {
  engine: Engine
  stored: StoreService
  loop: LoopHandle
  /** Generates every ApplicationSet again (a cluster's labels are what the clusters generator selects by). */
  applyAppSets(): ReturnType<AppSetCommands['applyAll']>
}

/** A cluster import: kubeconfig text, a kubeconfig file (the CLI), or Argo CD cluster Secrets. */
export type ClusterImportRequest = z.output<typeof ClusterImport> | { kind: 'kubeconfig-file'; file: string; context: string; name?: string | undefined }

/**
 * Clusters as commands: the kubeconfig's contexts and the imported clusters, with their state;
 * which one is active, which are protected (their syncs need the name typed, see
 * sync/consent.ts), their labels; imported and removed. Every change is announced.
 */
export class ClusterCommands {
  constructor(private readonly deps: ClusterDeps) {}

  async list(): Promise<ClusterInfo[]> {
    const { engine, loop } = this.deps
    const contexts = await engine.loadContexts()
    const imported = new Set(engine.importedClusters.list().map((c) => c.name))
    const { protectedContexts, clusterLabels } = this.deps.stored.settings()
    // A context the loop monitors is shown as the apps show it (the same state, the same moment).
    const connection = async (name: string) => loop.clusterState(name) ?? (await engine.checkConnection(name))
    return Promise.all(contexts.contexts().map(async (c) => clusterInfo(c, { active: c.name === contexts.active, protected: protectedContexts.includes(c.name), imported: imported.has(c.name), labels: clusterLabels[c.name] ?? {} }, await connection(c.name))))
  }

  /** The contexts, once `name` is known to be one of them (a clear error otherwise). */
  async requireContext(name: string): Promise<KubeContexts> {
    const contexts = await this.deps.engine.loadContexts()
    const names = contexts.contexts().map((c) => c.name)
    if (!names.includes(name)) throw new UserError('NotFound', `no context "${name}" in the kubeconfig or among imported clusters (${names.join(', ') || 'none'})`, name)
    return contexts
  }

  /** Switches the active context (where in-cluster destinations go); every app is compared again. */
  async use(name: string): Promise<void> {
    await this.deps.engine.useContext(name)
    this.deps.engine.emit({ type: 'clusters-changed' })
    this.compareAll()
  }

  /** A protected context's syncs need its name typed (the rule is in sync/consent.ts). */
  async protect(name: string, on: boolean): Promise<string[]> {
    await this.requireContext(name)
    this.deps.engine.store.update((data) => {
      const others = data.settings.protectedContexts.filter((c) => c !== name)
      data.settings.protectedContexts = on ? [...others, name] : others
    })
    this.deps.engine.emit({ type: 'clusters-changed' })
    // Its apps are compared again: the status says at once what auto-sync does there now (an
    // auto-sync refused while it was protected goes ahead).
    this.compareAll()
    return this.deps.stored.settings().protectedContexts
  }

  async import(request: ClusterImportRequest, where = 'the Secret'): Promise<{ name: string; server: string }[]> {
    const { engine } = this.deps
    const clusters = engine.importedClusters
    const imported =
      request.kind === 'kubeconfig' ? [await clusters.importKubeconfigText(request.text, 'the kubeconfig', request.context, request.name ?? request.context)]
      : request.kind === 'kubeconfig-file' ? [await clusters.importKubeconfig(request.file, request.context, request.name)]
      : await clusters.importArgoSecret(request.text, where)
    if (request.kind === 'argo-secret') {
      // A cluster Secret's labels are what Argo CD's clusters generator selects by: they come along.
      const labelled = readArgoSecrets(request.text, where, ['cluster']).map((s) => ({ name: s.field('name') ?? s.field('server') ?? '', labels: s.labels })).filter((s) => Object.keys(s.labels).length)
      if (labelled.length) engine.store.update((d) => void (d.settings.clusterLabels = { ...d.settings.clusterLabels, ...Object.fromEntries(labelled.map((s) => [s.name, { ...(d.settings.clusterLabels[s.name] ?? {}), ...s.labels }])) }))
    }
    engine.reloadContexts()
    engine.emit({ type: 'clusters-changed' })
    return imported.map((c) => ({ name: c.name, server: c.server }))
  }

  async remove(name: string): Promise<boolean> {
    const removed = await this.deps.engine.importedClusters.remove(name)
    this.deps.engine.reloadContexts()
    this.deps.engine.emit({ type: 'clusters-changed' })
    return removed
  }

  /**
   * Sets and removes labels of a cluster (`k=v` to set, `k-` to remove), which the clusters
   * generator selects by; every ApplicationSet is generated again at once (creates and updates; a
   * delete that would remove resources waits for `appset apply --yes`), and what each did is returned.
   */
  async label(name: string, set: Record<string, string>, remove: string[]): Promise<{ labels: Record<string, string>; appsets: Awaited<ReturnType<AppSetCommands['applyAll']>> }> {
    await this.requireContext(name)
    this.deps.engine.store.update((d) => {
      const labels = { ...(d.settings.clusterLabels[name] ?? {}), ...set }
      for (const key of remove) delete labels[key]
      d.settings.clusterLabels = { ...d.settings.clusterLabels, [name]: labels }
    })
    return { labels: this.deps.stored.settings().clusterLabels[name] ?? {}, appsets: await this.deps.applyAppSets() }
  }

  /** Follows kubeconfig edits (the desktop app); returns the stop function. */
  watchKubeconfig(): () => void {
    let stop = () => undefined as void
    let stopped = false
    void this.deps.engine.loadContexts().then(() => {
      if (!stopped) stop = this.deps.engine.watchKubeconfig()
    }, () => undefined)
    return () => {
      stopped = true
      stop()
    }
  }

  private compareAll(): void {
    this.deps.loop.compareSoon(this.deps.stored.apps().map((a) => a.metadata.name))
  }
}
