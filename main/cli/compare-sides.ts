import type { CompareSide } from '../../shared/model'
import { UserError } from '../engine/base/errors'

/** The options of `gitops-desk diff` that pick what an app is compared with. */
export interface CompareOptions {
  against?: string
  revision?: string[]
  live?: boolean
  /** A working copy: its own diff (the checkout against live), not one side of a side-by-side compare. */
  local?: string
  /** The options of the usual live-against-Git diff, which a side-by-side compare does not take. */
  clientSide?: boolean
  context?: string
}

/**
 * The two sides `gitops-desk diff APP` compares, or null for the usual diff (live against Git):
 * `--against APP2` (both rendered, or both live with --live), `--revision REV` (the app's
 * targetRevision, or its live objects with --live, against REV), `--revision A --revision B`.
 * One kind of "other side" at a time; a working copy (`--local DIR`) is one more kind.
 */
export function comparisonSides(app: string, options: CompareOptions): [CompareSide, CompareSide] | null {
  const revisions = options.revision ?? []
  const kinds = [options.against ? '--against' : '', revisions.length ? '--revision' : ''].filter(Boolean)
  if (options.local && kinds.length) throw new UserError('Invalid', `--local diffs the working copy against live; it does not combine with ${kinds.join(', ')}`, '--local')
  if (kinds.length === 0) {
    if (options.live) throw new UserError('Invalid', '--live compares live objects with another app (--against APP2) or a revision (--revision REV); without them, diff always compares live with Git', '--live')
    return null
  }
  if (kinds.length > 1) throw new UserError('Invalid', `give one of ${kinds.join(', ')}, not both`, kinds[1])
  const usual = [options.clientSide ? '--client-side' : '', options.context ? '--context' : ''].filter(Boolean)
  if (usual.length) throw new UserError('Invalid', `${usual.join(' and ')} apply to the live-against-Git diff, not to ${kinds[0]}`, usual[0])
  if (options.against) return options.live ? [{ app, live: true }, { app: options.against, live: true }] : [{ app }, { app: options.against }]
  if (revisions.length > 2) throw new UserError('Invalid', `--revision is given at most twice (two revisions compared), not ${revisions.length} times`, '--revision')
  if (revisions.length === 2) {
    if (options.live) throw new UserError('Invalid', '--live with two revisions: a live side has no revision; give one --revision to compare live with it', '--live')
    return [{ app, revision: revisions[0]! }, { app, revision: revisions[1]! }]
  }
  return [options.live ? { app, live: true } : { app }, { app, revision: revisions[0]! }]
}
