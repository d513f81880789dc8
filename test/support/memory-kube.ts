import { applyMergePatch } from '../../main/engine/base/merge-patch'
import { UserError } from '../../main/engine/base/errors'
import type { ApplyOptions, KubeApi, PropagationPolicy } from '../../main/engine/kube/kube-api'
import { groupOf, resourceKey, type K8sObject } from '../../main/engine/base/objects'

/**
 * An in-memory KubeApi for unit tests of the sync rules (plan, operation, consents): objects in
 * a map, every write in `writes`, and the failures a test asks for. Not a cluster: no defaults,
 * no controllers; `settle` plays the controller for an object (a Job completes, say).
 */
export class MemoryKube implements KubeApi {
  readonly objects = new Map<string, K8sObject>()
  /** Every change in order: `apply KEY`, `delete KEY`; dry runs are not changes. */
  readonly writes: string[] = []
  private readonly refusals = new Map<string, string>()
  /** Kinds (apiVersion/kind) this "cluster" does not serve: a CRD removed. */
  readonly unserved = new Set<string>()
  private uid = 0

  constructor(
    readonly context = 'memory',
    private readonly settle: (obj: K8sObject) => K8sObject = (obj) => obj,
  ) {}

  /** Objects already in the "cluster". */
  seed(...objects: K8sObject[]): this {
    for (const obj of objects) this.objects.set(resourceKey(obj), this.stamp(structuredClone(obj)))
    return this
  }

  /** Writes of this object (dry runs included) fail with this message, as an API server's refusal. */
  refuse(key: string, message: string): this {
    this.refusals.set(key, message)
    return this
  }

  async get(obj: K8sObject): Promise<K8sObject | null> {
    const found = this.objects.get(resourceKey(obj))
    return found ? structuredClone(found) : null
  }

  async apply(obj: K8sObject, options: ApplyOptions = {}): Promise<K8sObject> {
    const key = resourceKey(obj)
    const refusal = this.refusals.get(key)
    if (refusal) throw new UserError('Invalid', `${obj.kind} ${obj.metadata.name}: ${refusal}`, key)
    const live = this.objects.get(key)
    const next = this.settle(this.stamp({ ...(live ?? {}), ...structuredClone(obj), metadata: { ...(live?.metadata ?? {}), ...structuredClone(obj.metadata) } }))
    if (options.dryRun) return next
    this.objects.set(key, next)
    this.writes.push(`apply ${key}`)
    return structuredClone(next)
  }

  async create(obj: K8sObject, options: { dryRun?: boolean } = {}): Promise<K8sObject> {
    const key = resourceKey(obj)
    if (this.objects.has(key)) throw new UserError('Conflict', `${obj.kind} ${obj.metadata.name} already exists`, key)
    const next = this.stamp(structuredClone(obj))
    if (options.dryRun) return next
    this.objects.set(key, next)
    this.writes.push(`create ${key}`)
    return structuredClone(next)
  }

  async mergePatch(obj: K8sObject, patch: Record<string, unknown>, options: { dryRun?: boolean; subresource?: 'status' } = {}): Promise<K8sObject> {
    const key = resourceKey(obj)
    const live = this.objects.get(key)
    if (!live) throw new UserError('NotFound', `${obj.kind} ${obj.metadata.name} not found`, key)
    const next = this.stamp(applyMergePatch(live, patch) as K8sObject)
    if (options.dryRun) return next
    this.objects.set(key, next)
    this.writes.push(`patch ${key}`)
    return structuredClone(next)
  }

  replace(obj: K8sObject, options?: ApplyOptions): Promise<K8sObject> {
    return this.apply(obj, options)
  }

  clientSideApply(obj: K8sObject, options?: ApplyOptions): Promise<K8sObject> {
    return this.apply(obj, options)
  }

  async delete(obj: K8sObject, _propagation: PropagationPolicy = 'Foreground', dryRun = false): Promise<void> {
    const key = resourceKey(obj)
    if (dryRun || !this.objects.has(key)) return
    this.objects.delete(key)
    this.writes.push(`delete ${key}`)
  }

  async resourceInfo(apiVersion: string, kind: string): Promise<{ plural: string; namespaced: boolean } | null> {
    return this.unserved.has(`${apiVersion}/${kind}`) ? null : { plural: `${kind.toLowerCase()}s`, namespaced: true }
  }

  async list(apiVersion: string, kind: string, namespace?: string): Promise<{ items: K8sObject[] }> {
    if (this.unserved.has(`${apiVersion}/${kind}`)) throw new UserError('NotFound', `the server could not find the requested resource (${apiVersion} ${kind})`, this.context)
    const items = [...this.objects.values()].filter((o) => groupOf(o.apiVersion) === groupOf(apiVersion) && o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace))
    return { items: structuredClone(items) }
  }

  private stamp(obj: K8sObject): K8sObject {
    obj.metadata.uid ??= `uid-${++this.uid}`
    return obj
  }
}
