import { argoCmData, describeArgoSettings, readArgoSettings, type ArgoSettings } from '../argocd/argocd-cm'
import { argoClusterConfig } from '../argocd/cluster-config'
import { inClusterServer, planExport, type ExportCluster, type ExportPlan } from '../argocd/export-plan'
import { planImport, type ImportPlan } from '../argocd/import-plan'
import YAML from 'yaml'
import type { ArgoExportPreview } from '../../../shared/argocd-model'
import { instanceId, parseInstanceId } from '../argocd/argo-app-view'
import { argoApiVersion, readInstallation } from '../argocd/installation'
import type { KubeApi } from '../kube/kube-api'
import { requireContextConsent } from '../sync/consent'
import { sourcesOf } from '../model/app-schema'
import { UserError } from '../base/errors'
import type { Engine } from '../reconcile/engine'
import type { K8sObject } from '../base/objects'
import type { GitCredentials } from '../repos/credentials'
import type { ClusterCommands } from './cluster-commands'
import type { LoopHandle } from './loop-handle'
import type { RepoCommands } from './repo-commands'
import type { SettingsCommands } from './settings-commands'
import type { StoreService } from './store-service'

export interface ArgoCDDeps {
  engine: Engine
  stored: StoreService
  loop: LoopHandle
  clusters: ClusterCommands
  repos: RepoCommands
  settings: SettingsCommands
}

/**
 * A running Argo CD as the other side: what it holds imported (apps, projects, repository and
 * cluster Secrets, argocd-cm's settings), and apps handed over to it with the credentials they
 * need. Each shows its plan first; only `apply` changes anything.
 */
export class ArgoCDCommands {
  constructor(private readonly deps: ArgoCDDeps) {}

  /**
   * What a running Argo CD holds (Applications, AppProjects, repository and cluster Secrets,
   * argocd-cm's tracking method) and what importing it adds; with `apply`, adds it all: secrets
   * into the keychain first, then apps and projects in one store write.
   */
  async import(context: string, namespace = 'argocd', apply = false): Promise<ImportPlan> {
    const { engine, stored } = this.deps
    await this.deps.clusters.requireContext(context)
    const installation = await readInstallation(engine.client(context), namespace)
    if (installation.applications.length + installation.projects.length + installation.secrets.length === 0) {
      throw new UserError('NotFound', `no Argo CD in namespace ${namespace} of ${context}: no Applications, AppProjects or credential Secrets there (--namespace?)`, `${context}/${namespace}`)
    }
    const content = planImport(installation, { apps: stored.apps().map((a) => a.metadata.name), projects: stored.listProjects().map((p) => p.name) })
    if (!apply) return content.plan
    for (const secret of content.repositorySecrets) await this.deps.repos.importSecrets(secret.text, secret.where)
    for (const secret of content.clusterSecrets) await this.deps.clusters.import({ kind: 'argo-secret', text: secret.text }, secret.where)
    if (content.plan.settings.length) await this.deps.settings.takeArgoSettings(content.argoSettings)
    stored.saveObjects(content.applications, content.projects)
    this.deps.loop.compareSoon(content.applications.map((a) => a.metadata.name))
    return content.plan
  }

  /**
   * Hands apps over to an Argo CD (context, namespace): the Applications as stored, their
   * projects, and the repository and cluster credentials they need as Argo CD Secrets (read from
   * the keychain). Without `apply`, only the plan, which names each Secret and shows no value;
   * writing to a protected context needs its name as consent, as the UI's export and every sync do.
   */
  async export(context: string, namespace = 'argocd', names: string[] = [], apply = false, consent: { context?: string } = {}): Promise<ExportPlan> {
    const { plan, objects, client } = await this.planExport(context, namespace, names)
    if (!apply) return plan
    requireContextConsent(context, this.deps.stored.settings().protectedContexts, { consent }, `the export to ${context}/${namespace}`)
    for (const obj of objects) await client.apply(obj, { force: true })
    return plan
  }

