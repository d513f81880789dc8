import YAML from 'yaml'
import { UserError } from '../base/errors'
import { createMergePatch } from '../base/merge-patch'
import { resourceKey, type K8sObject } from '../base/objects'
import { parseUserYaml } from '../base/yaml-docs'
import { maskSecretObjects, unmaskSecretEdit } from '../diff/mask'
import { normalizeForDiff, sortKeys } from '../diff/normalize'

/** The field manager of an edit of a live object: its fields are told apart from a sync's (gitops-desk). */
export const editFieldManager = 'gitops-desk-edit'

/**
 * The text the live editor opens with: the live object without managedFields and status (the
 * server owns status); a Secret's values masked, as everywhere else (editApplyConfig restores them).
 */
export function editableYaml(live: K8sObject): string {
  const [shown] = maskSecretObjects([live])
  const { status: _status, ...rest } = shown!
  const { managedFields: _managed, ...metadata } = shown!.metadata
  return YAML.stringify(sortKeys({ ...rest, metadata }), { lineWidth: 0 })
}

/**
 * What to apply for an edit: the object's identity and only the fields the user changed (a
 * server-side apply with the edit's own field manager then owns those fields, and no others), with
 * the resourceVersion the editor started from, so an object changed since is a Conflict, not
 * overwritten. Renaming, moving or re-kinding is refused, and so is removing a field (server-side
 * apply removes only fields its manager applied before). Null: nothing was changed. Pure.
 */
export function editApplyConfig(live: K8sObject, text: string, key: string): K8sObject | null {
  const edited = parseUserYaml(text, `the edit of ${key}`)
  if (!edited || typeof edited !== 'object' || Array.isArray(edited)) throw new UserError('Invalid', `the edit of ${key} must be one object (apiVersion, kind, metadata…)`, key)
  if (typeof (edited as K8sObject).metadata !== 'object' || (edited as K8sObject).metadata === null) throw new UserError('Invalid', `the edit of ${key} has no metadata`, `${key}: metadata`)
  // A Secret's values were shown masked: the ones left as shown keep their live value (only real changes are sent).
  const object = unmaskSecretEdit(live, edited as K8sObject)
  const editedKey = resourceKey(object)
  if (object.apiVersion !== live.apiVersion || editedKey !== key) throw new UserError('Invalid', `an edit cannot change what the object is (${key} became ${editedKey}${object.apiVersion !== live.apiVersion ? `, apiVersion ${String(object.apiVersion)}` : ''}): edit its fields only`, key)
  const changes = createMergePatch(editable(live), editable(object))
  const removed = removedPaths(changes)
  if (removed.length) throw new UserError('Invalid', `removing ${removed.join(', ')} is not done by an edit of the live object (server-side apply removes only fields it applied itself): set a value instead`, `${key}: ${removed[0]}`)
  if (Object.keys(changes).length === 0) return null
  const { metadata: changedMetadata, ...rest } = changes as { metadata?: Record<string, unknown> }
  const resourceVersion = typeof object.metadata.resourceVersion === 'string' ? object.metadata.resourceVersion : undefined
  return {
    ...rest,
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: { ...changedMetadata, name: live.metadata.name, ...(live.metadata.namespace ? { namespace: live.metadata.namespace } : {}), ...(resourceVersion ? { resourceVersion } : {}) },
  }
}

/** The fields an edit compares: the object as the diff shows it (status and server bookkeeping are not edits). */
function editable(obj: K8sObject): Record<string, unknown> {
  return normalizeForDiff({ ...obj, metadata: { ...obj.metadata } }) as Record<string, unknown>
}

function removedPaths(patch: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([field, value]) => {
    const path = prefix ? `${prefix}.${field}` : field
    if (value === null) return [path]
    return value && typeof value === 'object' && !Array.isArray(value) ? removedPaths(value as Record<string, unknown>, path) : []
  })
}
