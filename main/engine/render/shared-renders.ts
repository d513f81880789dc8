import type { K8sObject } from '../base/objects'

/** A render of an app's sources before the app's own finishing (tracking, namespace): its objects, and why each source is stale. */
export interface SourcesRender {
  objects: K8sObject[]
  /** Per source: why its output came from the last good dependencies (undefined: fresh). */
  stale: (string | undefined)[]
}

/**
 * Renders shared by the apps whose inputs are the same (see sharedRenderKeyParts): apps asking
 * while one renders wait for it, and the last few renders are kept in memory, so a hundred apps
 * of one repository, path and revision render it once. Each caller gets its own copy. A failure
 * is shared only by the callers already waiting; a stale render is not kept.
 */
export class SharedRenders {
  private readonly running = new Map<string, Promise<SourcesRender>>()
  private readonly kept = new Map<string, SourcesRender>()
  /** Renders run and renders shared, for tests and benchmarks. */
  readonly stats = { rendered: 0, shared: 0 }

  constructor(private readonly maxKept = 32) {}

  /** The render of `key`: a kept one, the one running, or a new one (`fresh`: always a new one). */
  async run(key: string, render: () => Promise<SourcesRender>, { fresh = false } = {}): Promise<SourcesRender> {
    const kept = fresh ? undefined : this.kept.get(key)
    if (kept) {
      this.stats.shared++
      this.kept.delete(key) // recently used last
      this.kept.set(key, kept)
      return structuredClone(kept)
    }
    const running = fresh ? undefined : this.running.get(key)
    if (running) this.stats.shared++
    const result = await (running ?? this.start(key, render))
    return structuredClone(result)
  }

  private start(key: string, render: () => Promise<SourcesRender>): Promise<SourcesRender> {
    this.stats.rendered++
    const started = render().then((result) => {
      if (result.stale.every((s) => s === undefined)) this.keep(key, result)
      return result
    })
    const tracked = started.finally(() => {
      if (this.running.get(key) === tracked) this.running.delete(key)
    })
    this.running.set(key, tracked)
    return tracked
  }

  private keep(key: string, result: SourcesRender): void {
    this.kept.delete(key)
    this.kept.set(key, result)
    while (this.kept.size > this.maxKept) this.kept.delete(this.kept.keys().next().value!)
  }
}
