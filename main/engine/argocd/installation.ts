import type { KubeApi } from '../kube/kube-api'
import type { K8sObject } from '../base/objects'

/** What a running Argo CD holds in its namespace, as read from the cluster. */
export interface ArgoInstallation {
  context: string
  namespace: string
  applications: K8sObject[]
  projects: K8sObject[]
  applicationSets: K8sObject[]
  /** Secrets labelled argocd.argoproj.io/secret-type (repository, repo-creds, cluster). */
  secrets: K8sObject[]
  /** argocd-cm's data. */
  config: Record<string, string>
}

export const argoApiVersion = 'argoproj.io/v1alpha1'
export const secretTypeLabel = 'argocd.argoproj.io/secret-type'

/** Reads an Argo CD installation; a kind its cluster does not serve (no ApplicationSet CRD) reads as none. */
export async function readInstallation(client: KubeApi, namespace: string): Promise<ArgoInstallation> {
  const list = async (apiVersion: string, kind: string) => {
    try {
      return (await client.list(apiVersion, kind, namespace)).items
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFound') return []
      throw error
    }
  }
  const [applications, projects, applicationSets, secrets, cm] = await Promise.all([
    list(argoApiVersion, 'Application'),
    list(argoApiVersion, 'AppProject'),
    list(argoApiVersion, 'ApplicationSet'),
    list('v1', 'Secret'),
    client.get({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace } }),
  ])
  return {
    context: client.context,
    namespace,
    applications,
    projects,
    applicationSets,
    secrets: secrets.filter((s) => s.metadata.labels?.[secretTypeLabel]),
    config: ((cm as { data?: Record<string, string> } | null)?.data ?? {}),
  }
}
