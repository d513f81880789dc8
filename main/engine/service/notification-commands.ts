import type { NotificationsView } from '../../../shared/model'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { secretReferences } from '../notifications/config'
import { desktopDefaultTriggers } from '../notifications/center'
import { configMapDataOf, notificationsConfigMapName, notificationsSecretName, secretValuesOf } from '../notifications/manifests'
import { desktopService } from '../notifications/subscriptions'
import type { Engine } from '../reconcile/engine'

/**
 * Argo CD's notifications: import argocd-notifications-cm (and its Secret, into the keychain)
 * from YAML or from a running Argo CD, what is in force, and the deliveries that failed.
 */
export class NotificationCommands {
  constructor(private readonly deps: { engine: Engine; requireContext: (context: string) => Promise<void> }) {}

  private get notifications() {
    return this.deps.engine.notifications.notifications
  }

  /** What is in force: the config's services, triggers and default triggers, the secret's keys (never values), failed deliveries. */
  view(): NotificationsView {
    const config = this.notifications.config()
    const stored = this.deps.engine.store.read().notifications
    const center = this.notifications.center
    const desktop = [...center.destinations({ metadata: { name: '' } }, config)].filter(([, d]) => d.some((x) => x.service === desktopService)).map(([t]) => t)
    return {
      source: stored.source ?? "Argo CD's catalog",
      custom: Object.keys(stored.configMap).length > 0,
      services: Object.values(config.services).map((s) => ({ name: s.name, type: s.type, secrets: secretReferences(s.options).sort() })).sort((a, b) => a.name.localeCompare(b.name)),
      triggers: Object.entries(config.triggers).map(([name, conditions]) => ({ name, description: conditions.map((c) => c.description ?? '').filter(Boolean).join(' '), templates: [...new Set(conditions.flatMap((c) => c.send))], desktop: desktop.includes(name) })).sort((a, b) => a.name.localeCompare(b.name)),
      defaultTriggers: config.defaultTriggers.length ? config.defaultTriggers : desktopDefaultTriggers,
      secretKeys: stored.secretKeys,
      failures: this.notifications.failures(),
    }
  }

  /** Takes argocd-notifications-cm (and argocd-notifications-secret, if given) from YAML. */
  async importYaml(configMap: string, secret: string | undefined, where = 'argocd-notifications-cm'): Promise<NotificationsView> {
    const data = configMapDataOf(configMap, where)
    const values = secret === undefined ? null : secretValuesOf(secret, 'argocd-notifications-secret')
    if (secret !== undefined && !values) throw new UserError('Invalid', `no Secret named ${notificationsSecretName} in it`, 'argocd-notifications-secret')
    await this.notifications.import(data, values, where)
    return this.view()
  }

  /** Takes both from a running Argo CD (read as `kubectl get` would, with the context's credentials). */
  async importFrom(context: string, namespace = 'argocd'): Promise<NotificationsView> {
    await this.deps.requireContext(context)
    const client = this.deps.engine.client(context)
    const where = `ConfigMap ${notificationsConfigMapName} in ${namespace} (${context})`
    const cm = (await client.get({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: notificationsConfigMapName, namespace } })) as (K8sObject & { data?: Record<string, string> }) | null
    if (!cm) throw new UserError('NotFound', `no ${where}: are Argo CD's notifications installed there?`, `${context}/${namespace}`)
    const secret = (await client.get({ apiVersion: 'v1', kind: 'Secret', metadata: { name: notificationsSecretName, namespace } })) as (K8sObject & { data?: Record<string, string> }) | null
    const values = secret ? Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])) : null
    await this.notifications.import(cm.data ?? {}, values, where)
    return this.view()
  }

  /** Back to Argo CD's catalog (the imported config and its secrets go). */
  async reset(): Promise<NotificationsView> {
    await this.notifications.reset()
    return this.view()
  }

  /** Tries a failed delivery again now. */
  async retry(id: string): Promise<NotificationsView> {
    await this.notifications.deliveries.retryNow(id)
    return this.view()
  }

  /** Forgets a failed delivery. */
  dismiss(id: string): NotificationsView {
    this.notifications.deliveries.dismiss(id)
    return this.view()
  }
}
