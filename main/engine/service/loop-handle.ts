import type { AppStatus } from '../../../shared/model'
import type { Engine } from '../reconcile/engine'
import { ReconcileController, type ControllerOptions } from '../reconcile/controller'

/** Work whose result nobody waits for (a compare after an edit); its failure shows in the app's status. */
export function later(work: Promise<unknown> | undefined): void {
  void work?.catch(() => undefined)
}

/**
 * The reconcile loop as the commands see it: a running loop (the app, the web harness) follows
 * every change; without one (the CLI) a compare makes the loop on first use, and "compare soon"
 * does nothing, since nobody would see the result.
 */
export class LoopHandle {
  private loop: ReconcileController | null

  constructor(private readonly engine: Engine, options: ControllerOptions | false) {
    this.loop = options === false ? null : new ReconcileController(engine, options)
  }

  /** The loop, if there is one yet. */
  get current(): ReconcileController | null {
    return this.loop
  }

  /** The loop (created on first use when the service was opened without one). */
  controller(options: ControllerOptions = {}): ReconcileController {
    this.loop ??= new ReconcileController(this.engine, options)
    return this.loop
  }

  /** The loop's last status of an app (null when there is no loop or no compare yet). */
  status(name: string): AppStatus | null {
    return this.loop?.status(name) ?? null
  }

  /** Compares an app now (hard: renders again too). */
  async refresh(name: string, hard = false): Promise<AppStatus | null> {
    return (await this.controller().refresh(name, { hard })) ?? null
  }

  /** A view shows the app's resource tree: the loop announces its changes from now on (a CLI without a loop has no views to tell). */
  followTree(name: string): void {
    this.loop?.followTree(name)
  }

  /** The loop's last status, or a compare now when there is none. */
  async statusOrCompare(name: string): Promise<AppStatus | null> {
    return this.loop?.status(name) ?? (await this.controller().refresh(name)) ?? null
  }

  /** Compares changed apps soon (a removed one: forgets its status). */
  compareSoon(names: string[]): void {
    for (const name of names) later(this.loop?.refresh(name))
  }

  /** What the loop's outage monitor knows of a context (undefined: not monitored). */
  clusterState(context: string): ReturnType<ReconcileController['clusterState']> {
    return this.loop?.clusterState(context)
  }

  /** Every stored app's last status (those compared so far). */
  statuses(): AppStatus[] {
    return this.loop?.list() ?? []
  }

  async stop(): Promise<void> {
    await this.loop?.stop()
  }
}
