import type { ClusterClient } from '../clusters/cluster-client'
import { UserError } from '../errors'
import { healthOf } from '../health/health'
import { resourceKey, type K8sObject } from '../render/objects'
import { planSync, type PlanOptions, type SyncPhase, type SyncTask } from './plan'

export type OperationPhase = 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating' | 'Terminated'
export type ResultCode = 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped' | 'Pending'

export interface ResourceResult {
  key: string
  phase: SyncPhase
  wave: number
  action: SyncTask['action']
  code: ResultCode
  message: string
}

export interface OperationState {
  phase: OperationPhase
  message: string
  resources: ResourceResult[]
  /** The keys in the order they were applied or deleted (for users, and for tests). */
  applied: string[]
}

export interface SyncRequest {
  targets: K8sObject[]
  /** Live objects that Git no longer has (prune candidates). */
  extras: K8sObject[]
  prune: boolean
  dryRun: boolean
  force: boolean
  plan: PlanOptions
  /** CreateNamespace=true: the destination namespace, created before the dry run. */
  createNamespace?: string
  /** PrunePropagationPolicy (default foreground, as Argo CD). */
  propagation?: 'Foreground' | 'Background' | 'Orphan'
  /** A prune that would leave the app with nothing is refused unless this is set (allowEmpty). */
  allowEmpty?: boolean
  /** How long to wait for one wave (or hook) to become healthy. */
  waveTimeoutMs?: number
  pollMs?: number
}

/**
 * A sync as a step machine (gitops-engine's sync context): step() advances until something must
 * be waited for, state() is a snapshot that can be streamed, terminate() stops between steps.
 * Order and semantics follow Argo CD: dry run of everything first, then phase by phase and wave
 * by wave, waiting for each wave to be healthy, hooks run and cleaned up, SyncFail hooks on
 * failure, prune only when asked.
 */
export class SyncOperation {
  private readonly tasks: SyncTask[]
  private readonly results = new Map<string, ResourceResult>()
  private readonly applied: string[] = []
  private phase: OperationPhase = 'Running'
  private message = ''
  private terminating = false

  constructor(
    private readonly client: ClusterClient,
    private readonly request: SyncRequest,
  ) {
    this.tasks = planSync(request.targets, request.prune ? request.extras : [], request.plan)
    for (const task of this.tasks) this.results.set(this.id(task), { key: task.key, phase: task.phase, wave: task.wave, action: task.action, code: 'Pending', message: '' })
    if (!request.prune) {
      for (const extra of request.extras) {
        const key = resourceKey(extra)
        this.results.set(`prune:${key}`, { key, phase: 'Sync', wave: 0, action: 'prune', code: 'PruneSkipped', message: 'ignored (requires pruning)' })
      }
    }
  }

  state(): OperationState {
    return { phase: this.phase, message: this.message, resources: [...this.results.values()].map((r) => ({ ...r })), applied: [...this.applied] }
  }

  terminate(): void {
    this.terminating = true
    if (this.phase === 'Running') this.phase = 'Terminating'
  }

