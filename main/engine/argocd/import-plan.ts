import YAML from 'yaml'
import { readArgoDocuments } from '../apps/parse'
import type { Application, AppProject } from '../model/app-schema'
import type { K8sObject } from '../base/objects'
import { describeArgoSettings, readArgoSettings, type ArgoSettings } from './argocd-cm'
import type { ArgoInstallation } from './installation'
import { secretTypeLabel } from './installation'

/** The in-cluster destination of the Argo CD that runs there: the context it was read from. */
const inClusterServer = 'https://kubernetes.default.svc'

/** What importing an Argo CD installation adds (secret values never appear here). */
export interface ImportPlan {
  context: string
  namespace: string
  apps: { name: string; project: string; destination: string; replaces: boolean }[]
  projects: { name: string; replaces: boolean }[]
  repositories: { url: string; type: string; secret: string }[]
  clusters: { name: string; server: string; secret: string }[]
  /** The argocd-cm settings taken, one line each (`health check  cert-manager.io/Certificate`). */
  settings: string[]
  /** What is read but not brought over, with why. */
  skipped: { what: string; reason: string }[]
}

export interface ImportContent {
  plan: ImportPlan
  applications: Application[]
  projects: AppProject[]
  /** The credential Secrets as YAML texts, for the keychain importers. */
  repositorySecrets: { text: string; where: string }[]
  clusterSecrets: { text: string; where: string }[]
  /** What argocd-cm gave, to merge into the settings. */
  argoSettings: ArgoSettings
}


/**
 * Turns what an Argo CD holds into what GitOps Desk stores: Applications and AppProjects as
 * they are (status, operation and server metadata dropped; the in-cluster destination becomes
 * the context Argo CD runs in), credential Secrets for the keychain, the tracking method.
 * Everything is validated here, so an import is all or nothing. Pure.
 */
export function planImport(installation: ArgoInstallation, existing: { apps: string[]; projects: string[] }): ImportContent {
  const { context, namespace } = installation
  const where = (kind: string, name = '') => `${kind} ${name} in ${namespace} (${context})`
  const skipped: ImportPlan['skipped'] = []
  const applications = installation.applications.map((obj) => readArgoDocuments(JSON.stringify(asStored(obj, context)), where('Application', obj.metadata.name)).apps[0]!)
  const projects = installation.projects.map((obj) => readArgoDocuments(JSON.stringify(asStored(obj, context)), where('AppProject', obj.metadata.name)).projects[0]!)
  for (const set of installation.applicationSets) skipped.push({ what: `ApplicationSet ${set.metadata.name}`, reason: 'ApplicationSets are not read yet; the Applications it generated are imported' })
  const repositorySecrets: ImportContent['repositorySecrets'] = []
  const clusterSecrets: ImportContent['clusterSecrets'] = []
  const repositories: ImportPlan['repositories'] = []
  const clusters: ImportPlan['clusters'] = []
  for (const secret of installation.secrets) {
    const type = secret.metadata.labels?.[secretTypeLabel] ?? ''
    const field = (name: string) => secretField(secret, name)
    const text = YAML.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: secret.metadata.name, labels: secret.metadata.labels }, ...('data' in secret ? { data: secret.data } : {}), ...('stringData' in secret ? { stringData: secret.stringData } : {}) })
    if (type === 'repository' || type === 'repo-creds') {
      repositorySecrets.push({ text, where: where('Secret', secret.metadata.name) })
      repositories.push({ url: field('url') ?? '', type: field('type') ?? 'git', secret: secret.metadata.name ?? '' })
    } else if (type === 'cluster') {
      const server = field('server') ?? ''
      // The cluster Argo CD runs in is the context the import reads from.
      if (server === inClusterServer) skipped.push({ what: `cluster Secret ${secret.metadata.name}`, reason: `it names the cluster Argo CD runs in, which is ${context} here` })
      else {
        clusterSecrets.push({ text, where: where('Secret', secret.metadata.name) })
        clusters.push({ name: field('name') ?? server, server, secret: secret.metadata.name ?? '' })
      }
    } else skipped.push({ what: `Secret ${secret.metadata.name}`, reason: `secret-type ${type} is not imported` })
  }
  const read = readArgoSettings(installation.config, where('ConfigMap', 'argocd-cm'))
  const settings = describeArgoSettings(read)
  for (const s of read.skipped) skipped.push({ what: `argocd-cm ${s.key}`, reason: s.reason })
  const plan: ImportPlan = {
    context,
    namespace,
    apps: applications.map((a) => ({ name: a.metadata.name, project: a.spec.project, destination: `${a.spec.destination.name ?? a.spec.destination.server}/${a.spec.destination.namespace ?? ''}`, replaces: existing.apps.includes(a.metadata.name) })),
    projects: projects.map((p) => ({ name: p.metadata.name, replaces: existing.projects.includes(p.metadata.name) })),
    repositories,
    clusters,
    settings,
    skipped,
  }
  return { plan, applications, projects, repositorySecrets, clusterSecrets, argoSettings: read }
}

const bookkeeping = ['argocd.argoproj.io/refresh', 'argocd.argoproj.io/hydrate', 'kubectl.kubernetes.io/last-applied-configuration']

/** An Application or AppProject as a user would have written it, for this desk. */
function asStored(obj: K8sObject, context: string): K8sObject {
  const { status: _status, operation: _operation, ...rest } = obj as K8sObject & { status?: unknown; operation?: unknown }
  const annotations = Object.fromEntries(Object.entries(obj.metadata.annotations ?? {}).filter(([k]) => !bookkeeping.includes(k)))
  const finalizers = obj.metadata.finalizers as string[] | undefined
  const metadata = { name: obj.metadata.name, ...(obj.metadata.labels ? { labels: obj.metadata.labels } : {}), ...(Object.keys(annotations).length ? { annotations } : {}), ...(finalizers?.length ? { finalizers } : {}) }
  const stored = { ...rest, metadata } as K8sObject & { spec?: { destination?: { server?: string; name?: string; namespace?: string } } }
  const destination = stored.spec?.destination
  if (obj.kind === 'Application' && destination && (destination.server === inClusterServer || destination.name === 'in-cluster')) {
    stored.spec = { ...stored.spec, destination: { name: context, ...(destination.namespace ? { namespace: destination.namespace } : {}) } }
  }
  return stored
}

function secretField(secret: K8sObject, name: string): string | undefined {
  const { data, stringData } = secret as K8sObject & { data?: Record<string, string>; stringData?: Record<string, string> }
  return stringData?.[name] ?? (data?.[name] !== undefined ? Buffer.from(data[name]!, 'base64').toString('utf8') : undefined)
}
