import type { K8sObject } from '../base/objects'

/** The field manager of every write GitOps Desk makes. */
export const fieldManager = 'gitops-desk'

export interface ApplyOptions {
  dryRun?: boolean
  /** Take fields owned by another manager (server-side apply conflicts). */
  force?: boolean
  /** Validate=false: unknown fields are dropped instead of refused (fieldValidation Ignore). */
  validate?: boolean
  /** Another field manager than gitops-desk (an edit of a live object has its own). */
  fieldManager?: string
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan'

/**
 * What compare and sync need from a cluster. The ground's ClusterClient implements it against a
 * real API server; unit tests of the sync rules use the in-memory MemoryKube. Failures are
 * UserErrors (code, message naming the resource), as ClusterClient maps them.
 */
export interface KubeApi {
  readonly context: string
  /** The live object, or null when it does not exist. */
  get(obj: K8sObject): Promise<K8sObject | null>
  /** Server-side apply with our field manager; with dryRun, the object the server would store. */
  apply(obj: K8sObject, options?: ApplyOptions): Promise<K8sObject>
  /** Replace=true: a full update, or a create. */
  replace(obj: K8sObject, options?: ApplyOptions): Promise<K8sObject>
  /** ServerSideApply=false: kubectl's client-side apply. */
  clientSideApply(obj: K8sObject, options?: ApplyOptions): Promise<K8sObject>
  /** A JSON merge patch of a live object (a resource action, as kubectl patch --type merge). */
  mergePatch(obj: K8sObject, patch: Record<string, unknown>, options?: { dryRun?: boolean; subresource?: 'status' }): Promise<K8sObject>
  /** Creates an object (a resource action's create); one that exists is a Conflict. */
  create(obj: K8sObject, options?: { dryRun?: boolean }): Promise<K8sObject>
  delete(obj: K8sObject, propagationPolicy?: PropagationPolicy, dryRun?: boolean): Promise<void>
  list(apiVersion: string, kind: string, namespace?: string): Promise<{ items: K8sObject[] }>
  /** How the cluster serves a kind (discovery), or null when it does not (a CRD not installed, or removed). */
  resourceInfo(apiVersion: string, kind: string): Promise<{ plural: string; namespaced: boolean } | null>
}
