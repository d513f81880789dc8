import YAML from 'yaml'
import { nameProblem } from '../../../shared/names'
import type { AppDeletion, AppSetSummary, DeleteIntent } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import { generateApplications } from '../appsets/generate'
import { readApplicationSets } from '../appsets/parse'
import { planAppSet, type AppSetPlan } from '../appsets/plan'
import { rolloutSteps, type RolloutStep } from '../appsets/rolling-sync'
import { ownerAnnotation, type ApplicationSet } from '../model/appset-schema'
import { generatorSources } from '../appsets/sources'
import type { Engine } from '../reconcile/engine'
import { errorMessage, UserError } from '../base/errors'
import type { StoreService } from './store-service'
import { localRepoProblem, ownRepos, parentAnnotation } from '../render/app-of-apps'

/** What applying an ApplicationSet did, and what it held back with why. */
export interface AppSetApplied extends AppSetPlan {
  deleted: AppDeletion[]
  held: { name: string; reason: string }[]
}

/** The last generation of an ApplicationSet: when, and the reason when it failed. */
export interface AppSetStatus {
  at: string
  error?: string
  held: { name: string; reason: string }[]
}

interface Host {
  engine: Engine
  stored: StoreService
  deleteApp(name: string, intent: DeleteIntent): Promise<AppDeletion>
  compareSoon(names: string[]): void
  /** Syncs an app and waits until it is Synced and Healthy (or fails): the RollingSync's unit. */
  syncUntilHealthy(name: string, confirmProtected: boolean): Promise<{ ok: boolean; message: string }>
}

/** What a RollingSync reports as it goes: a step starting, an app done or failing. */
export type RolloutProgress = { step: number; of: number; apps: string[] } | { step: number; app: string; ok: boolean; message: string }

/**
 * ApplicationSets as commands: stored like apps, previewed (what would be created, changed and
 * deleted) before anything changes, applied under their applicationsSync policy. A generator that
 * fails keeps the apps generated last and records why; an app whose deletion would delete
 * resources from a cluster waits for the user's consent (`appset apply --yes`).
 */
export class AppSetCommands {
  private readonly statuses = new Map<string, AppSetStatus>()

  constructor(private readonly host: Host) {}

  list(): ApplicationSet[] {
    return this.host.engine.store.read().appsets
  }

  get(name: string): ApplicationSet {
    const found = this.list().find((a) => a.metadata.name === name)
    if (!found) throw new UserError('NotFound', `no ApplicationSet named "${name}" (see gitops-desk appset list)`, name)
    return found
  }

  /** The apps an ApplicationSet owns now. */
  owned(name: string): Application[] {
    return this.host.stored.apps().filter((a) => a.metadata.annotations?.[ownerAnnotation] === name)
  }

  status(name: string): AppSetStatus | undefined {
    return this.statuses.get(name)
  }

  summaries(): AppSetSummary[] {
    return this.list().map((a) => {
      const status = this.statuses.get(a.metadata.name)
      return {
        name: a.metadata.name,
        generators: a.spec.generators.map((g) => Object.keys(g).filter((k) => k !== 'selector').join('+')),
        goTemplate: a.spec.goTemplate === true,
        policy: a.spec.syncPolicy?.applicationsSync ?? 'sync',
        rollingSync: a.spec.strategy?.type === 'RollingSync',
        apps: this.owned(a.metadata.name).map((app) => app.metadata.name).sort(),
        held: status?.held ?? [],
        ...(status?.error ? { error: status.error } : {}),
        ...(status ? { generatedAt: status.at } : {}),
      }
    })
  }

  /** Reads ApplicationSets from YAML (all or nothing) and stores them; nothing is generated yet. */
  save(text: string, where: string): ApplicationSet[] {
    const appsets = readApplicationSets(text, where)
    this.host.engine.store.update((data) => {
      for (const a of appsets) data.appsets = [...data.appsets.filter((x) => x.metadata.name !== a.metadata.name), a]
    })
    return appsets
  }

