import type { TrackingMethod } from '../../../shared/statuses'
import { groupOf, type K8sObject } from './objects'

export const trackingAnnotation = 'argocd.argoproj.io/tracking-id'
export const instanceLabel = 'app.kubernetes.io/instance'
export type { TrackingMethod }

/** Kinds that are cluster-scoped in every Kubernetes release (used until discovery says more). */
const clusterScopedKinds = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass', 'networking.k8s.io/IngressClass', 'node.k8s.io/RuntimeClass',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
])

export type IsNamespaced = (group: string, kind: string) => boolean | undefined
export const builtinIsNamespaced: IsNamespaced = (group, kind) => !clusterScopedKinds.has(`${group}/${kind}`)

/** Argo CD's tracking id: `<app>:<group>/<kind>:<namespace>/<name>`. */
export function trackingId(appName: string, obj: K8sObject): string {
  return `${appName}:${groupOf(obj.apiVersion)}/${obj.kind}:${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`
}

/**
 * What Argo CD does to rendered objects before comparing: the destination namespace on
 * namespaced objects that set none, and the app's tracking mark.
 */
export function finalizeObjects(
  objects: K8sObject[],
  opts: { appName: string; namespace?: string; tracking?: TrackingMethod; isNamespaced?: IsNamespaced },
): K8sObject[] {
  const isNamespaced = opts.isNamespaced ?? builtinIsNamespaced
  const tracking = opts.tracking ?? 'annotation'
  return objects.map((original) => {
    const obj: K8sObject = { ...original, metadata: { ...original.metadata } }
    const namespaced = isNamespaced(groupOf(obj.apiVersion), obj.kind) ?? true
    if (namespaced && !obj.metadata.namespace && opts.namespace) obj.metadata.namespace = opts.namespace
    if (!namespaced) delete obj.metadata.namespace
    if (tracking !== 'label') obj.metadata.annotations = { ...obj.metadata.annotations, [trackingAnnotation]: trackingId(opts.appName, obj) }
    if (tracking !== 'annotation') obj.metadata.labels = { ...obj.metadata.labels, [instanceLabel]: opts.appName }
    return obj
  })
}
