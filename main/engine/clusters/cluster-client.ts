import { PatchStrategy, type Configuration, type HttpMethod, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node'
import { masked } from '../secrets/redact'
import { UserError } from '../base/errors'
import { groupOf, type K8sObject } from '../base/objects'
import { fieldManager, type ApplyOptions, type KubeApi, type PropagationPolicy } from '../kube/kube-api'
import { mergePatch } from '../base/merge-patch'
import { ExactPathObjectApi } from './object-api'
import { retryingTooManyRequests } from './too-many-requests'
import { AdaptiveConcurrency } from './adaptive-concurrency'
import { requestSockets } from './keep-alive'

export { fieldManager }

export type { ApplyOptions } from '../kube/kube-api'

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration'

// Kinds of these groups are built in: their patches can be strategic (lists merged by key).
const builtInGroups = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'certificates.k8s.io'])

/**
 * The one adapter over the Kubernetes object API: server-side apply with our field manager,
 * reads that answer null for a missing object, and API errors mapped to our error data.
 */
export class ClusterClient implements KubeApi {
  private readonly api: ExactPathObjectApi
  /** Requests this client has sent (discovery aside): for tests and benchmarks. */
  requests = 0
  /**
   * How many of its requests the cluster gets at once, adapted to its answers (429s, latency): the
   * one limit of this cluster, shared by compares' dry runs, syncs' applies and every other request.
   */
  readonly concurrency = new AdaptiveConcurrency({ max: requestSockets })

  constructor(
    readonly context: string,
    config: KubeConfig,
  ) {
    this.api = retryingTooManyRequests(ExactPathObjectApi.forConfig(config), 8, this.concurrency)
  }

  /** Server-side apply (the default). */
  async apply(obj: K8sObject, options: ApplyOptions = {}): Promise<K8sObject> {
    this.requests++
    try {
      return (await this.api.patch(obj as KubernetesObject, undefined, dryRunOf(options), options.fieldManager ?? fieldManager, options.force ?? false, PatchStrategy.ServerSideApply, this.writeOptions(options, obj))) as K8sObject
    } catch (error) {
      throw apiError(error, obj, this.context)
    }
  }

  /** Replace=true: a full update (PUT), or a create when the object does not exist yet. */
  async replace(obj: K8sObject, options: ApplyOptions = {}): Promise<K8sObject> {
    try {
      const live = await this.get(obj)
      this.requests++
      if (!live) return (await this.api.create(obj as KubernetesObject, undefined, dryRunOf(options), fieldManager, this.writeOptions(options, obj))) as K8sObject
      // The live resourceVersion makes the update conditional: a concurrent change is a conflict.
      const update = { ...obj, metadata: { ...obj.metadata, resourceVersion: live.metadata.resourceVersion } }
      return (await this.api.replace(update as KubernetesObject, undefined, dryRunOf(options), fieldManager, this.writeOptions(options, update))) as K8sObject
    } catch (error) {
      if (error instanceof UserError) throw error
      throw apiError(error, obj, this.context)
    }
  }

  /**
   * ServerSideApply=false: kubectl's client-side apply. The object carries its own JSON in the
   * last-applied annotation; an update is a patch that sets every field of the target and removes
   * the fields the previous apply set and the target no longer has (strategic for built-in kinds,
   * so lists like containers merge by name; a JSON merge patch for custom resources).
   */
  async clientSideApply(obj: K8sObject, options: ApplyOptions = {}): Promise<K8sObject> {
    const annotated = withLastApplied(obj)
    try {
      const live = await this.get(obj)
      this.requests++
      if (!live) return (await this.api.create(annotated as KubernetesObject, undefined, dryRunOf(options), fieldManager, this.writeOptions(options, annotated))) as K8sObject
      const previous = parseLastApplied(live.metadata.annotations?.[lastAppliedAnnotation])
      const patch = mergePatch(previous, annotated as unknown as Record<string, unknown>) as KubernetesObject
      Object.assign(patch, { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { ...((patch.metadata as object) ?? {}), name: obj.metadata.name, namespace: obj.metadata.namespace } })
      const strategy = builtInGroups.has(groupOf(obj.apiVersion)) ? PatchStrategy.StrategicMergePatch : PatchStrategy.MergePatch
      return (await this.api.patch(patch, undefined, dryRunOf(options), fieldManager, undefined, strategy, this.writeOptions(options, patch))) as K8sObject
    } catch (error) {
      if (error instanceof UserError) throw error
      throw apiError(error, obj, this.context)
    }
  }

  /**
   * Request options for a write. client-node's serializer keeps only the fields its models know,
   * so a typo in a built-in kind would vanish silently; the body is sent as our JSON instead, and
   * the server judges it. It has no fieldValidation parameter either: Strict by default, as
   * kubectl and Argo CD apply; Ignore for Validate=false.
   */
  private writeOptions(options: ApplyOptions, body: unknown, subresource?: 'status'): Configuration {
    const base = (this.api as unknown as { configuration: Configuration }).configuration
    const value = options.validate === false ? 'Ignore' : 'Strict'
    const json = JSON.stringify(body)
    return {
      ...base,
      baseServer: {
        makeRequestContext: (path: string, method: HttpMethod) => {
          const context = base.baseServer.makeRequestContext(subresource ? `${path}/${subresource}` : path, method)
          context.setQueryParam('fieldValidation', value)
          context.setBody(json)
          context.setBody = () => undefined // keep our body; the serializer's is lossy
          return context
        },
      } as Configuration['baseServer'],
    }
  }


