import { createHash } from 'node:crypto'
import { sourcesOf, type Application, type AppProject } from '../model/app-schema'
import type { K8sObject } from '../base/objects'
import type { GitCredentials } from '../repos/credentials'
import { argoApiVersion, secretTypeLabel } from './installation'

/** Argo CD's name for the cluster it runs in. */
export const inClusterServer = 'https://kubernetes.default.svc'

/** Argo CD's cluster Secret config (the JSON in its `config` field). */
export interface ArgoClusterConfig {
  bearerToken?: string
  username?: string
  password?: string
  tlsClientConfig?: { insecure?: boolean; caData?: string; certData?: string; keyData?: string; serverName?: string }
  execProviderConfig?: { command: string; args?: string[]; env?: Record<string, string>; apiVersion: string }
}

/** A destination's cluster as Argo CD will need it: the one it runs in, or another with credentials. */
export type ExportCluster = { name: string; server: string; inCluster: true } | { name: string; server: string; inCluster: false; config: ArgoClusterConfig }

import type { ExportPlan } from '../../../shared/argocd-model'
export type { ExportPlan }

export interface ExportInput {
  context: string
  namespace: string
  apps: Application[]
  /** The stored projects (the built-in default is Argo CD's own). */
  projects: AppProject[]
  /** Credentials of each repository URL the apps use (null: public). */
  repositories: Map<string, GitCredentials | null>
  /** The cluster each destination name or server means, keyed as the app writes it. */
  clusters: Map<string, ExportCluster>
  /** The context in-cluster means on this desk now. */
  activeContext?: string
  /** The context written to is protected (the plan says so before anyone is asked). */
  protectedContext?: boolean
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40)
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8)

/**
 * The objects that hand apps over to an Argo CD: each Application as stored (same spec, in Argo
 * CD's namespace), the AppProjects they use, a repository Secret per private repository and a
 * cluster Secret per destination Argo CD would not know (a destination naming the cluster
 * Argo CD runs in gets a Secret naming its in-cluster server, so the YAML needs no rewrite). Pure.
 */
export function planExport(input: ExportInput): { plan: ExportPlan; objects: K8sObject[] } {
  const { namespace } = input
  const objects: K8sObject[] = []
  const plan: ExportPlan = { context: input.context, namespace, apps: [], projects: [], secrets: [], warnings: [], protected: input.protectedContext ?? false }
  const labels = { 'app.kubernetes.io/part-of': 'argocd' }
  const secret = (name: string, type: string, stringData: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, labels: { ...labels, [secretTypeLabel]: type } }, type: 'Opaque', stringData })

  const projectNames = new Set(input.apps.map((a) => a.spec.project))
  for (const project of input.projects.filter((p) => projectNames.has(p.metadata.name))) {
    objects.push({ ...structuredClone(project), apiVersion: argoApiVersion, kind: 'AppProject', metadata: { ...structuredClone(project.metadata), namespace } } as K8sObject)
    plan.projects.push(project.metadata.name)
  }
  for (const missing of [...projectNames].filter((p) => p !== 'default' && !input.projects.some((x) => x.metadata.name === p))) plan.warnings.push(`project ${missing} is not stored here; Argo CD must already have it`)

  const repoUrls = [...new Set(input.apps.flatMap((a) => sourcesOf(a).map((s) => s.repoURL)))]
  for (const url of repoUrls) {
    const creds = input.repositories.get(url)
    if (!creds || (!creds.password && !creds.sshPrivateKey && !creds.username)) continue
    const name = `repo-${slug(url.replace(/^\w+:\/\//, ''))}-${hash(url)}`
    objects.push(secret(name, 'repository', { type: 'git', url, ...(creds.username ? { username: creds.username } : {}), ...(creds.password ? { password: creds.password } : {}), ...(creds.sshPrivateKey ? { sshPrivateKey: creds.sshPrivateKey } : {}), ...(creds.insecure ? { insecure: 'true' } : {}) }))
    plan.secrets.push({ name, type: 'repository', for: url })
    if (creds.caData) plan.warnings.push(`${url} trusts a private CA here; Argo CD reads CAs from argocd-tls-certs-cm, which the export does not change`)
  }

  const clusterNames = new Set<string>()
  for (const app of input.apps) {
    const destination = app.spec.destination
    const key = destination.name ?? destination.server ?? ''
    if (destination.server === inClusterServer || destination.name === 'in-cluster') {
      if (input.activeContext && input.activeContext !== input.context) plan.warnings.push(`${app.metadata.name} goes to in-cluster: ${input.activeContext} here, the cluster Argo CD runs in (${input.context}) there`)
    } else {
      const cluster = input.clusters.get(key)
      if (!cluster) plan.warnings.push(`${app.metadata.name}'s destination ${key} is not a cluster known here; Argo CD must already know it`)
      else if (!clusterNames.has(cluster.name)) {
        clusterNames.add(cluster.name)
        const name = `cluster-${slug(cluster.name)}-${hash(cluster.server)}`
        const config: ArgoClusterConfig = cluster.inCluster ? { tlsClientConfig: { insecure: false } } : cluster.config
        objects.push(secret(name, 'cluster', { name: cluster.name, server: cluster.inCluster ? inClusterServer : cluster.server, config: JSON.stringify(config) }))
        plan.secrets.push({ name, type: 'cluster', for: cluster.inCluster ? `${cluster.name} (the cluster Argo CD runs in)` : `${cluster.name} ${cluster.server}` })
      }
    }
    objects.push({ ...structuredClone(app), metadata: { ...structuredClone(app.metadata), namespace } } as K8sObject)
    plan.apps.push({ name: app.metadata.name, project: app.spec.project, destination: `${key}/${destination.namespace ?? ''}` })
  }
  return { plan, objects }
}
