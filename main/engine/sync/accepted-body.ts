import { secretFields, type K8sObject } from '../base/objects'
import { acceptedKey, acceptedValue, withinSize } from '../diff/config-data-rules'

/**
 * Whether the API server takes this body of a new v1 ConfigMap or Opaque Secret as it is, by
 * its own validation (apimachinery IsDNS1123Subdomain/Label, IsQualifiedName,
 * IsValidLabelValue, ValidateAnnotations, ValidateConfigMap, ValidateSecret) and its schema
 * (unknown fields are refused: fieldValidation Strict). Stricter than the server wherever unsure
 * (a field it would default or drop, a key it would lower-case): false then means "ask the
 * server", never "refused". Pure.
 */
export function acceptedAsIs(obj: K8sObject): boolean {
  // Own keys only: a kind such as `toString` or `constructor` is not a shape.
  const shape = obj.apiVersion === 'v1' && Object.hasOwn(shapes, obj.kind) ? shapes[obj.kind] : undefined
  if (!shape || !Object.keys(obj).every((field) => shape.fields.includes(field))) return false
  if (obj.kind === 'Secret' && obj.type !== undefined && obj.type !== 'Opaque') return false
  if (obj.immutable !== undefined && typeof obj.immutable !== 'boolean') return false
  if (!acceptedMetadata(obj.metadata)) return false
  const maps = shape.maps.filter((field) => obj[field] !== undefined)
  for (const field of maps) {
    const map = obj[field]
    if (!isStringMap(map) || !Object.entries(map).every(([key, value]) => acceptedKey(key) && acceptedValue(obj.kind, field, value))) return false
  }
  // A ConfigMap key in both data and binaryData is refused (a Secret's stringData wins over its data).
  if (obj.kind === 'ConfigMap' && isStringMap(obj.data) && isStringMap(obj.binaryData) && Object.keys(obj.data).some((key) => key in (obj.binaryData as object))) return false
  return withinSize(obj, maps) && Buffer.byteLength(JSON.stringify(obj)) <= maxBodySize
}

/**
 * The API server refuses a request body over 3 MiB (413) before any validation, dry run or not;
 * the data limit does not bound it: control characters are escaped six-fold in JSON, and labels
 * have no total limit. Checked on the body's JSON with room to spare for the client's own encoding.
 */
const maxBodySize = 2 * 1024 * 1024

const shapes: Record<string, { fields: readonly string[]; maps: readonly string[] }> = {
  ConfigMap: { fields: ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'], maps: ['data', 'binaryData'] },
  Secret: { fields: secretFields, maps: ['data', 'stringData'] },
}

const metadataFields = ['name', 'namespace', 'labels', 'annotations']
/** The API server's total size limit of an object's annotations (keys and values). */
const maxAnnotationsSize = 256 * 1024

function acceptedMetadata(metadata: K8sObject['metadata']): boolean {
  if (!isRecord(metadata) || !Object.keys(metadata).every((field) => metadataFields.includes(field))) return false
  const { name, namespace, labels, annotations } = metadata
  if (typeof name !== 'string' || !isDns1123Subdomain(name) || typeof namespace !== 'string' || !isDns1123Label(namespace)) return false
  if (labels !== undefined && !(isStringMap(labels) && Object.entries(labels).every(([key, value]) => isQualifiedName(key) && isLabelValue(value)))) return false
  if (annotations === undefined) return true
  if (!isStringMap(annotations) || !Object.keys(annotations).every(isQualifiedName)) return false
  return Object.entries(annotations).reduce((size, [key, value]) => size + Buffer.byteLength(key) + Buffer.byteLength(value), 0) <= maxAnnotationsSize
}

const dns1123Label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const dns1123Subdomain = new RegExp(`^${dns1123Label}(\\.${dns1123Label})*$`)
const qualifiedNamePart = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/

export const isDns1123Label = (value: string): boolean => value.length <= 63 && new RegExp(`^${dns1123Label}$`).test(value)
export const isDns1123Subdomain = (value: string): boolean => value.length <= 253 && dns1123Subdomain.test(value)

/** A label or annotation key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters (IsQualifiedName). */
export function isQualifiedName(key: string): boolean {
  const parts = key.split('/')
  if (parts.length > 2) return false
  const name = parts.at(-1)!
  if (parts.length === 2 && !(parts[0]!.length > 0 && isDns1123Subdomain(parts[0]!))) return false
  return name.length <= 63 && qualifiedNamePart.test(name)
}

/** A label value: empty, or at most 63 characters of the qualified name's pattern (IsValidLabelValue). */
export const isLabelValue = (value: string): boolean => value === '' || (value.length <= 63 && qualifiedNamePart.test(value))

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)
const isStringMap = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((value) => typeof value === 'string')
