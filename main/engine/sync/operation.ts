import type { OperationPhase, OperationState, ResourceResult, ResultCode, SyncRequestCounts } from '../../../shared/model'
import { errorMessage, UserError } from '../base/errors'
import { healthOf as builtinHealthOf } from '../health/health'
import type { KubeApi } from '../kube/kube-api'
import { resourceKey, type K8sObject } from '../base/objects'
import { partOfApp, planSync, succeededMessage, type SyncTask } from './plan'
import { stepFailure, type StepResult, type SyncRequest } from './request'
import { dryRunOutcome, dryRunTasks, reusesDryRun } from './dry-run'
import { fanOut, type FanOut } from './fan-out'
import { applyTask, byKind, groupWaves, pruneDecision, syncNamespace, type Wave } from './tasks'
import { pruneAllNeedsConsent } from './app-rules'
import { countedClient, type SyncStage } from './counted-client'
import { WaveHealth, type LiveWatch } from './wave-health'
import { locallyChecked } from './local-checks'

export type { OperationPhase, OperationState, ResourceResult, ResultCode, StepResult, SyncRequest }

type Stage = 'preflight' | 'waves' | 'syncFail' | 'done'

/**
 * A sync as a step machine (gitops-engine's sync context): each step() does one piece of work
 * (the dry run, applying one wave, one look at a wave's health) and says how long to wait before
 * the next; state() is a snapshot that can be streamed; terminate() stops between steps.
 * Order and semantics follow Argo CD: dry run of everything first, then phase by phase and wave
 * by wave, each wave healthy before the next, hooks run to completion and cleaned up, SyncFail
 * hooks on failure, prune only when asked.
 */
export class SyncOperation {
  private readonly tasks: SyncTask[]
  private readonly waves: Wave[]
  private readonly syncFailWaves: Wave[]
  private readonly results = new Map<string, ResourceResult>()
  private readonly applied: string[] = []
  private readonly healthy = new Set<string>()
  private phase: OperationPhase = 'Running'
  private message = ''
  private stage: Stage = 'preflight'
  private cursor = 0
  private waveApplied = false
  private deadline = 0
  private failure = ''
  /** Told each time a resource's result changes, within a step (the operation is saved as it goes). */
  onResult: () => void = () => undefined
  private readonly requests: SyncRequestCounts = { dryRun: 0, apply: 0, wait: 0, dryRunsReused: 0, dryRunsChecked: 0 }
  /** Runs the tasks of one step together (see fan-out.ts). */
  private readonly each: FanOut
  private readonly health: WaveHealth
  /** The client for each stage, its requests counted there. */
  private readonly clients: Record<SyncStage, KubeApi>

  constructor(
    client: KubeApi,
    private readonly request: SyncRequest,
    /** A resource's health by the engine's rules (its customizations included). */
    private readonly healthOf: typeof builtinHealthOf = builtinHealthOf,
    /** The cluster's watch cache: waits for health are answered from it, woken by its events. */
    live?: LiveWatch,
  ) {
    this.each = fanOut(request.parallelism)
    this.clients = { dryRun: countedClient(client, this.requests, 'dryRun'), apply: countedClient(client, this.requests, 'apply'), wait: countedClient(client, this.requests, 'wait') }
    this.health = new WaveHealth(this.clients.wait, live)
    this.tasks = planSync(request.targets, request.prune ? request.extras : [], request.plan)
    this.waves = groupWaves(this.tasks.filter((t) => t.phase !== 'SyncFail'))
    this.syncFailWaves = groupWaves(this.tasks.filter((t) => t.phase === 'SyncFail'))
    for (const task of this.tasks) this.results.set(this.id(task), { key: task.key, phase: task.phase, wave: task.wave, action: task.action, code: 'Pending', message: '' })
    if (!request.prune) {
      for (const extra of request.extras) {
        const key = resourceKey(extra)
        this.results.set(`prune:${key}`, { key, phase: 'Sync', wave: 0, action: 'prune', code: 'PruneSkipped', message: 'ignored (requires pruning)' })
      }
    }
  }

  state(): OperationState {
    return { phase: this.phase, message: this.message, resources: [...this.results.values()].map((r) => ({ ...r })), applied: [...this.applied], requests: { ...this.requests } }
  }

  get done(): boolean {
    return this.stage === 'done'
  }

  /** ApplyOutOfSyncOnly left some resources alone (they were in sync): a partial sync. */
  get outOfSyncOnly(): boolean {
    return partOfApp(this.request.plan, this.request.targets) === 'out of sync only'
  }

  /** Asks the operation to stop; it ends (Failed, "operation terminated") at its next step. */
  terminate(): void {
    if (this.phase === 'Running') {
      this.phase = 'Terminating'
      this.message = 'terminating'
      this.health.wakeNow()
    }
  }

