import type { ResourceResult } from '../../../shared/model'

export type PreviewGroupId = 'created' | 'configured' | 'unchanged' | 'pruned' | 'not-pruned' | 'failed' | 'unchecked'

export interface PreviewGroup {
  id: PreviewGroupId
  title: string
  resources: ResourceResult[]
}

const titles: Record<PreviewGroupId, string> = {
  failed: 'Would fail',
  created: 'Created',
  configured: 'Configured',
  pruned: 'Would be pruned',
  'not-pruned': 'Not in Git, kept (prune is off)',
  unchanged: 'Unchanged',
  unchecked: 'Not checked by the dry run',
}
/** Failures first, then what changes, then what does not. */
const order: PreviewGroupId[] = ['failed', 'created', 'configured', 'pruned', 'not-pruned', 'unchanged', 'unchecked']

function groupOf(r: ResourceResult): PreviewGroupId {
  if (r.code === 'SyncFailed') return 'failed'
  if (r.outcome) return r.outcome
  if (r.code === 'PruneSkipped') return 'not-pruned'
  // Skipped by the dry run: a custom resource whose CRD comes in the same sync, an object in a namespace it creates.
  return 'unchecked'
}

/** A dry run's answers grouped as the preview shows them: each group named and counted, empty groups left out. */
export function previewGroups(resources: ResourceResult[]): PreviewGroup[] {
  const groups = new Map<PreviewGroupId, ResourceResult[]>()
  for (const r of resources) groups.set(groupOf(r), [...(groups.get(groupOf(r)) ?? []), r])
  return order.filter((id) => groups.has(id)).map((id) => ({ id, title: titles[id], resources: groups.get(id)! }))
}

/** One resource's answer as a line: configured: spec.replicas, created, would be pruned, the error. */
export function answerOf(r: ResourceResult): string {
  if (r.code === 'SyncFailed') return r.message
  if (r.outcome === 'configured') return `configured: ${(r.changed ?? []).join(', ') || 'changes'}`
  if (r.outcome === 'pruned') return 'would be pruned'
  if (r.outcome) return r.outcome
  return r.message || 'not checked'
}
