import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node'
import { UserError } from '../errors'
import type { K8sObject } from '../render/objects'

export const fieldManager = 'gitops-desk'

export interface ApplyOptions {
  dryRun?: boolean
  /** Take fields owned by another manager (server-side apply conflicts). */
  force?: boolean
}

/**
 * The one adapter over the Kubernetes object API: server-side apply with our field manager,
 * reads that answer null for a missing object, and API errors mapped to our error data.
 */
export class ClusterClient {
  private readonly api: KubernetesObjectApi

  constructor(
    readonly context: string,
    config: KubeConfig,
  ) {
    this.api = KubernetesObjectApi.makeApiClient(config)
  }

  async apply(obj: K8sObject, options: ApplyOptions = {}): Promise<K8sObject> {
    try {
      return (await this.api.patch(obj as KubernetesObject, undefined, options.dryRun ? 'All' : undefined, fieldManager, options.force ?? false, PatchStrategy.ServerSideApply)) as K8sObject
    } catch (error) {
      throw apiError(error, obj, this.context)
    }
  }

  /** Deletes an object (propagation Foreground by default, as Argo CD prunes); a missing one is fine. */
  async delete(obj: K8sObject, propagationPolicy: 'Foreground' | 'Background' | 'Orphan' = 'Foreground', dryRun = false): Promise<void> {
    try {
      await this.api.delete(obj as KubernetesObject, undefined, dryRun ? 'All' : undefined, undefined, undefined, propagationPolicy)
    } catch (error) {
      if ((error as { code?: number }).code === 404) return
      throw apiError(error, obj, this.context)
    }
  }

  /** Discovery for one kind (cached per group version by the client): its plural and scope. */
  async resourceInfo(apiVersion: string, kind: string): Promise<{ plural: string; namespaced: boolean } | null> {
    try {
      const discovery = this.api as unknown as { resource(apiVersion: string, kind: string): Promise<{ name: string; namespaced: boolean } | undefined> }
      // client-node caches discovery per group version and asks again when a kind is not in it,
      // so a kind whose CRD appeared later is found.
      const resource = await discovery.resource(apiVersion, kind)
      return resource ? { plural: resource.name, namespaced: resource.namespaced } : null
    } catch (error) {
      if ((error as { code?: number }).code === 404) return null // the group version is not served (yet)
      throw apiError(error, { apiVersion, kind, metadata: {} }, this.context)
    }
  }

  /** Lists a kind (cluster-wide, or in one namespace); used only when a watch starts or restarts. */
  async list(apiVersion: string, kind: string, namespace?: string): Promise<{ items: K8sObject[]; metadata?: { resourceVersion?: string } }> {
    try {
      return (await this.api.list(apiVersion, kind, namespace)) as unknown as { items: K8sObject[]; metadata?: { resourceVersion?: string } }
    } catch (error) {
      throw apiError(error, { apiVersion, kind, metadata: namespace ? { namespace } : {} }, this.context)
    }
  }

  async get(obj: K8sObject): Promise<K8sObject | null> {
    try {
      return (await this.api.read({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name!, namespace: obj.metadata.namespace! } })) as K8sObject
    } catch (error) {
      if ((error as { code?: number }).code === 404) return null
      throw apiError(error, obj, this.context)
    }
  }
}

const describe = (obj: K8sObject) => `${obj.kind}/${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name ?? ''}`

/** An API failure as a user reads it: what happened, to which resource, on which cluster. */
export function apiError(error: unknown, obj: K8sObject, context: string): UserError {
  const where = `${context}: ${describe(obj)}`
  const code = (error as { code?: number }).code
  let status: { message?: string; reason?: string } = {}
  try {
    status = JSON.parse(String((error as { body?: unknown }).body ?? '{}')) as typeof status
  } catch {
    /* not a Status body */
  }
  const message = status.message ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error))
  switch (code) {
    case 401:
      return new UserError('Forbidden', `the cluster rejected our credentials (401): ${message}`, where)
    case 403:
      return new UserError('Forbidden', message, where)
    case 404:
      return new UserError('NotFound', message, where)
    case 409:
      return new UserError('Conflict', message, where)
    case 400:
    case 422:
      return new UserError('Invalid', message, where)
    case undefined:
      return new UserError('Unavailable', `cannot reach the cluster: ${message}`, where)
    default:
      return new UserError('Unavailable', `${message} (HTTP ${code})`, where)
  }
}
