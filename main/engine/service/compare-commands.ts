import type { CompareSide, ComparedSide, SidesComparison } from '../../../shared/model'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import type { TrackingMethod } from '../base/tracking'
import { compareSides, type SideObjects } from '../diff/compare-sides'
import type { KubeApi } from '../kube/kube-api'
import { sourcesOf, type Application } from '../model/app-schema'
import type { Engine } from '../reconcile/engine'
import { hookPhases } from '../sync/plan'
import { pinRevisions } from '../sync/prepare'

/** What a compare reads (the engine's, see compareDepsOf): stored apps, renders, live objects, dry runs. */
export interface CompareSidesDeps {
  app(name: string): Application
  destinationContext(app: Application): Promise<string>
  /** The app's live objects in a context (its tracking id). */
  trackedObjects(app: Application, context: string): Promise<K8sObject[]>
  render(app: Application): Promise<{ objects: K8sObject[]; sources: { commit: string }[] }>
  /** Rendered objects as targets for a context: child apps apart, excluded kinds out. */
  splitTargets(objects: K8sObject[], context: string): Promise<{ targets: K8sObject[] }>
  client(context: string): KubeApi
  trackingMethod(): TrackingMethod
}

/** The compare's reads, from the engine. */
export function compareDepsOf(engine: Engine, app: (name: string) => Application, destinationContext: (app: Application) => Promise<string>): CompareSidesDeps {
  return {
    app,
    destinationContext,
    trackedObjects: (a, context) => engine.trackedObjects(a, context),
    render: (a) => engine.render(a),
    splitTargets: (objects, context) => engine.splitTargets(objects, context),
    client: (context) => engine.client(context),
    trackingMethod: () => engine.store.read().settings.trackingMethod,
  }
}

type ResolvedSide = SideObjects & { side: ComparedSide }

/** How many dry runs a rendered side sends at once to the live side's cluster. */
const parallelDryRuns = 8

/**
 * Side by side: two of {an app's rendered target (at its targetRevision or another revision), an
 * app's live objects} compared in the whole-app diff: the same app on two clusters, two
 * revisions, Git against another app's live state. Reads only; nothing here changes a cluster.
 */
export class CompareCommands {
  constructor(private readonly deps: CompareSidesDeps) {}

  async compare(left: CompareSide, right: CompareSide): Promise<SidesComparison> {
    if (left.live && right.live && left.app === right.app) throw new UserError('Invalid', `both sides are ${left.app}'s live objects: compare it with another app or a revision`, left.app)
    const [l, r] = await Promise.all([this.resolve(left), this.resolve(right)])
    // Rendered against live: the rendered side is predicted on the live side's cluster (a dry
    // run, as the live diff does), so server defaults do not show as differences.
    const [leftSide, rightSide] = l.live === r.live ? [l, r] : l.live ? [l, await this.predicted(r, l.side.context)] : [await this.predicted(l, r.side.context), r]
    const result = compareSides(leftSide, rightSide, this.deps.trackingMethod())
    return { status: result.status, left: l.side, right: r.side, resources: result.resources }
  }

  private async resolve(side: CompareSide): Promise<ResolvedSide> {
    const stored = this.deps.app(side.app)
    const deps = this.deps
    const context = await this.deps.destinationContext(stored)
    const notHook = (o: K8sObject) => hookPhases(o).length === 0
    if (side.live) {
      const objects = (await deps.trackedObjects(stored, context)).filter(notHook)
      return { label: `${side.app}@${context}`, objects, live: true, side: { app: side.app, context, live: true, revision: '', label: `${side.app}@${context}` } }
    }
    const app = side.revision ? pinRevisions(stored, side.revision.split(',')) : stored
    const rendered = await deps.render(app)
    const { targets } = await deps.splitTargets(rendered.objects, context)
    const revision = rendered.sources.map((s) => s.commit).join(',')
    const label = `${side.app}@${side.revision ?? sourcesOf(app).map((s) => s.targetRevision || 'HEAD').join(',')}`
    return { label, objects: targets.filter(notHook), live: false, side: { app: side.app, context, live: false, revision, label } }
  }

  /** A rendered side as the live side's cluster would store it (a dry run each; what it refuses stays as rendered). */
  private async predicted(side: ResolvedSide, context: string): Promise<ResolvedSide> {
    const client = this.deps.client(context)
    const objects: K8sObject[] = []
    for (let i = 0; i < side.objects.length; i += parallelDryRuns) {
      const batch = side.objects.slice(i, i + parallelDryRuns)
      objects.push(...(await Promise.all(batch.map((o) => client.apply(o, { dryRun: true, force: true }).catch((error: unknown) => {
        if (error instanceof UserError) return o
        throw error
      })))))
    }
    return { ...side, objects }
  }
}
