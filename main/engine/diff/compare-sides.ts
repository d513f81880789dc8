import { isDeepStrictEqual } from 'node:util'
import { createTwoFilesPatch } from 'diff'
import { groupOf, resourceKey, type K8sObject } from '../base/objects'
import { instanceLabel, trackingAnnotation, type TrackingMethod } from '../base/tracking'
import type { ResourceDiff, SyncStatus } from '../../../shared/model'
import { toYaml } from './compare'
import { maskSecrets } from './mask'
import { normalizeForDiff, sortKeys } from './normalize'
import { keepOwnedFields, ownedFieldsOf } from './owned-fields'

/** One side of a comparison: its objects, what to call it, and whether they are live objects. */
export interface SideObjects {
  label: string
  objects: K8sObject[]
  live: boolean
}

export interface SidesResult {
  status: SyncStatus
  resources: ResourceDiff[]
}

/**
 * Two sets of objects compared resource by resource (two apps, two revisions, live or rendered),
 * as the whole-app diff shows them: left as the diff's left side ("live"), right as its right.
 * Objects pair by key, or by group, kind and name when that is unique on both sides (the same app
 * in another namespace). Each side is normalized as the live diff does (no status or server
 * bookkeeping), without the tracking mark (it names the app, which differs by design); two live
 * objects are cut down to the fields a manager owns on either side, so server defaults and
 * allocated values (a clusterIP) are not differences. A resource on one side only is Extra (left
 * only) or Missing (right only). Pure.
 */
export function compareSides(left: SideObjects, right: SideObjects, tracking: TrackingMethod): SidesResult {
  const pairs = pairObjects(left.objects, right.objects)
  const resources = pairs.map(([l, r]) => {
    const ownedOnly = left.live && right.live
    const owned = ownedOnly ? ownedFieldsOf([l, r]) : {}
    const prepare = (obj: K8sObject | null) => obj && withoutTracking(normalizeForDiff(ownedOnly ? keepOwnedFields(obj, owned) : obj), tracking)
    return sideDiff(l, r, prepare(l), prepare(r), left.label, right.label)
  })
  return { status: resources.every((r) => r.status === 'Synced') ? 'Synced' : 'OutOfSync', resources }
}

/** Left and right objects paired: the same key, else the same group, kind and name (unique on each side). */
export function pairObjects(left: K8sObject[], right: K8sObject[]): [K8sObject | null, K8sObject | null][] {
  const rightByKey = new Map(right.map((o) => [resourceKey(o), o]))
  const pairs: [K8sObject | null, K8sObject | null][] = []
  const unpaired: K8sObject[] = []
  for (const l of left) {
    const r = rightByKey.get(resourceKey(l))
    if (r) {
      pairs.push([l, r])
      rightByKey.delete(resourceKey(l))
    } else unpaired.push(l)
  }
  const byName = (objects: K8sObject[]) => {
    const groups = new Map<string, K8sObject[]>()
    for (const o of objects) {
      const name = `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.name ?? ''}`
      groups.set(name, [...(groups.get(name) ?? []), o])
    }
    return groups
  }
  const leftByName = byName(unpaired)
  const rightByName = byName([...rightByKey.values()])
  for (const l of unpaired) {
    const name = `${groupOf(l.apiVersion)}/${l.kind}/${l.metadata.name ?? ''}`
    const candidates = rightByName.get(name)
    if (candidates?.length === 1 && leftByName.get(name)?.length === 1) {
      pairs.push([l, candidates[0]!])
      rightByKey.delete(resourceKey(candidates[0]!))
    } else pairs.push([l, null])
  }
  for (const r of rightByKey.values()) pairs.push([null, r])
  return pairs.sort(([a1, b1], [a2, b2]) => resourceKey((a1 ?? b1)!).localeCompare(resourceKey((a2 ?? b2)!)))
}

/** An object without the tracking mark GitOps Desk and Argo CD put on it (the annotation, and the label when labels track). */
export function withoutTracking(obj: K8sObject, tracking: TrackingMethod): K8sObject {
  const metadata = { ...obj.metadata }
  if (metadata.annotations) {
    const { [trackingAnnotation]: _id, ...annotations } = metadata.annotations
    if (Object.keys(annotations).length) metadata.annotations = annotations
    else delete metadata.annotations
  }
  if (metadata.labels && tracking !== 'annotation') {
    const { [instanceLabel]: _app, ...labels } = metadata.labels
    if (Object.keys(labels).length) metadata.labels = labels
    else delete metadata.labels
  }
  return { ...obj, metadata }
}

function sideDiff(leftObj: K8sObject | null, rightObj: K8sObject | null, left: K8sObject | null, right: K8sObject | null, leftLabel: string, rightLabel: string): ResourceDiff {
  const key = resourceKey((leftObj ?? rightObj)!)
  const same = left !== null && right !== null && isDeepStrictEqual(sortKeys(left), sortKeys(right))
  const status = left === null ? 'Missing' : right === null ? 'Extra' : same ? 'Synced' : 'OutOfSync'
  const [maskedLeft, maskedRight] = maskSecrets(left, right)
  const liveYaml = toYaml(maskedLeft)
  const targetYaml = toYaml(maskedRight)
  const rightKey = rightObj && resourceKey(rightObj)
  return {
    key,
    status,
    mode: 'client-side',
    requiresPruning: false,
    liveYaml,
    targetYaml,
    unifiedDiff: same ? '' : createTwoFilesPatch(`${leftLabel}/${key}`, `${rightLabel}/${rightKey ?? key}`, liveYaml, targetYaml, undefined, undefined, { context: 3 }),
    ...(leftObj && rightKey && rightKey !== key ? { notice: `compared with ${rightKey}` } : {}),
  }
}