  /** Runs every step to the end; onState gets a snapshot after each one. */
  async run(onState: (state: OperationState) => void = () => undefined): Promise<OperationState> {
    try {
      if (this.request.prune && this.request.targets.length === 0 && this.request.extras.length > 0 && !this.request.allowEmpty) {
        return this.finish('Failed', `refusing to prune all ${this.request.extras.length} resources of the app: Git has none (allowEmpty is off)`, onState)
      }
      if (this.request.createNamespace && !this.request.dryRun) {
        const ns: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.request.createNamespace } }
        if (!(await this.client.get(ns))) await this.client.apply(ns)
      }
      await this.dryRunAll()
      onState(this.state())
      if (this.request.dryRun) return this.finish('Succeeded', 'dry run succeeded; nothing was changed', onState)
      const order: SyncPhase[] = ['PreSync', 'Sync', 'PostSync']
      for (const phase of order) {
        const waves = [...new Set(this.tasks.filter((t) => t.phase === phase).map((t) => t.wave))].sort((a, b) => a - b)
        for (const wave of waves) {
          if (this.terminating) return this.finish('Terminated', 'terminated by the user', onState)
          const ok = await this.runWave(this.tasks.filter((t) => t.phase === phase && t.wave === wave))
          onState(this.state())
          if (!ok) {
            await this.runSyncFailHooks()
            return this.finish('Failed', `one or more tasks failed in ${phase} wave ${wave}`, onState)
          }
        }
      }
      return this.finish('Succeeded', 'successfully synced (all tasks run)', onState)
    } catch (error) {
      if (error instanceof DryRunFailed) return this.finish('Failed', error.message, onState)
      this.message = error instanceof UserError ? error.message : 'internal error during sync'
      return this.finish('Error', this.message, onState)
    }
  }

  private finish(phase: OperationPhase, message: string, onState: (s: OperationState) => void): OperationState {
    this.phase = phase
    this.message = message
    const state = this.state()
    onState(state)
    return state
  }

  private id(task: SyncTask): string {
    return `${task.action}:${task.phase}:${task.key}`
  }

  private result(task: SyncTask, code: ResultCode, message: string): void {
    const r = this.results.get(this.id(task))!
    r.code = code
    r.message = message
  }

  /** A dry run of every apply and hook before anything changes; any failure stops the sync. */
  private async dryRunAll(): Promise<void> {
    const crdKinds = new Set(this.tasks.filter((t) => t.obj.kind === 'CustomResourceDefinition').map((t) => crdKind(t.obj)))
    // Objects in a namespace this sync creates cannot be dry-run before it exists.
    const newNamespaces = new Set(this.tasks.filter((t) => t.obj.kind === 'Namespace' && t.obj.apiVersion === 'v1').map((t) => t.obj.metadata.name))
    // A dry-run sync does not create the CreateNamespace namespace; what goes in it is skipped.
    const created = this.request.createNamespace
    if (created && this.request.dryRun && !(await this.client.get({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: created } }))) newNamespaces.add(created)
    let failed = 0
    for (const task of this.tasks) {
      if (task.action === 'prune') continue
      // A custom resource whose CRD comes in the same sync cannot be dry-run yet.
      if (crdKinds.has(`${task.obj.apiVersion.split('/')[0]}/${task.obj.kind}`)) continue
      if (task.obj.metadata.namespace && newNamespaces.has(task.obj.metadata.namespace)) continue
      try {
        await this.client.apply(task.obj, { dryRun: true, force: this.request.force })
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        if (error.code === 'NotFound' && task.syncOptions.includes('SkipDryRunOnMissingResource=true')) continue
        failed++
        this.result(task, 'SyncFailed', error.message)
      }
    }
    if (failed > 0) throw new DryRunFailed(`one or more objects failed to apply (dry run); nothing was changed`)
  }

  private async runWave(tasks: SyncTask[]): Promise<boolean> {
    let ok = true
    for (const task of tasks.filter((t) => t.action === 'prune')) {
      if (task.syncOptions.includes('Prune=false')) {
        this.result(task, 'PruneSkipped', 'ignored (no prune)')
        continue
      }
      try {
        await this.client.delete(task.obj, this.request.propagation ?? 'Foreground')
        this.applied.push(`prune ${task.key}`)
        this.result(task, 'Pruned', 'pruned')
      } catch (error) {
        ok = false
        this.result(task, 'SyncFailed', error instanceof UserError ? error.message : String(error))
      }
    }
    for (const task of tasks.filter((t) => t.action !== 'prune')) {
      try {
        if (task.action === 'hook' && task.deletePolicies.includes('BeforeHookCreation')) await this.client.delete(task.obj, 'Foreground')
        await this.client.apply(task.obj, { force: this.request.force })
        this.applied.push(task.key)
        this.result(task, 'Synced', task.action === 'hook' ? 'hook created' : 'applied')
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        ok = false
        this.result(task, 'SyncFailed', error.message)
      }
    }
    if (!ok) return false
    return this.waitHealthy(tasks.filter((t) => t.action !== 'prune'))
  }

  /** Waits until every task of the wave is healthy (a hook: completed), then cleans up hooks. */
  private async waitHealthy(tasks: SyncTask[]): Promise<boolean> {
    const deadline = Date.now() + (this.request.waveTimeoutMs ?? 300_000)
    const pending = new Set(tasks)
    while (pending.size > 0) {
      for (const task of [...pending]) {
        const live = await this.client.get(task.obj)
        const health = healthOf(live)
        if (!health || health.status === 'Healthy' || (health.status === 'Suspended' && task.action !== 'hook')) {
          pending.delete(task)
          if (task.action === 'hook' && task.deletePolicies.includes('HookSucceeded')) await this.client.delete(task.obj, 'Background')
        } else if (health.status === 'Degraded') {
          this.result(task, 'SyncFailed', health.message || `${task.obj.kind} is Degraded`)
          if (task.action === 'hook' && task.deletePolicies.includes('HookFailed')) await this.client.delete(task.obj, 'Background')
          return false
        }
      }
      if (pending.size === 0) break
      if (this.terminating) return false
      if (Date.now() > deadline) {
        for (const task of pending) this.result(task, 'SyncFailed', 'timed out waiting to become healthy')
        return false
      }
      await new Promise((r) => setTimeout(r, this.request.pollMs ?? 1000))
    }
    return true
  }

  private async runSyncFailHooks(): Promise<void> {
    const hooks = this.tasks.filter((t) => t.phase === 'SyncFail')
    if (hooks.length === 0) return
    await this.runWave(hooks)
  }
}

class DryRunFailed extends Error {}

function crdKind(crd: K8sObject): string {
  const spec = (crd as { spec?: { group?: string; names?: { kind?: string } } }).spec
  return `${spec?.group ?? ''}/${spec?.names?.kind ?? ''}`
}
