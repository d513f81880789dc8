import { join } from 'node:path'
import type { AppDiff, Operation, OperationInitiator, SyncIntent, WorkingCopyState } from '../../../shared/model'
import { UserError } from '../base/errors'
import { sourcesOf, type Application } from '../model/app-schema'
import type { Engine } from '../reconcile/engine'
import { WorkingCopySession } from '../reconcile/working-copy-session'
import { checkTree } from '../render/snapshot-check'
import { workingCopyError } from '../render/working-copy-source'
import { redactUrl } from '../repos/git-cache'
import { checkOrigin, checkoutRoot } from '../repos/working-copy-git'
import { WorkingCopyMirror } from '../repos/working-copy-mirror'
import type { CompareMode } from '../diff/compare'

export interface WorkingCopyDeps {
  engine: Engine
  app(name: string): Application
  /** Compares an app again (against Git) soon. */
  compareSoon(names: string[]): void
  /** How long a folder must stay quiet after a save before it is rendered again. */
  debounceMs?: number
}

/**
 * Apps pointed at local checkouts of their repositories (`argocd app diff --local` and `app sync
 * --local`, live): use() checks the folder (a checkout of the app's repository, no symlink out
 * of it) and starts watching it; its diff against live is published as `working-copy` events as
 * the user edits; sync() deploys it with its own consent; release() makes the app compare with
 * Git again. The app's status and auto-sync keep following Git throughout.
 */
export class WorkingCopyCommands {
  private readonly sessions = new Map<string, WorkingCopySession>()
  /** The mirrors syncs render from, by app, each with its removal once the sync has ended. */
  private readonly syncMirrors = new Map<string, Promise<void>>()
  private closed = false

  constructor(private readonly deps: WorkingCopyDeps) {}

  /** Points an app at a local checkout (replacing one it had); returns its first diff (or render error). */
  async use(name: string, dir: string): Promise<WorkingCopyState> {
    if (this.closed) throw new UserError('Unavailable', 'GitOps Desk is closing')
    const session = await this.open(name, dir, true)
    await this.sessions.get(name)?.stop()
    this.sessions.set(name, session)
    return session.start()
  }

  /** The app's working copy now, or null when it compares with Git. */
  state(name: string): WorkingCopyState | null {
    this.deps.app(name)
    return this.sessions.get(name)?.state ?? null
  }

  /** Stops using the working copy: the app compares with Git again (OutOfSync if what was deployed differs). */
  async release(name: string): Promise<boolean> {
    const session = this.sessions.get(name)
    if (!session) return false
    this.sessions.delete(name)
    await session.stop()
    this.deps.engine.emit({ type: 'working-copy', app: name, state: null })
    this.deps.compareSoon([name])
    return true
  }

  /** Syncs the app from its working copy as it is now (the rules: sync/consent.ts requireWorkingCopyConsent). */
  async sync(name: string, intent: SyncIntent, initiator: OperationInitiator = 'user'): Promise<Operation> {
    const session = this.sessions.get(name)
    if (!session) throw new UserError('NotFound', `${name} has no working copy in use (use one first)`, name)
    return this.start(this.deps.app(name), session, intent, initiator, {})
  }

  /** One diff of an app (stored or from a file) from a checkout, without watching (`gitops-desk diff --local DIR`). */
  async diffOnce(app: Application, dir: string, options: { mode?: CompareMode; context?: string } = {}): Promise<AppDiff & { files: WorkingCopyState['files'] }> {
    const session = await this.open(app, dir, false)
    try {
      const { source, files } = await session.snapshot()
      const result = await this.deps.engine.diff(app, { ...options, workingCopy: source }).catch((error: unknown) => {
        throw workingCopyError(error)
      })
      return { status: result.status, context: result.context, revision: result.revision, resources: result.resources, files }
    } finally {
      await session.stop()
    }
  }

  /** One sync of an app from a checkout (`gitops-desk sync --local DIR`). */
  async syncOnce(app: Application, dir: string, intent: SyncIntent, options: { context?: string } = {}): Promise<Operation> {
    const session = await this.open(app, dir, false)
    try {
      return await this.start(app, session, intent, 'cli', options)
    } finally {
      await session.stop()
    }
  }

  async close(): Promise<void> {
    this.closed = true
    const sessions = [...this.sessions.values()]
    this.sessions.clear()
    await Promise.all(sessions.map((s) => s.stop()))
    // A sync that has ended has its mirror removed before closing (a sync still running removes its own when it ends).
    const running = new Set(this.deps.engine.operations.runningApps())
    await Promise.all([...this.syncMirrors].filter(([app]) => !running.has(app)).map(([, removal]) => removal))
  }

  /**
   * The sync renders (and each retry renders again) from a mirror of its own, made now: what the
   * digest names stays what is deployed while the user edits on. Removed when the operation ends.
   */
  private async start(app: Application, session: WorkingCopySession, intent: SyncIntent, initiator: OperationInitiator, options: { context?: string }): Promise<Operation> {
    const { engine } = this.deps
    const frozen = await WorkingCopyMirror.create(session.root, this.scratch)
    try {
      const { source, files } = await session.snapshot()
      const workingCopy = { ...source, root: frozen.dir }
      const operation = await engine.operations.start(app, intent, { initiator, ...options, workingCopy: { render: (a) => engine.render(a, { workingCopy }), local: { dir: session.root, files } } })
      const name = app.metadata.name
      const removal = engine.operations.wait(name).then(() => frozen.remove(), () => frozen.remove())
      this.syncMirrors.set(name, removal)
      void removal.then(() => this.syncMirrors.get(name) === removal && this.syncMirrors.delete(name))
      return operation
    } catch (error) {
      await frozen.remove()
      throw error
    }
  }

  /** The data folder's scratch area for mirrors (private to the user, as the data folder). */
  private get scratch(): string {
    return join(this.deps.engine.options.dataDir, 'scratch', 'working-copies')
  }

  /** A session on a checked folder: a checkout of the app's repository, no symlink out of it. */
  private async open(ref: string | Application, dir: string, watch: boolean): Promise<WorkingCopySession> {
    const app = typeof ref === 'string' ? this.deps.app(ref) : ref
    const name = app.metadata.name
    const repoURL = sourcesOf(app).find((s) => !s.chart)?.repoURL
    if (!repoURL) throw new UserError('Invalid', `${name} has no Git source: a working copy stands for a Git repository`, 'spec.source.repoURL')
    const root = await checkoutRoot(dir)
    await checkOrigin(root, repoURL)
    // What a render reads: the committable files only (never .git or an ignored file).
    const mirror = await WorkingCopyMirror.create(root, this.scratch)
    // The same rule as for a repository's snapshot: a symlink out of the folder refuses it.
    await checkTree(mirror.dir).catch(async (error: unknown) => {
      await mirror.remove()
      throw error instanceof UserError ? new UserError(error.code, `${root} (${redactUrl(repoURL)}): ${error.message}`, error.where) : error
    })
    const { engine } = this.deps
    return new WorkingCopySession({
      app: () => (typeof ref === 'string' ? this.deps.app(ref) : ref),
      root,
      mirror,
      repoURL,
      watch,
      ...(this.deps.debounceMs === undefined ? {} : { debounceMs: this.deps.debounceMs }),
      diff: async (a, source) => {
        const result = await engine.diff(a, { watch: true, workingCopy: source })
        return { status: result.status, context: result.context, revision: result.revision, resources: result.resources }
      },
      publish: (state) => engine.emit({ type: 'working-copy', app: name, state }),
    })
  }
}
