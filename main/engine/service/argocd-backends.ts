import type { ArgoApp, ArgoInstance, AppSummary, DeleteIntent, SyncConsent, SyncIntent } from '../../../shared/model'
import type { Cascade } from '../../../shared/statuses'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { argoAppId, argoAppOf, argoSummaryOf, instanceId, parseArgoAppId } from '../argocd/argo-app-view'
import { ambiguousRevisions, deletionFinalizers, refreshPatch, rollbackPatch, syncPatch, terminatePatch } from '../argocd/argo-operations'
import { argoApiVersion } from '../argocd/installation'
import { findInstances, forbiddenText } from '../argocd/instances'
import type { Engine } from '../reconcile/engine'
import { requireContextConsent } from '../sync/consent'

const applicationKind = { apiVersion: argoApiVersion, kind: 'Application' }
/** How long one context may take to answer discovery (an unreachable cluster is left out, with why). */
const discoveryTimeoutMs = 8000

export interface ArgoBackendsDeps {
  engine: Engine
}

const withTimeout = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new UserError('Unavailable', `${what} did not answer in ${ms / 1000} s`, what)), ms).unref())])

/**
 * Every Argo CD the kubeconfig reaches, as backends (`argocd --core`: the Kubernetes API only).
 * Their Applications are read from the engine's watch cache of each context (kept live by its
 * watch, announced as `argocd-app` events); nothing about them is stored. Commands write on the
 * Application what Argo CD's API server writes (argocd/argo-operations.ts), as the kubeconfig's
 * user, with the consents local apps ask for.
 */
export class ArgoBackends {
  private found: Promise<ArgoInstance[]> | null = null
  private configured = ''
  private readonly following = new Map<string, () => void>()

  constructor(private readonly deps: ArgoBackendsDeps) {}

  /** The instances of every context (discovered once; `again` looks again, after a Settings change). */
  async instances(again = false): Promise<ArgoInstance[]> {
    // Namespaces named in Settings changed since the last look: look again.
    const configured = JSON.stringify(this.deps.engine.store.read().settings.argocdNamespaces)
    if (again || !this.found || configured !== this.configured) {
      this.configured = configured
      this.found = this.discover()
    }
    const found = await this.found
    return found.map((i) => ({ ...i, apps: i.problem ? 0 : this.objectsOf(i).length }))
  }

  private async discover(): Promise<ArgoInstance[]> {
    const { engine } = this.deps
    const contexts = await engine.loadContexts()
    const configured = engine.store.read().settings.argocdNamespaces
    const perContext = await Promise.all(
      contexts.contexts().map(async ({ name: context }) => {
        try {
          const found = await withTimeout(findInstances(engine.client(context), configured[context] ?? []), discoveryTimeoutMs, context)
          return found.map((f): ArgoInstance => ({ id: instanceId(context, f.namespace), context, namespace: f.namespace, from: f.from, problem: f.problem, apps: 0 }))
        } catch (error) {
          // An unreachable context holds no instance we can show, unless Settings names one there.
          const message = error instanceof Error ? error.message : String(error)
          return (configured[context] ?? []).map((namespace): ArgoInstance => ({ id: instanceId(context, namespace), context, namespace, from: 'settings', problem: message, apps: 0 }))
        }
      }),
    )
    const instances = perContext.flat()
    await Promise.all(instances.filter((i) => !i.problem).map((i) => this.watch(i).catch((error: unknown) => (i.problem = error instanceof Error ? error.message : String(error)))))
    return instances
  }

  /** Watches an instance's Applications in its context's cache; changes are published as argocd-app events. */
  private async watch(instance: ArgoInstance): Promise<void> {
    const { engine } = this.deps
    const cache = engine.liveCache(instance.context)
    if (!this.following.has(instance.context)) {
      this.following.set(
        instance.context,
        cache.onChange((obj, event) => {
          if (obj.kind !== 'Application' || obj.apiVersion !== argoApiVersion) return
          const namespace = obj.metadata.namespace ?? ''
          if (!this.watchedNamespaces(instance.context).has(namespace)) return
          const id = argoAppId(instance.context, namespace, obj.metadata.name ?? '')
          const app = event === 'delete' ? null : argoAppOf(obj, instance.context)
          engine.emit({ type: 'argocd-app', id, app, summary: app && argoSummaryOf(app) })
        }),
      )
    }
    this.namespaces.set(instance.context, new Set([...this.watchedNamespaces(instance.context), instance.namespace]))
    await withTimeout(cache.ensureWatching([applicationKind], instance.namespace), discoveryTimeoutMs, `${instance.id}'s Applications`)
  }

