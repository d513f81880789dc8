import { watch, type FSWatcher } from 'node:fs'
import { sep } from 'node:path'
import { BackgroundWork } from '../base/background-work'
import { ignoredPaths } from './working-copy-git'

export interface FolderWatcherOptions {
  /** The checkout's top folder. */
  root: string
  /** Whether a changed path (relative to the root, '/'-separated) is one the app's render reads. */
  relevant(path: string): boolean
  /**
   * Called with the changed read paths after a quiet spell; never twice at once (changes meanwhile
   * make one more call). `unread`: the other paths changed since the last call (not ignored), which
   * alone never make a call.
   */
  onChange(paths: string[], unread: string[]): Promise<void>
  /** How long the folder must stay quiet before onChange (a save often writes several times). */
  debounceMs?: number
  /** Which paths git ignores (the checkout's .gitignore); a test may give its own. */
  ignored?(root: string, paths: string[]): Promise<Set<string>>
}

/**
 * Watches a working copy for the changes an app's render depends on: `.git` and the files git
 * ignores are left out, then only what `relevant` keeps. Changes are batched until the folder
 * has been quiet for `debounceMs`. start() opens the watch; stop() closes it and waits for a
 * running onChange to end; a stopped watcher is closed for good.
 */
export class FolderWatcher {
  private readonly work = new BackgroundWork()
  private watcher: FSWatcher | null = null
  private timer: NodeJS.Timeout | null = null
  private pending = new Set<string>()
  private unread = new Set<string>()
  private running: Promise<void> | null = null

  constructor(private readonly options: FolderWatcherOptions) {}

  get closed(): boolean {
    return this.work.closed
  }

  start(): void {
    if (this.work.closed) throw new Error('the folder watcher is closed')
    if (this.watcher) return
    this.watcher = watch(this.options.root, { recursive: true, persistent: false }, (_event, name) => {
      if (name !== null) this.noticed(String(name))
    })
    // A watch that breaks (the folder removed) stops watching; the last state stays shown.
    this.watcher.on('error', () => this.watcher?.close())
  }

  async stop(): Promise<void> {
    this.watcher?.close()
    this.watcher = null
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.work.close()
  }

  private noticed(name: string): void {
    if (this.work.closed) return
    const path = name.split(sep).join('/')
    if (path === '.git' || path.startsWith('.git/')) return
    if (!this.options.relevant(path)) return this.noticedUnread(path)
    this.pending.add(path)
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.flush(), this.options.debounceMs ?? 100)
  }

  /** Many unread changes (a build, a branch switch): '' stands for "anything may have changed". */
  private noticedUnread(path: string): void {
    if (this.unread.has('')) return
    if (this.unread.size >= 1000) this.unread = new Set([''])
    else this.unread.add(path)
  }

  private flush(): void {
    this.timer = null
    if (this.running || this.work.closed || !this.pending.size) return
    const paths = [...this.pending]
    const unread = [...this.unread]
    this.pending = new Set()
    this.unread = new Set()
    this.running = this.work.track(this.deliver(paths, unread)).finally(() => {
      this.running = null
      // What changed while onChange ran gets its own call.
      if (this.pending.size) this.flush()
    })
  }

  private async deliver(paths: string[], unread: string[]): Promise<void> {
    const ignored = await (this.options.ignored ?? ignoredPaths)(this.options.root, [...paths, ...unread].filter(Boolean)).catch(() => new Set<string>())
    const kept = paths.filter((p) => !ignored.has(p))
    // Unread changes wait for the next call (the watch of what the render reads may grow to them).
    const others = unread.filter((p) => !ignored.has(p))
    if (!kept.length) for (const p of others) this.unread.add(p)
    if (kept.length && !this.work.closed) await this.options.onChange(kept.sort(), others.sort()).catch(() => undefined)
  }
}
