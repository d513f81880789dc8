import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../base/errors'
import { resourcesDir } from '../base/resources-dir'
import { parseYamlDocuments } from '../base/yaml-docs'
import { secretFields } from '../base/objects'
import { parseNotificationsConfig, type NotificationsConfig } from './config'

export const notificationsConfigMapName = 'argocd-notifications-cm'
export const notificationsSecretName = 'argocd-notifications-secret'

// The fields the catalog's ConfigMap and Secret may have: a Secret's.
const objectFields = secretFields

interface ObjectLike {
  kind?: unknown
  metadata?: { name?: unknown }
  data?: Record<string, unknown>
  stringData?: Record<string, unknown>
}

/** The object of this kind and name in a YAML stream (as `argocd admin notifications` finds it in a file). */
function findObject(text: string, where: string, kind: string, name: string): ObjectLike | null {
  const { docs, problems } = parseYamlDocuments(text)
  if (problems[0]) throw new UserError('Invalid', `invalid YAML: ${problems[0].message}`, `${where}:${problems[0].line}`)
  for (const doc of docs) {
    const value = doc.value as ObjectLike | null
    if (!value || typeof value !== 'object' || value.kind !== kind || value.metadata?.name !== name) continue
    const unknown = Object.keys(value).find((k) => !objectFields.includes(k))
    if (unknown) throw new UserError('Invalid', `${kind} ${name}: unknown field '${unknown}'`, `${where}:${doc.line}`)
    return value
  }
  return null
}

/** The ConfigMap argocd-notifications-cm's data in a YAML file; refused if the file has none. */
export function configMapDataOf(text: string, where: string): Record<string, string> {
  const found = findObject(text, where, 'ConfigMap', notificationsConfigMapName)
  if (!found) throw new UserError('Invalid', `no ConfigMap named ${notificationsConfigMapName} in it`, where)
  return stringRecord(found.data ?? {}, `ConfigMap ${notificationsConfigMapName}`, where)
}

/** The Secret argocd-notifications-secret's values (data decoded, stringData over it), or null when the file has none. */
export function secretValuesOf(text: string, where: string): Record<string, string> | null {
  const found = findObject(text, where, 'Secret', notificationsSecretName)
  if (!found) return null
  const data = stringRecord(found.data ?? {}, `Secret ${notificationsSecretName}`, where)
  const values = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]))
  return { ...values, ...stringRecord(found.stringData ?? {}, `Secret ${notificationsSecretName}`, where) }
}

function stringRecord(value: Record<string, unknown>, what: string, where: string): Record<string, string> {
  for (const [key, v] of Object.entries(value)) if (typeof v !== 'string') throw new UserError('Invalid', `${what}: the value of '${key}' is not text`, where)
  return value as Record<string, string>
}

let catalog: { data: Record<string, string>; config: NotificationsConfig } | undefined

/**
 * Argo CD's notifications catalog (its module's notifications_catalog/install.yaml, bundled by
 * `npm run build` and checked against the hash the build recorded): the default triggers and templates.
 */
export function notificationsCatalog(): { data: Record<string, string>; config: NotificationsConfig } {
  if (catalog) return catalog
  const dir = resourcesDir('argocd-scripts', 'index.json', "Argo CD's notifications catalog", 'GITOPS_DESK_ARGOCD_SCRIPTS_DIR')
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { notificationsCatalog?: string }
  const text = readFileSync(join(dir, 'notifications-catalog.yaml'))
  if (createHash('sha256').update(text).digest('hex') !== index.notificationsCatalog) throw new UserError('Unavailable', "Argo CD's notifications catalog is not the one the build took: run npm run build", 'notifications')
  const data = configMapDataOf(text.toString('utf8'), 'the notifications catalog')
  catalog = { data, config: parseNotificationsConfig(data, 'the notifications catalog') }
  return catalog
}
