import type { AppStatus, HistoryEntry, Operation, OperationInitiator, SyncConsent, SyncIntent } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import { errorMessage } from '../base/errors'
import type { Operations } from '../sync/operations'
import type { StoreService } from './store-service'

export interface OperationDeps {
  /** Every sync and rollback runs there (the engine's Operations). */
  operations: Pick<Operations, 'start' | 'startRollback' | 'current' | 'wait' | 'terminate' | 'runningApps'>
  stored: StoreService
  /** Compares an app now. */
  refresh(name: string): Promise<AppStatus | null>
  /** How often syncUntilHealthy looks at the app again (default 1 s). */
  pollMs?: number
}

/**
 * Syncs and rollbacks as commands: started for a stored app (or an Application from a file),
 * followed, terminated, and the history they leave. The rules (consents, no rollback while
 * auto-sync is on, one operation per app) live in sync/operations.ts; this only names the app.
 */
export class OperationCommands {
  private closed = false

  constructor(private readonly deps: OperationDeps) {}

  /** Starts a sync of a stored app; returns at once with the running operation. */
  sync(name: string, intent: SyncIntent, initiator: OperationInitiator = 'user'): Promise<Operation> {
    return this.deps.operations.start(this.deps.stored.app(name), intent, { initiator })
  }

  /** Starts a sync of an Application that may not be stored (the CLI's `sync app.yaml`). */
  syncDefinition(app: Application, intent: SyncIntent, options: { context?: string } = {}): Promise<Operation> {
    return this.deps.operations.start(app, intent, { initiator: 'cli', ...options })
  }

  rollback(name: string, id: number, consent: SyncConsent, initiator: OperationInitiator = 'user'): Promise<Operation> {
    return this.deps.operations.startRollback(this.deps.stored.app(name), id, consent, { initiator })
  }

  rollbackDefinition(app: Application, id: number, consent: SyncConsent): Promise<Operation> {
    return this.deps.operations.startRollback(app, id, consent, { initiator: 'cli' })
  }

  operation(name: string): Operation | null {
    return this.deps.operations.current(name)
  }

  /** Resolves once the app's operation has ended. */
  waitForOperation(name: string): Promise<Operation | null> {
    return this.deps.operations.wait(name)
  }

  terminate(name: string): boolean {
    return this.deps.operations.terminate(name)
  }

  history(name: string): HistoryEntry[] {
    return this.deps.stored.history(name)
  }

  /**
   * One app synced unless it is Synced and Healthy already, then waited on until it is (a
   * RollingSync's unit; 10 minutes at most). A protected context is confirmed only when the
   * user confirmed protected contexts for the whole rollout.
   */
  async syncUntilHealthy(name: string, confirmProtected: boolean): Promise<{ ok: boolean; message: string }> {
    const now = await this.deps.refresh(name)
    if (now?.sync === 'Synced' && now.health === 'Healthy') return { ok: true, message: 'already Synced and Healthy' }
    try {
      await this.sync(name, confirmProtected && now?.context ? { consent: { context: now.context } } : {})
    } catch (error) {
      return { ok: false, message: errorMessage(error) }
    }
    const operation = await this.waitForOperation(name)
    if (operation?.phase !== 'Succeeded') return { ok: false, message: `sync ${operation?.phase ?? 'ended'}: ${operation?.message ?? ''}` }
    const deadline = Date.now() + 600_000
    for (;;) {
      if (this.closed) return { ok: false, message: 'GitOps Desk is closing' }
      const status = await this.deps.refresh(name)
      if (status?.sync === 'Synced' && status.health === 'Healthy') return { ok: true, message: 'Synced and Healthy' }
      if (status?.health === 'Degraded') return { ok: false, message: `Degraded: ${status.healthMessage ?? ''}` }
      if (Date.now() > deadline) return { ok: false, message: `not Synced and Healthy after 10 minutes (${status?.sync ?? '?'}, ${status?.health ?? '?'})` }
      await new Promise((r) => setTimeout(r, this.deps.pollMs ?? 1000))
    }
  }

  /** A clean shutdown: running operations are terminated, a rollout's wait ends. */
  close(): void {
    this.closed = true
    for (const app of this.deps.operations.runningApps()) this.deps.operations.terminate(app)
  }
}
