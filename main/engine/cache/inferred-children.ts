import { groupOf, type K8sObject } from '../base/objects'

/** What the cache offers for finding the children no owner reference names. */
export interface ChildLookup {
  get(key: string): K8sObject | undefined
  inNamespace(namespace: string, kind?: { apiVersion: string; kind: string }): K8sObject[]
}

const pvcKind = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' }

/**
 * The children gitops-engine infers for a resource although they name no owner
 * (resolveResourceReferences in its cluster cache): the Endpoints of a Service's name that have
 * no owner reference, and the PersistentVolumeClaims a StatefulSet's volumeClaimTemplates made
 * (named `<template>-<statefulset>-<ordinal>`; the claims outlive their pods and carry no owner
 * unless a retention policy deletes them). Children named by owner references come from the
 * cache's owner index instead.
 */
export function inferredChildren(cache: ChildLookup, obj: K8sObject): K8sObject[] {
  const group = groupOf(obj.apiVersion)
  const namespace = obj.metadata.namespace ?? ''
  const name = obj.metadata.name ?? ''
  if (group === '' && obj.kind === 'Service') {
    const endpoints = cache.get(`/Endpoints/${namespace}/${name}`)
    return endpoints && !(endpoints.metadata.ownerReferences as unknown[] | undefined)?.length ? [endpoints] : []
  }
  if ((group === 'apps' || group === 'extensions') && obj.kind === 'StatefulSet') {
    const templates = ((obj.spec as { volumeClaimTemplates?: { metadata?: { name?: string } }[] } | undefined)?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? '')
    if (templates.length === 0) return []
    const prefixes = templates.map((template) => `${template}-${name}-`)
    return cache
      .inNamespace(namespace, pvcKind)
      .filter((claim) => prefixes.some((prefix) => (claim.metadata.name ?? '').startsWith(prefix)))
      .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '', undefined, { numeric: true }))
  }
  return []
}