  private readonly namespaces = new Map<string, Set<string>>()
  private watchedNamespaces(context: string): Set<string> {
    return this.namespaces.get(context) ?? new Set()
  }

  private objectsOf(instance: { context: string; namespace: string }): K8sObject[] {
    return this.deps.engine.liveCache(instance.context).inNamespace(instance.namespace, applicationKind)
  }

  /** Every readable instance's apps, Argo CD's status as it wrote it. */
  async apps(instance?: string): Promise<ArgoApp[]> {
    const instances = (await this.instances()).filter((i) => !i.problem && (!instance || i.id === instance))
    if (instance && instances.length === 0) await this.requireInstance(instance)
    return instances.flatMap((i) => this.objectsOf(i).map((obj) => argoAppOf(obj, i.context))).sort((a, b) => a.id.localeCompare(b.id))
  }

  /** The list's rows for every Argo CD app (beside the local apps). */
  async summaries(): Promise<AppSummary[]> {
    return (await this.apps()).map(argoSummaryOf)
  }

  private async requireInstance(id: string): Promise<ArgoInstance> {
    const all = await this.instances()
    const found = all.find((i) => i.id === id)
    if (!found) throw new UserError('NotFound', `no Argo CD instance ${id} (${all.map((i) => i.id).join(', ') || 'none found'})`, id)
    if (found.problem) throw new UserError(found.problem.startsWith('forbidden') ? 'Forbidden' : 'Unavailable', `${id}: ${found.problem}`, id)
    return found
  }

  /** One app, read from the cluster now (a command acts on what is there, not on the cache). */
  private async read(id: string): Promise<{ obj: K8sObject; context: string; namespace: string; name: string }> {
    const { context, namespace, name } = parseArgoAppId(id)
    await this.requireKnownContext(context)
    const obj = await this.guarded(context, namespace, 'get', () => this.deps.engine.client(context).get({ ...applicationKind, metadata: { name, namespace } }))
    if (!obj) throw new UserError('NotFound', `no Application ${name} in ${namespace} (${context})`, id)
    return { obj, context, namespace, name }
  }

  private async requireKnownContext(context: string): Promise<void> {
    const contexts = await this.deps.engine.loadContexts()
    if (!contexts.contexts().some((c) => c.name === context)) throw new UserError('NotFound', `no context "${context}" in the kubeconfig or among imported clusters`, context)
  }

  async app(id: string): Promise<ArgoApp> {
    const { obj, context } = await this.read(id)
    return argoAppOf(obj, context)
  }

  /** The kubeconfig user of a context: who Argo CD records as having started an operation. */
  private username(context: string): string {
    return this.deps.engine.contexts.contexts().find((c) => c.name === context)?.user ?? context
  }