  /** What generating now would change (a stored ApplicationSet by name, or one from a file); changes nothing. */
  async preview(appset: ApplicationSet): Promise<AppSetPlan & { apps: Application[] }> {
    const generated = await generateApplications(appset, generatorSources(this.host.engine))
    const plan = planAppSet(appset, generated, this.owned(appset.metadata.name))
    // As Argo CD's controller: an app it cannot place is not created or updated, the others are.
    const parent = appset.metadata.annotations?.[parentAnnotation]
    const invalid = await this.invalidApps(generated, parent === undefined ? null : ownRepos(this.host.stored.apps().find((a) => a.metadata.name === parent)))
    const valid = (n: string) => !invalid.has(n)
    return { ...plan, create: plan.create.filter(valid), update: plan.update.filter((u) => valid(u.name)), invalid: [...invalid].map(([name, reason]) => ({ name, reason })), apps: generated }
  }

  /**
   * Generates and applies: creates and updates are stored at once; a delete forgets the app, and
   * with `resources` consent also deletes its resources as its finalizer says. Without consent,
   * an app whose resources would go is held, with the reason.
   */
  async apply(name: string, consent: { resources?: boolean; context?: string } = {}): Promise<AppSetApplied> {
    const appset = this.get(name)
    let plan: AppSetPlan & { apps: Application[] }
    try {
      plan = await this.preview(appset)
    } catch (error) {
      // The last generated apps stay; the ApplicationSet shows why.
      this.statuses.set(name, { at: new Date().toISOString(), error: errorMessage(error), held: [] })
      throw error
    }
    const { apps, ...rest } = plan
    const byName = new Map(apps.map((a) => [a.metadata.name, a]))
    const taken = this.host.stored.apps().filter((a) => byName.has(a.metadata.name) && a.metadata.annotations?.[ownerAnnotation] !== name)
    if (taken.length) {
      const error = new UserError('Conflict', `ApplicationSet ${name} would generate ${taken.map((a) => a.metadata.name).join(', ')}, which ${taken.length === 1 ? 'is an app' : 'are apps'} it does not own`, name)
      this.statuses.set(name, { at: new Date().toISOString(), error: error.message, held: [] })
      throw error
    }
    const invalid = plan.invalid ?? []
    const writes = [...plan.create, ...plan.update.map((u) => u.name)].map((n) => byName.get(n)!)
    if (writes.length) this.host.stored.saveObjects(writes, [])
    const result: AppSetApplied = { ...rest, deleted: [], held: [...invalid] }
    for (const app of plan.delete) {
      try {
        result.deleted.push(await this.host.deleteApp(app, { consent: { resources: consent.resources ?? false, ...(consent.context ? { context: consent.context } : {}) } }))
      } catch (error) {
        if (!(error instanceof UserError && error.code === 'Forbidden')) throw error
        result.held.push({ name: app, reason: `no longer generated, but ${error.message}` })
      }
    }
    this.host.compareSoon(writes.map((a) => a.metadata.name))
    const errors = invalid.map((i) => i.reason)
    // Argo CD's condition names the last error and counts the others.
    const error = errors.length ? `${errors.at(-1)!}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` : undefined
    this.statuses.set(name, { at: new Date().toISOString(), held: result.held, ...(error ? { error } : {}) })
    return result
  }

  /**
   * The generated apps Argo CD's ApplicationSet controller refuses, with why: a name that is not
   * a Kubernetes name, a destination no context or imported cluster matches.
   */
  private async invalidApps(apps: Application[], parentRepos: Set<string> | null): Promise<Map<string, string>> {
    const invalid = new Map<string, string>()
    const contexts = await this.host.engine.loadContexts()
    for (const app of [...apps].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
      const problem = nameProblem(app.metadata.name)
      if (problem) {
        invalid.set(app.metadata.name, `application name "${app.metadata.name}" is invalid: ${problem}`)
        continue
      }
      // An ApplicationSet a parent app rendered is its repository's author's: no local repositories.
      const local = parentRepos ? localRepoProblem(app, parentRepos) : undefined
      if (local) {
        invalid.set(app.metadata.name, local)
        continue
      }
      try {
        contexts.resolve(app.spec.destination)
      } catch (error) {
        if (error instanceof UserError) invalid.set(app.metadata.name, `application destination spec is invalid: ${error.message}`)
        else throw error
      }
    }
    return invalid
  }