  /** A JSON merge patch (a resource action), with our field manager; of the status subresource if asked. */
  async mergePatch(obj: K8sObject, patch: Record<string, unknown>, options: { dryRun?: boolean; subresource?: 'status' } = {}): Promise<K8sObject> {
    this.requests++
    const body = { ...patch, apiVersion: obj.apiVersion, kind: obj.kind, metadata: { ...((patch.metadata as object | undefined) ?? {}), name: obj.metadata.name, namespace: obj.metadata.namespace } } as KubernetesObject
    try {
      return (await this.api.patch(body, undefined, dryRunOf(options), fieldManager, undefined, PatchStrategy.MergePatch, this.writeOptions({ validate: true }, body, options.subresource))) as K8sObject
    } catch (error) {
      throw apiError(error, obj, this.context)
    }
  }

  /** Creates an object; one that exists already is an error (409). */
  async create(obj: K8sObject, options: { dryRun?: boolean } = {}): Promise<K8sObject> {
    this.requests++
    try {
      return (await this.api.create(obj as KubernetesObject, undefined, dryRunOf(options), fieldManager, this.writeOptions({ validate: true }, obj))) as K8sObject
    } catch (error) {
      throw apiError(error, obj, this.context)
    }
  }

  /** Deletes an object (propagation Foreground by default, as Argo CD prunes); a missing one is fine. */
  async delete(obj: K8sObject, propagationPolicy: PropagationPolicy = 'Foreground', dryRun = false): Promise<void> {
    this.requests++
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

  /** Lists a kind (cluster-wide, or in one namespace; optionally by field or label selector). */
  async list(apiVersion: string, kind: string, namespace?: string, selectors: { fieldSelector?: string; labelSelector?: string } = {}): Promise<{ items: K8sObject[]; metadata?: { resourceVersion?: string } }> {
    this.requests++
    try {
      return (await this.api.list(apiVersion, kind, namespace, undefined, undefined, undefined, selectors.fieldSelector, selectors.labelSelector)) as unknown as { items: K8sObject[]; metadata?: { resourceVersion?: string } }
    } catch (error) {
      throw apiError(error, { apiVersion, kind, metadata: namespace ? { namespace } : {} }, this.context)
    }
  }

  async get(obj: K8sObject): Promise<K8sObject | null> {
    this.requests++
    try {
      return (await this.api.read({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name!, namespace: obj.metadata.namespace! } })) as K8sObject
    } catch (error) {
      if ((error as { code?: number }).code === 404) return null
      throw apiError(error, obj, this.context)
    }
  }
}

const dryRunOf = (options: ApplyOptions) => (options.dryRun ? 'All' : undefined)

function withLastApplied(obj: K8sObject): K8sObject {
  const { [lastAppliedAnnotation]: _previous, ...annotations } = obj.metadata.annotations ?? {}
  const own = { ...obj, metadata: { ...obj.metadata, annotations } }
  if (Object.keys(annotations).length === 0) delete (own.metadata as { annotations?: unknown }).annotations
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...annotations, [lastAppliedAnnotation]: JSON.stringify(own) } } }
}

function parseLastApplied(text: string | undefined): Record<string, unknown> {
  try {
    const value = JSON.parse(text ?? '{}') as unknown
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    return {} // a corrupt annotation: patch as if nothing was applied before
  }
}

const describe = (obj: K8sObject) => `${obj.kind}/${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name ?? ''}`

/** An API failure as a user reads it: what happened, to which resource, on which cluster. */
/**
 * An API server that refuses a Secret often quotes what it was sent ("… is invalid: patch:
 * Invalid value: "{…data…}"): every value of the Secret, as sent (base64) and decoded, is removed.
 */
function withoutSecretValues(message: string, obj: K8sObject): string {
  if (obj.kind !== 'Secret') return message
  const { data, stringData } = obj as K8sObject & { data?: Record<string, unknown>; stringData?: Record<string, unknown> }
  const values = [...Object.values(data ?? {}).flatMap((v) => (typeof v === 'string' ? [v, Buffer.from(v, 'base64').toString('utf8')] : [])), ...Object.values(stringData ?? {}).filter((v): v is string => typeof v === 'string')]
  return masked(message, values)
}

export function apiError(error: unknown, obj: K8sObject, context: string): UserError {
  const where = `${context}: ${describe(obj)}`
  // A number is the API server's HTTP status; a string (ECONNREFUSED…) or nothing means no answer came.
  const answered = (error as { code?: unknown }).code
  const code = typeof answered === 'number' ? answered : undefined
  let status: { message?: string; reason?: string } = {}
  try {
    status = JSON.parse(String((error as { body?: unknown }).body ?? '{}')) as typeof status
  } catch {
    /* not a Status body */
  }
  const said = withoutSecretValues(status.message ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error)), obj)
  // node-fetch says "request to <url with its query> failed, reason: connect ECONNREFUSED …": the reason is the news.
  const message = code === undefined ? (/ failed, reason: (.+)$/.exec(said)?.[1] ?? said) : said
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
