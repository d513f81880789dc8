import type { AppStatus, LiveEditResult, PropagationPolicy, ResourceAction, Settings } from '../../../shared/model'
import { isArgoAppId } from '../../../shared/argocd-model'
import { availableActions } from '../actions/available'
import type { Action } from '../actions/types'
import type { BundledScripts } from '../customizations/bundled-scripts'
import { runOperations } from '../actions/run-action'
import { UserError } from '../base/errors'
import type { KubeApi } from '../kube/kube-api'
import type { K8sObject } from '../base/objects'
import type { LuaScripts } from '../lua/lua-scripts'
import type { DeskStore } from '../store/desk-store'
import { requireContextConsent } from '../sync/consent'
import { refuseIfDeleting } from '../sync/deletions'
import { recordEvent } from '../sync/history'
import { diffObjects } from '../diff/compare'
import { editApplyConfig, editFieldManager, editableYaml } from '../resources/live-edit'

export interface LiveResourceDeps {
  /** Where deletions under way and app events are kept. */
  store: DeskStore
  settings(): Settings
  /** Compares the app now (so its resources are watched): its resources and context. */
  refresh(name: string): Promise<AppStatus | null>
  /** A live object from the context's watch cache. */
  live(context: string, key: string): K8sObject | undefined
  client(context: string): KubeApi
  luaScripts(): Promise<LuaScripts>
  /** Argo CD's own actions, bundled. */
  bundled: BundledScripts
  compareSoon(names: string[]): void
  /** One resource of an Argo CD app's tree (argocd@…), where it lives and whether the app manages it. */
  argoResource(id: string, key: string): Promise<{ context: string; live: K8sObject | null; managed: boolean }>
}

/** Argo CD's apps get its resource actions here; its other changes are made in Argo CD (or after Manage locally). */
function refuseArgoApp(name: string, what: string): void {
  if (isArgoAppId(name)) throw new UserError('Invalid', `${name} is an Argo CD app: ${what} is not offered here (Argo CD's resource actions are)`, name)
}

/**
 * The commands that change one live resource of an app: Argo CD's built-in actions and Lua
 * actions from an imported argocd-cm, and the resource menu's delete. Each is checked by the
 * API server first (a dry run), a protected context needs its name typed, nothing runs while
 * the app is being deleted, and each change is an app event.
 */
export class LiveResourceCommands {
  constructor(private readonly deps: LiveResourceDeps) {}

  /** The actions one of the app's live resources offers now. */
  async actions(name: string, key: string): Promise<ResourceAction[]> {
    const { live } = await this.liveResource(name, key)
    return (await this.actionsOf(live)).map(({ run: _run, ...action }) => action)
  }

  /**
   * Runs an action on one of the app's live resources: the server checks every change first (a
   * dry run), a protected context needs its name typed, then the changes are made, recorded in
   * the app's events, and the app is compared again.
   */
  async runAction(name: string, key: string, action: string, options: { dryRun?: boolean; consent?: { context?: string }; params?: Record<string, string> } = {}): Promise<{ message: string }> {
    const { store } = this.deps
    refuseIfDeleting(store, name, 'resource action')
    const { live, context } = await this.liveResource(name, key)
    const actions = await this.actionsOf(live)
    const found = actions.find((a) => a.name === action)
    if (!found) throw new UserError('NotFound', `${key} has no action "${action}"${actions.length ? ` (it has: ${actions.map((a) => a.name).join(', ')})` : ''}`, key)
    if (found.disabled) throw new UserError('Conflict', `"${action}" does not apply to ${key} as it is now`, key)
    requireContextConsent(context, this.deps.settings().protectedContexts, { ...(options.dryRun ? { dryRun: true } : {}), ...(options.consent ? { consent: options.consent } : {}) })
    const missing = (found.params ?? []).filter((p) => options.params?.[p.name] === undefined && p.default === undefined).map((p) => p.name)
    if (missing.length) throw new UserError('Invalid', `"${action}" needs ${missing.join(', ')} (--param ${missing[0]}=VALUE)`, key)
    const params = { ...Object.fromEntries((found.params ?? []).filter((p) => p.default !== undefined).map((p) => [p.name, p.default!])), ...options.params }
    const operations = found.run(live, params)
    const client = this.deps.client(context)
    const checked = await runOperations(client, live, operations, true)
    if (options.dryRun) return { message: `dry run: ${action} on ${key} would be accepted by ${context} (${checked.join('; ')})` }
    refuseIfDeleting(store, name, 'resource action') // it may have begun while the dry run ran
    const done = await runOperations(client, live, operations, false)
    // Nothing about an Argo CD app is kept here; its controller sees the change by its own watch.
    if (!isArgoAppId(name)) {
      recordEvent(store, { app: name, context, resource: key, action, message: done.join('; ') })
      this.deps.compareSoon([name])
    }
    return { message: `${action}: ${done.join('; ')} in ${context}` }
  }