  /**
   * A RollingSync, asked by the user: the steps in order, each step's apps synced (at most
   * maxUpdate at once) and waited on until Synced and Healthy before the next step; a failing app
   * stops the rollout with its reason. Apps already Synced and Healthy are left alone.
   */
  async rollingSync(name: string, onProgress: (p: RolloutProgress) => void = () => undefined, confirmProtected = false): Promise<{ steps: RolloutStep[]; stoppedAt?: { step: number; app: string; message: string } }> {
    const steps = rolloutSteps(this.get(name), this.owned(name))
    for (const step of steps) {
      onProgress({ step: step.step, of: steps.length, apps: step.apps })
      for (let i = 0; i < step.apps.length; i += step.maxUpdate) {
        const batch = step.apps.slice(i, i + step.maxUpdate)
        const results = await Promise.all(batch.map(async (app) => ({ app, ...(await this.host.syncUntilHealthy(app, confirmProtected)) })))
        for (const r of results) onProgress({ step: step.step, app: r.app, ok: r.ok, message: r.message })
        const failed = results.find((r) => !r.ok)
        if (failed) return { steps, stoppedAt: { step: step.step, app: failed.app, message: failed.message } }
      }
    }
    return { steps }
  }

  /**
   * Applies every ApplicationSet without consent to delete resources (the reconcile loop's pass,
   * and after a cluster's labels change): each one's result, or why it failed (kept on it too).
   */
  async applyAll(): Promise<{ appset: string; applied?: AppSetApplied; error?: string }[]> {
    const results: { appset: string; applied?: AppSetApplied; error?: string }[] = []
    for (const { metadata } of this.list()) {
      try {
        results.push({ appset: metadata.name, applied: await this.apply(metadata.name) })
      } catch (error) {
        results.push({ appset: metadata.name, error: errorMessage(error) })
      }
    }
    return results
  }

  /** What the ApplicationSets of a YAML text would change; stores and changes nothing. */
  async previewText(text: string, where: string): Promise<AppSetPlan[]> {
    return Promise.all(readApplicationSets(text, where).map(async (set) => {
      const { apps: _apps, ...plan } = await this.preview(set)
      return plan
    }))
  }

  /** Stores the ApplicationSets of a YAML text and applies each (`appset add`, the page's Apply). */
  async saveAndApply(text: string, where: string, consent: { resources?: boolean } = {}): Promise<AppSetApplied[]> {
    const applied: AppSetApplied[] = []
    for (const set of this.save(text, where)) applied.push(await this.apply(set.metadata.name, consent))
    return applied
  }

  /** Removes an ApplicationSet; its apps are deleted as `app delete` would, or kept as ordinary apps. */
  async remove(name: string, options: { keepApps?: boolean; consent?: { resources?: boolean; context?: string } } = {}): Promise<{ deleted: AppDeletion[]; kept: string[] }> {
    this.get(name)
    const owned = this.owned(name)
    const result = { deleted: [] as AppDeletion[], kept: [] as string[] }
    if (options.keepApps) {
      this.host.stored.saveObjects(owned.map((a) => ({ ...a, metadata: { ...a.metadata, annotations: Object.fromEntries(Object.entries(a.metadata.annotations ?? {}).filter(([k]) => k !== ownerAnnotation)) } })), [])
      result.kept = owned.map((a) => a.metadata.name)
    } else for (const app of owned) result.deleted.push(await this.host.deleteApp(app.metadata.name, { consent: { resources: options.consent?.resources ?? false, ...(options.consent?.context ? { context: options.consent.context } : {}) } }))
    this.host.engine.store.update((data) => void (data.appsets = data.appsets.filter((a) => a.metadata.name !== name)))
    this.statuses.delete(name)
    return result
  }

  /** An ApplicationSet as YAML. */
  yaml(name: string): string {
    return YAML.stringify(this.get(name))
  }
}