  /** Runs every step to the end; onState gets a snapshot after each one. */
  async run(onState: (state: OperationState) => void = () => undefined): Promise<OperationState> {
    try {
      for (;;) {
        const { done, waitMs } = await this.step()
        onState(this.state())
        if (done) return this.state()
        if (waitMs > 0) await this.health.sleep(waitMs)
      }
    } finally {
      this.health.close()
    }
  }

  /** Advances the operation by one piece of work. */
  async step(): Promise<StepResult> {
    if (this.stage === 'done') return { done: true, waitMs: 0 }
    if (this.phase === 'Terminating') return this.finish('Failed', 'operation terminated')
    try {
      if (this.stage === 'preflight') return await this.preflight()
      return await this.stepWave()
    } catch (error) {
      return this.finish('Error', stepFailure(error, this.request.context))
    }
  }

  private finish(phase: OperationPhase, message: string): StepResult {
    this.phase = phase
    this.message = message
    this.stage = 'done'
    return { done: true, waitMs: 0 }
  }

  /** Fails the operation, after the SyncFail hooks if there are any. */
  private fail(message: string): StepResult {
    if (this.stage === 'waves' && this.syncFailWaves.length > 0) {
      this.failure = message
      this.message = `${message}; running SyncFail hooks`
      this.stage = 'syncFail'
      this.cursor = 0
      this.waveApplied = false
      return { done: false, waitMs: 0 }
    }
    return this.finish('Failed', this.failure || message)
  }

  private async preflight(): Promise<StepResult> {
    const { request } = this
    if (request.failBefore) {
      this.results.clear() // refused before any task: none has a result (as in Argo CD)
      return this.finish('Failed', request.failBefore)
    }
    if (request.prune && pruneAllNeedsConsent(request.targets.length, request.extras.length, request.allowEmpty ?? false)) {
      return this.finish('Failed', `refusing to prune all ${request.extras.length} resources of the app: Git has none (allowEmpty is off); confirm pruning everything to go ahead`)
    }
    if (request.createNamespace && !request.dryRun) {
      const namespace = await syncNamespace(this.clients.apply, request.createNamespace, request.namespaceMetadata)
      if (namespace) {
        this.results.set(`namespace:${namespace.key}`, namespace)
        this.applied.push(namespace.key)
      }
    }
    const failed = await this.dryRunAll()
    if (failed > 0) return this.finish('Failed', 'one or more objects failed to apply (dry run); nothing was changed')
    if (request.dryRun) return this.finish('Succeeded', 'dry run succeeded; nothing was changed')
    this.stage = 'waves'
    this.message = 'dry run passed; syncing'
    return { done: false, waitMs: 0 }
  }

  private async stepWave(): Promise<StepResult> {
    const waves = this.stage === 'waves' ? this.waves : this.syncFailWaves
    const wave = waves[this.cursor]
    if (!wave) return this.stage === 'waves' ? this.finish('Succeeded', succeededMessage(this.request.plan, this.tasks, this.request.targets)) : this.finish('Failed', this.failure)
    if (!this.waveApplied) {
      this.waveApplied = true
      this.deadline = Date.now() + (this.request.waveTimeoutMs ?? 300_000)
      this.message = `${wave.phase} wave ${wave.wave}: applying`
      if (!(await this.applyWave(wave))) return this.fail(`one or more tasks failed in ${wave.phase} wave ${wave.wave}`)
      return { done: false, waitMs: 0 }
    }
    // Argo CD waits for a wave to be healthy only when more follows; hooks always run to completion.
    const isLast = this.stage === 'syncFail' || this.cursor === waves.length - 1
    const watched = wave.tasks.filter((t) => t.action === 'hook' || (t.action === 'apply' && !isLast))
    const outcome = await this.checkHealth(watched)
    if (outcome === 'failed') return this.fail(`one or more tasks failed in ${wave.phase} wave ${wave.wave}`)
    if (outcome === 'pending') {
      if (Date.now() <= this.deadline) {
        this.message = `${wave.phase} wave ${wave.wave}: waiting for healthy state`
        return { done: false, waitMs: Math.max(1, Math.min(this.health.nextLookMs(this.request.pollMs ?? 1000), this.deadline - Date.now() + 1)) }
      }
      for (const task of watched) if (this.resultOf(task).code === 'Synced' && !this.healthy.has(task.key)) this.result(task, 'SyncFailed', 'timed out waiting to become healthy')
      return this.fail(`timed out waiting for ${wave.phase} wave ${wave.wave} to become healthy`)
    }
    this.cursor++
    this.waveApplied = false
    return { done: false, waitMs: 0 }
  }

  private id(task: SyncTask): string {
    return `${task.action}:${task.phase}:${task.key}`
  }

  private resultOf(task: SyncTask): ResourceResult {
    return this.results.get(this.id(task))!
  }