  /**
   * Deletes one of the app's live resources (Argo CD's delete in the resource menu): foreground,
   * background or orphan (its dependents stay); a protected context needs its name typed. The
   * deletion is an app event; the app is compared again (the resource shows Missing).
   */
  async delete(name: string, key: string, options: { propagation?: PropagationPolicy; consent?: { context?: string } } = {}): Promise<{ message: string }> {
    refuseArgoApp(name, 'deleting one of its resources')
    const { live, context } = await this.liveResource(name, key)
    requireContextConsent(context, this.deps.settings().protectedContexts, options.consent ? { consent: options.consent } : {})
    const propagation = options.propagation ?? 'foreground'
    await this.deps.client(context).delete(live, propagation === 'orphan' ? 'Orphan' : propagation === 'background' ? 'Background' : 'Foreground')
    const message = `deleted ${key} from ${context} (${propagation})`
    recordEvent(this.deps.store, { app: name, context, resource: key, action: 'delete', message })
    this.deps.compareSoon([name])
    return { message }
  }

  /** The live object as the live editor opens it (no managedFields, no status). */
  async editable(name: string, key: string): Promise<{ yaml: string; context: string }> {
    const { live, context } = await this.liveResource(name, key)
    return { yaml: editableYaml(live), context }
  }

  /**
   * An edit of one of the app's live objects: a server-side apply of the changed fields with its
   * own field manager (gitops-desk-edit), forced (the user means these values). A dry run first
   * says what the server would store; the change itself needs the typed name on a protected
   * context. It is an app event, and the app is compared again: it shows the drift it made.
   */
  async edit(name: string, key: string, yaml: string, options: { dryRun?: boolean; consent?: { context?: string } } = {}): Promise<LiveEditResult> {
    const { store } = this.deps
    refuseIfDeleting(store, name, 'edit')
    refuseArgoApp(name, 'editing its live resources')
    const { live, context } = await this.liveResource(name, key)
    const config = editApplyConfig(live, yaml, key)
    if (!config) throw new UserError('Invalid', `the edit of ${key} changes nothing`, key)
    const client = this.deps.client(context)
    const apply = (dryRun: boolean) => client.apply(config, { dryRun, force: true, fieldManager: editFieldManager })
    const diff = diffObjects(key, live, await apply(true))
    if (options.dryRun) return { dryRun: true, context, diff, message: diff.status === 'Synced' ? `${context} would store ${key} unchanged` : `dry run: ${context} accepts the edit of ${key}` }
    requireContextConsent(context, this.deps.settings().protectedContexts, options.consent ? { consent: options.consent } : {})
    refuseIfDeleting(store, name, 'edit') // it may have begun while the dry run ran
    const stored = await apply(false)
    const message = `edited ${key} in ${context} (field manager ${editFieldManager})`
    recordEvent(store, { app: name, context, resource: key, action: 'edit', message })
    this.deps.compareSoon([name])
    return { dryRun: false, context, diff: diffObjects(key, live, stored), message }
  }

  private async actionsOf(live: K8sObject): Promise<Action[]> {
    const { customizations } = this.deps.settings()
    return availableActions(live, customizations, await this.deps.luaScripts(), this.deps.bundled)
  }

  /** A live resource of the app (compared now, so it is watched), and its context. */
  private async liveResource(name: string, key: string): Promise<{ live: K8sObject; context: string }> {
    if (isArgoAppId(name)) return this.argoLiveResource(name, key)
    const status = await this.deps.refresh(name)
    if (!status?.resources.some((r) => r.key === key)) throw new UserError('NotFound', `${name} has no resource ${key}`, key)
    const live = this.deps.live(status.context, key)
    if (!live) throw new UserError('NotFound', `${key} is not in ${status.context} (Missing): sync it first`, key)
    return { live, context: status.context }
  }

  /**
   * A live resource of an Argo CD app that the app itself manages (status.resources), as Argo CD's
   * API server takes it for an action: what the resources own is not the app's to change.
   */
  private async argoLiveResource(id: string, key: string): Promise<{ live: K8sObject; context: string }> {
    const { context, live, managed } = await this.deps.argoResource(id, key)
    if (!managed) throw new UserError('NotFound', `${id} has no resource ${key} (Argo CD lists it as owned by another)`, key)
    if (!live) throw new UserError('NotFound', `${key} is not in ${context} (Missing)`, key)
    return { live, context }
  }
}
