import { KubernetesObjectApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node'

/** client-node's KubernetesApiAction (not exported). */
type Action = 'create' | 'delete' | 'patch' | 'read' | 'list' | 'replace'

/**
 * client-node's object API lowercases the whole request path, names and namespaces included: an
 * RBAC object named `MyRole` was read as `myrole` (so it looked Missing), and an invalid name
 * failed with "does not match the name on the URL" instead of the API server's own reason.
 * This one keeps names and namespaces as written.
 */
export class ExactPathObjectApi extends KubernetesObjectApi {
  static forConfig(config: KubeConfig): ExactPathObjectApi {
    const api = config.makeApiClient(ExactPathObjectApi)
    api.setDefaultNamespace(config)
    return api
  }

  protected override async specUriPath(spec: KubernetesObject, action: Action): Promise<string> {
    if (!spec.kind) throw new Error('Required spec property kind is not set')
    spec.apiVersion ??= 'v1'
    spec.metadata ??= {}
    const resource = await this.resource(spec.apiVersion, spec.kind)
    if (!resource) throw new Error(`Unrecognized API version and kind: ${spec.apiVersion} ${spec.kind}`)
    if (resource.namespaced && !spec.metadata.namespace && action !== 'list') spec.metadata.namespace = this.defaultNamespace
    const parts = [this.apiVersionPath(spec.apiVersion).toLowerCase()]
    if (resource.namespaced && spec.metadata.namespace) parts.push('namespaces', encodeURIComponent(String(spec.metadata.namespace)))
    parts.push(resource.name.toLowerCase())
    if (action !== 'create' && action !== 'list') {
      if (!spec.metadata.name) throw new Error('Required spec property name is not set')
      parts.push(encodeURIComponent(String(spec.metadata.name)))
    }
    return parts.join('/')
  }

  /**
   * The API server's JSON as it sent it, as Argo CD reads objects (unstructured). client-node
   * would turn it into its typed models: timestamps become Date objects (a Lua script then saw
   * `{}` for managedFields' time and a patch built from it was refused), and fields its models
   * do not know are dropped.
   */
  protected override async processResponse<T extends KubernetesObject>(response: Parameters<KubernetesObjectApi['processResponse']>[0], type?: string): Promise<T> {
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) return super.processResponse<T>(response, type)
    return JSON.parse(await response.body.text()) as T
  }
}