  /** A refusal by the cluster's RBAC, said as "forbidden: USER cannot VERB applications in NS". */
  private async guarded<T>(context: string, namespace: string, verb: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      if (error instanceof UserError && error.code === 'Forbidden') throw new UserError('Forbidden', forbiddenText(error.message, verb, namespace, this.username(context)), `${context}/${namespace}`)
      throw error
    }
  }

  /**
   * Writes a merge patch made from the app as read now; a conflict (someone wrote in between)
   * reads it again and retries, as argo.SetAppOperation does.
   */
  private async patch(id: string, make: (obj: K8sObject) => Record<string, unknown> | Promise<Record<string, unknown>>, consent?: { what: string; intent: SyncIntent }): Promise<ArgoApp> {
    for (let attempt = 0; ; attempt++) {
      const { obj, context, namespace } = await this.read(id)
      if (consent) requireContextConsent(context, this.deps.engine.store.read().settings.protectedContexts, consent.intent, consent.what)
      const change = await make(obj)
      try {
        const written = await this.guarded(context, namespace, 'patch', () => this.deps.engine.client(context).mergePatch(obj, change))
        return argoAppOf(written, context)
      } catch (error) {
        if (!(error instanceof UserError && error.code === 'Conflict') || attempt >= 4) throw error
      }
    }
  }

  /** `argocd app sync`: writes the operation Argo CD's controller then runs (progress in status.operationState). */
  sync(id: string, intent: SyncIntent = {}): Promise<ArgoApp> {
    return this.patch(id, async (obj) => syncPatch(obj, intent, this.username(parseArgoAppId(id).context), await this.resolveRevisions(obj, intent)), { what: 'the sync', intent })
  }

  /**
   * Each source's revision resolved to a commit, as Argo CD's API server resolves it (through its
   * repo server) before it writes the operation. A chart version, or a repository this desk
   * cannot fetch (its credentials are in Argo CD only), is written as asked: Argo CD's
   * controller resolves it when it runs the sync.
   */
  private async resolveRevisions(obj: K8sObject, intent: SyncIntent): Promise<string[]> {
    return Promise.all(
      ambiguousRevisions(obj, intent).map(async ({ repoURL, revision, chart }) => {
        if (chart || !repoURL) return revision
        return (await this.deps.engine.repos.resolve(repoURL, revision).catch(() => null))?.commit ?? revision
      }),
    )
  }

  /** `argocd app get --refresh` / `--hard-refresh`: the refresh annotation; Argo CD compares again and removes it. */
  refresh(id: string, hard = false): Promise<ArgoApp> {
    return this.patch(id, () => refreshPatch(hard))
  }

  /** `argocd app terminate-op`: the running operation's phase becomes Terminating. */
  terminate(id: string): Promise<ArgoApp> {
    return this.patch(id, terminatePatch)
  }

  /** `argocd app rollback APP ID`: a sync of that history entry, without hooks. */
  rollback(id: string, historyId: number, options: { prune?: boolean; dryRun?: boolean; consent?: SyncConsent } = {}): Promise<ArgoApp> {
    const intent: SyncIntent = { ...(options.dryRun ? { dryRun: true } : {}), ...(options.consent ? { consent: options.consent } : {}) }
    return this.patch(id, (obj) => rollbackPatch(obj, historyId, options, this.username(parseArgoAppId(id).context)), { what: 'the rollback', intent })
  }

  /**
   * `argocd app delete`: the cascade's finalizer set (or every propagation finalizer taken off for
   * none), then the Application deleted; Argo CD's controller deletes the resources. A cascade
   * needs the resources consent; a protected context its typed name.
   */
  async delete(id: string, intent: DeleteIntent = {}): Promise<{ cascade: Cascade }> {
    const { obj, context, namespace, name } = await this.read(id)
    const cascade = intent.cascade ?? 'foreground'
    requireContextConsent(context, this.deps.engine.store.read().settings.protectedContexts, { consent: { ...(intent.consent?.context !== undefined ? { context: intent.consent.context } : {}) } }, `deleting ${name}`)
    if (cascade !== 'none' && !intent.consent?.resources) throw new UserError('Forbidden', `deleting ${name} with a cascade deletes its resources too: confirm that (--yes on the command line), or delete it without a cascade`, id)
    const client = this.deps.engine.client(context)
    const finalizers = deletionFinalizers(obj, cascade)
    if (finalizers) await this.guarded(context, namespace, 'patch', () => client.mergePatch(obj, { metadata: { finalizers } }))
    await this.guarded(context, namespace, 'delete', () => client.delete(obj, 'Background'))
    return { cascade }
  }

  /** The Application as Argo CD holds it (for Manage locally and the diff). */
  async object(id: string): Promise<{ obj: K8sObject; context: string; namespace: string }> {
    const { obj, context, namespace } = await this.read(id)
    return { obj, context, namespace }
  }

  /**
   * Waits, on the watch, until the app's operation has ended (nothing written is pending and its
   * operationState is no longer Running or Terminating); each change is passed to onChange.
   */
  async waitForOperation(id: string, onChange: (app: ArgoApp) => void = () => undefined): Promise<ArgoApp> {
    await this.instances()
    const ended = (app: ArgoApp) => !app.operationRequested && !!app.operationState && app.operationState.phase !== 'Running' && app.operationState.phase !== 'Terminating'
    return new Promise<ArgoApp>((resolve, reject) => {
      const finish = (app: ArgoApp | null) => {
        unsubscribe()
        if (app) resolve(app)
        else reject(new UserError('NotFound', `${id} was deleted`, id))
      }
      const unsubscribe = this.deps.engine.events.subscribe((events) => {
        for (const event of events) {
          if (event.type !== 'argocd-app' || event.id !== id) continue
          if (event.app) onChange(event.app)
          if (!event.app || ended(event.app)) return finish(event.app)
        }
      })
      this.app(id).then((app) => ended(app) && finish(app), (error: unknown) => (unsubscribe(), reject(error)))
    })
  }

  /** Stops publishing changes (the caches themselves close with the engine). */
  close(): void {
    for (const stop of this.following.values()) stop()
    this.following.clear()
  }
}
