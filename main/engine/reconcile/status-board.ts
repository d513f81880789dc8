import type { AppCondition, AppStatus } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import { sameVisibleStatus, unknownStatus, type LastKnown } from './app-status'
import type { DeskState } from './ports'
import type { TreeAnnouncer } from './status-extras'

/**
 * The statuses the controller publishes: each app's current status, its state the last time a
 * compare succeeded (shown as such while its cluster is down) and the destination it was last
 * compared on. Publishing emits what a user would see change, announces the tree and notifies.
 */
export class StatusBoard {
  private readonly statuses = new Map<string, AppStatus>()
  /** Each app's state the last time a compare succeeded. */
  private readonly lastGood = new Map<string, LastKnown>()
  /** Each app's destination (context NUL namespace) last compared: a new one drops the old tree. */
  private readonly destinations = new Map<string, string>()

  constructor(
    private readonly desk: DeskState,
    private readonly trees: TreeAnnouncer,
  ) {}

  get(name: string): AppStatus | undefined {
    return this.statuses.get(name)
  }

  has(name: string): boolean {
    return this.statuses.has(name)
  }

  all(): AppStatus[] {
    return [...this.statuses.values()]
  }

  /** An Unknown status with this condition; with `lastKnown`, the last good state goes with it. */
  unknown(app: Application, context: string, type: AppCondition['type'], message: string, lastKnown = false): AppStatus {
    const name = app.metadata.name
    return unknownStatus(app, context, { type, message }, this.statuses.get(name), this.desk.history(name).at(-1), new Date(), lastKnown ? this.lastGood.get(name) : undefined)
  }

  /** The app now deploys elsewhere: what was shown of the old destination goes at once. */
  newDestination(name: string, destination: string): void {
    const before = this.destinations.get(name)
    this.destinations.set(name, destination)
    if (before === undefined || before === destination) return
    const status = this.statuses.get(name)
    if (status) this.statuses.set(name, { ...status, resources: [] })
    this.lastGood.delete(name)
    this.trees.forget(name)
    this.desk.events.emit({ type: 'app-tree', app: name, nodes: [] })
  }

  /** Stores a status; emits it (and notifications) when something a user sees changed. */
  publish(app: Application, status: AppStatus): AppStatus {
    const name = app.metadata.name
    const previous = this.statuses.get(name)
    this.statuses.set(name, status)
    if (status.sync !== 'Unknown') this.lastGood.set(name, { at: status.reconciledAt, sync: status.sync, health: status.health })
    if (!previous || !sameVisibleStatus(previous, status)) this.desk.events.emit({ type: 'app-status', app: name, status })
    void this.trees.announce(name, status)
    if (previous && previous.health !== 'Degraded' && status.health === 'Degraded') {
      this.desk.notify({ kind: 'health-degraded', app: name, title: `${name} is Degraded`, body: status.healthMessage || 'a resource of the app is Degraded' })
    }
    if (previous?.sync === 'Synced' && status.sync === 'OutOfSync' && !status.autoSync) {
      this.desk.notify({ kind: 'out-of-sync', app: name, title: `${name} is OutOfSync`, body: `${status.resources.filter((r) => r.status !== 'Synced').length} resource(s) differ from Git at ${status.revision.slice(0, 8)}` })
    }
    return status
  }

  /** The app is gone: its status goes (said with an `app-removed` event), and what was known of it. */
  forget(name: string): void {
    this.trees.forget(name)
    this.destinations.delete(name)
    this.lastGood.delete(name)
    if (this.statuses.delete(name)) this.desk.events.emit({ type: 'app-removed', app: name })
  }
}
