import type { AppDiff, WorkingCopyFile, WorkingCopyState } from '../../../shared/model'
import { BackgroundWork } from '../base/background-work'
import { toErrorData } from '../base/errors'
import type { Application } from '../model/app-schema'
import { FolderWatcher } from '../repos/folder-watcher'
import type { WorkingCopyMirror } from '../repos/working-copy-mirror'
import { changedFiles, dirtyDigest, headCommit } from '../repos/working-copy-git'
import { isReadPath, readPaths, workingCopyError, type WorkingCopySource } from '../render/working-copy-source'

export interface WorkingCopySessionDeps {
  /** The app as stored now (its sources may change while the copy is in use). */
  app(): Application
  /** The checkout's top folder, checked to be of the app's repository. */
  root: string
  /** What git would commit of the checkout, the folder a render reads (the session removes it when stopped). */
  mirror: WorkingCopyMirror
  repoURL: string
  /** The app's diff against live, rendered from the working copy (the same render and compare as Git's). */
  diff(app: Application, source: WorkingCopySource): Promise<AppDiff>
  /** Each new state, as it is made. */
  publish(state: WorkingCopyState): void
  debounceMs?: number
  /** false: no watch (a one-shot CLI command). */
  watch?: boolean
}

/** What the working copy holds now: the files that differ from HEAD and the revision that names them. */
export interface WorkingCopySnapshot {
  source: WorkingCopySource
  files: WorkingCopyFile[]
}

/**
 * An app pointed at a local checkout, as `argocd app diff --local`, but live: the folder is
 * watched (only what the app's render reads), and after each save the app is rendered from it
 * and compared with live; the state (diff, changed files, a render error beside the last good
 * diff) is published. start() makes the first diff; stop() ends the watch and waits for a running
 * render; a stopped session is closed.
 */
export class WorkingCopySession {
  private readonly work = new BackgroundWork()
  private readonly watcher: FolderWatcher | null
  private paths: string[] = ['']
  private current: WorkingCopyState

  constructor(private readonly deps: WorkingCopySessionDeps) {
    this.current = { app: deps.app().metadata.name, dir: deps.root, revision: '', files: [], diff: null, error: null, rendering: true, updatedAt: new Date().toISOString() }
    this.watcher = deps.watch === false ? null : new FolderWatcher({ root: deps.root, relevant: (path) => isReadPath(this.paths, path), onChange: (paths, unread) => this.update([...paths, ...unread]), debounceMs: deps.debounceMs ?? 50 })
  }

  /** The checkout's top folder. */
  get root(): string {
    return this.deps.root
  }

  get closed(): boolean {
    return this.work.closed
  }

  get state(): WorkingCopyState {
    return this.current
  }

  /** Watches the folder and makes the first diff (its failure is in the state, as any later one). */
  async start(): Promise<WorkingCopyState> {
    this.watcher?.start()
    await this.update()
    return this.current
  }

  async stop(): Promise<void> {
    // Closed first: a render still running ends without publishing.
    const closed = this.work.close()
    await this.watcher?.stop()
    await closed
    await this.deps.mirror.remove()
  }

  /** The working copy as it is now, for a sync (computed again: the files may have changed since the last diff). */
  async snapshot(): Promise<WorkingCopySnapshot> {
    const [head, files] = await Promise.all([headCommit(this.deps.root), changedFiles(this.deps.root)])
    const revision = `local:${await dirtyDigest(this.deps.root, head, files)}`
    return { source: { repoURL: this.deps.repoURL, root: this.deps.mirror.dir, revision }, files }
  }

  /** Renders and compares again now (after a save: the paths that changed; or asked for). */
  update(changed: string[] = []): Promise<void> {
    if (this.work.closed) return Promise.resolve()
    return this.work.track(this.renderOnce(changed))
  }

  private async renderOnce(changed: string[]): Promise<void> {
    this.set({ rendering: true })
    try {
      await this.deps.mirror.update(changed)
      const { source, files } = await this.snapshot()
      this.set({ revision: source.revision, files })
      const app = this.deps.app()
      const diff = await this.deps.diff(app, source)
      this.set({ diff, error: null, rendering: false })
      // What the render reads may have changed with the edit (a kustomization naming a new base); after the diff is out.
      this.paths = await readPaths(app, source).catch(() => this.paths)
    } catch (error) {
      // The last good diff stays beside the error.
      const { message, where } = toErrorData(workingCopyError(error))
      this.set({ error: where === undefined ? { message } : { message, where }, rendering: false })
    }
  }

  private set(patch: Partial<WorkingCopyState>): void {
    this.current = { ...this.current, ...patch, updatedAt: new Date().toISOString() }
    if (!this.work.closed) this.deps.publish(this.current)
  }
}