  /**
   * "Export to Argo CD" of one local app (the UI's): the export's plan for a chosen instance, with
   * the YAML of what is written and whether Argo CD has an app of that name there already. Only
   * with `apply` is anything written; a protected context then needs its name typed.
   */
  async exportToInstance(app: string, instance: string, options: { apply?: boolean; consent?: { context?: string } } = {}): Promise<ArgoExportPreview> {
    const { context, namespace } = parseInstanceId(instance)
    const { plan, objects, client } = await this.planExport(context, namespace, [app])
    const replaces = !!(await client.get({ apiVersion: argoApiVersion, kind: 'Application', metadata: { name: app, namespace } }))
    const yaml = objects.filter((o) => o.kind !== 'Secret').map((o) => YAML.stringify(o)).join('---\n')
    const preview: ArgoExportPreview = { ...plan, instance: instanceId(context, namespace), replaces, yaml, applied: false }
    if (!options.apply) return preview
    requireContextConsent(context, this.deps.stored.settings().protectedContexts, options.consent ? { consent: options.consent } : {}, `the export to ${preview.instance}`)
    for (const obj of objects) await client.apply(obj, { force: true })
    return { ...preview, applied: true }
  }

  /** The objects an export writes (Applications, AppProjects, credential Secrets) and its plan; writes nothing. */
  private async planExport(context: string, namespace: string, names: string[]): Promise<{ plan: ExportPlan; objects: K8sObject[]; client: KubeApi }> {
    const { engine, stored } = this.deps
    const contexts = await this.deps.clusters.requireContext(context)
    const apps = names.length ? names.map((n) => stored.app(n)) : stored.apps()
    if (apps.length === 0) throw new UserError('NotFound', 'no apps to export', 'apps')
    const client = engine.client(context)
    const installed = await client.list('argoproj.io/v1alpha1', 'Application', namespace).then(() => true, () => false)
    if (!installed) throw new UserError('NotFound', `no Argo CD in ${context}: the Application resource is not served there`, context)
    const repositories = new Map<string, GitCredentials | null>()
    for (const app of apps) for (const source of sourcesOf(app)) repositories.set(source.repoURL, await engine.credentials.lookup(source.repoURL))
    const clusters = new Map<string, ExportCluster>()
    for (const { spec } of apps) {
      const key = spec.destination.name ?? spec.destination.server ?? ''
      let target: string
      try {
        target = contexts.resolve(spec.destination)
      } catch {
        continue // unknown here: the plan warns
      }
      if (spec.destination.name && target === context) clusters.set(key, { name: key, server: inClusterServer, inCluster: true })
      else clusters.set(key, { name: spec.destination.name ?? target, inCluster: false, ...argoClusterConfig(contexts.configFor(target), target) })
    }
    const { plan, objects } = planExport({ context, namespace, apps, projects: engine.store.read().projects, repositories, clusters, ...(contexts.active ? { activeContext: contexts.active } : {}), protectedContext: stored.settings().protectedContexts.includes(context) })
    return { plan, objects, client }
  }

  /**
   * Takes Argo CD settings from an argocd-cm's YAML: Lua health checks (merged over the ones
   * stored), the tracking method, Kustomize build options; returns what was read and skipped.
   */
  async importSettings(text: string, where: string): Promise<ArgoSettings> {
    const read = readArgoSettings(argoCmData(text, where), where)
    await this.deps.settings.takeArgoSettings(read)
    return read
  }

  /** Takes Argo CD settings from the argocd-cm of a running Argo CD (context, namespace). */
  async importSettingsFrom(context: string, namespace = 'argocd'): Promise<ArgoSettings> {
    await this.deps.clusters.requireContext(context)
    const cm = (await this.deps.engine.client(context).get({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace } })) as (K8sObject & { data?: Record<string, string> }) | null
    const where = `ConfigMap argocd-cm in ${namespace} (${context})`
    if (!cm) throw new UserError('NotFound', `no ${where}: is Argo CD installed there (--namespace?)`, `${context}/${namespace}`)
    const read = readArgoSettings(cm.data ?? {}, where)
    await this.deps.settings.takeArgoSettings(read)
    return read
  }

  /** What an import of argocd-cm settings took, one line each (the settings page and the CLI show it). */
  describeSettings(read: ArgoSettings): string[] {
    return describeArgoSettings(read)
  }
}
