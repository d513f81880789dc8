import { sourcesOf, type Application } from '../model/app-schema'
import { errorMessage } from '../base/errors'
import type { K8sObject } from '../base/objects'
import type { AppComparison } from './ports'
import type { ReconcileMode } from './queue'
import type { TargetIndex } from './target-index'
import type { RenderOptions } from '../render/render-service'
import { timed } from '../base/stage-clock'

/** An app's render as compared: its objects, revision, commit message, and the cluster and spec it was made for. */
export interface Rendered {
  objects: K8sObject[]
  revision: string
  message: string
  context: string
  spec: string
}

/**
 * The last good render of each app. A watch event compares the one kept (Git untouched); other
 * runs render again, and a plugin that fails keeps the app on its last good render (same spec,
 * same cluster) with the reason. Every render also updates the index of which app renders what.
 */
export class LastGoodRenders {
  private readonly rendered = new Map<string, Rendered>()

  constructor(
    private readonly engine: Pick<AppComparison, 'render' | 'repos'>,
    private readonly targets: TargetIndex,
  ) {}

  /** The render to compare now, and why it is an older one when a plugin failed. */
  async forCompare(app: Application, context: string, mode: ReconcileMode, fetch: Pick<RenderOptions, 'maxFetchAgeMs' | 'fetchedSince' | 'stages'>): Promise<{ rendered: Rendered; failure?: string }> {
    const name = app.metadata.name
    const kept = this.rendered.get(name)
    if (mode === 'watch' && kept && kept.context === context) return { rendered: kept }
    const spec = JSON.stringify(app.spec)
    try {
      const result = await this.engine.render(app, { hard: mode === 'hard', ...fetch })
      const first = result.sources[0]
      const message = first ? await timed(fetch.stages, 'fetch', () => this.engine.repos.commitMessage(first.repoURL, first.commit)) : ''
      const fresh = { objects: result.objects, revision: result.sources.map((s) => s.commit).join(','), message, context, spec }
      this.rendered.set(name, fresh)
      this.targets.set(name, context, fresh.objects)
      return { rendered: fresh }
    } catch (error) {
      const usesPlugin = sourcesOf(app).some((s) => s.plugin !== undefined)
      if (!usesPlugin || !kept || kept.context !== context || kept.spec !== spec) throw error
      return { rendered: kept, failure: `${errorMessage(error)} (comparing the last good render, ${kept.revision.slice(0, 8)})` }
    }
  }

  forget(name: string): void {
    this.rendered.delete(name)
    this.targets.delete(name)
  }
}