  private result(task: SyncTask, code: ResultCode, message: string): void {
    const r = this.resultOf(task)
    r.code = code
    r.message = message
    this.onResult()
  }

  private applyTask(task: SyncTask, dryRun: boolean): Promise<K8sObject | null> {
    return applyTask(dryRun ? this.clients.dryRun : this.clients.apply, task, this.request.appSyncOptions ?? [], { dryRun, force: this.request.force })
  }

  /** A dry run of every apply and hook before anything changes; returns how many failed. A dry-run sync keeps each answer. */
  private async dryRunAll(): Promise<number> {
    const apply = (task: SyncTask) => this.applyTask(task, true)
    const answer = async (task: SyncTask) => {
      const { outcome, changed } = await dryRunOutcome(this.clients.dryRun, task, apply)
      Object.assign(this.resultOf(task), { code: 'Synced', message: `${outcome} (dry run)${changed ? `: ${changed.join(', ')}` : ''}`, outcome, ...(changed ? { changed } : {}) })
    }
    const checked = await locallyChecked(this.clients.dryRun, this.request, this.tasks)
    Object.assign(this.requests, { dryRunsReused: this.tasks.filter((t) => reusesDryRun(this.request, t)).length, dryRunsChecked: checked.size })
    const failed = await dryRunTasks(this.clients.dryRun, this.request, this.tasks, this.request.dryRun ? answer : apply, (task, message) => this.result(task, 'SyncFailed', message), this.each, checked)
    if (this.request.dryRun && failed === 0) for (const task of this.tasks.filter((t) => t.action === 'prune')) Object.assign(this.resultOf(task), { code: 'Pruned', message: 'pruned (dry run)', outcome: 'pruned' })
    this.onResult()
    return failed
  }

  /** Prunes, then deletes hooks with BeforeHookCreation, then applies: kind by kind, in parallel within a kind. */
  private async applyWave(wave: Wave): Promise<boolean> {
    let ok = true
    const prunes = wave.tasks.filter((t) => t.action === 'prune')
    const outcomes = await this.each(prunes, (task) => this.pruneTask(task))
    prunes.forEach((task, i) => outcomes[i] === 'pruned' && this.applied.push(`prune ${task.key}`))
    if (outcomes.includes('failed')) ok = false
    for (const group of byKind(wave.tasks.filter((t) => t.action !== 'prune'))) {
      const done = await this.each(group, async (task) => {
        try {
          if (task.action === 'hook' && task.deletePolicies.includes('BeforeHookCreation')) await this.clients.apply.delete(task.obj, 'Foreground')
          this.health.noteApplied(task, await this.applyTask(task, false))
          this.result(task, 'Synced', task.action === 'hook' ? 'hook created' : 'applied')
          return true
        } catch (error) {
          if (!(error instanceof UserError)) throw error
          this.result(task, 'SyncFailed', error.message)
          return false
        }
      })
      group.forEach((task, i) => done[i] && this.applied.push(task.key))
      if (done.includes(false)) ok = false
    }
    return ok
  }

  private async pruneTask(task: SyncTask): Promise<'pruned' | 'skipped' | 'failed'> {
    const decision = pruneDecision(this.request.appSyncOptions ?? [], task, this.request.pruneConfirmed ?? false)
    if (!decision.prune) {
      this.result(task, 'PruneSkipped', decision.message)
      return 'skipped'
    }
    try {
      await this.clients.apply.delete(task.obj, this.request.propagation ?? 'Foreground')
      this.result(task, 'Pruned', 'pruned')
      return 'pruned'
    } catch (error) {
      this.result(task, 'SyncFailed', errorMessage(error))
      return 'failed'
    }
  }

  /** One look at the wave: every task healthy (a hook: completed), one failed, or still pending. */
  private async checkHealth(tasks: SyncTask[]): Promise<'healthy' | 'failed' | 'pending'> {
    let pending = false
    for (const task of tasks) {
      if (this.healthy.has(task.key)) continue
      const live = await this.health.observe(task)
      if (live === 'behind') {
        pending = true
        continue
      }
      const health = this.healthOf(live)
      if (!health || health.status === 'Healthy' || (health.status === 'Suspended' && task.action !== 'hook')) {
        this.healthy.add(task.key)
        this.health.settled(task)
        if (task.action === 'hook') {
          this.result(task, 'Synced', 'hook completed')
          if (task.deletePolicies.includes('HookSucceeded')) await this.clients.wait.delete(task.obj, 'Background')
        }
      } else if (health.status === 'Degraded') {
        this.result(task, 'SyncFailed', health.message || `${task.obj.kind} is Degraded`)
        if (task.action === 'hook' && task.deletePolicies.includes('HookFailed')) await this.clients.wait.delete(task.obj, 'Background')
        return 'failed'
      } else {
        pending = true
      }
    }
    return pending ? 'pending' : 'healthy'
  }
}
