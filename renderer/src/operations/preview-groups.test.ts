import { describe, expect, it } from 'vitest'
import type { ResourceResult } from '../../../shared/model'
import { answerOf, previewGroups } from './preview-groups'

const r = (key: string, fields: Partial<ResourceResult>): ResourceResult => ({ key, phase: 'Sync', wave: 0, action: 'apply', code: 'Synced', message: '', ...fields })

describe('the preview of a dry run', () => {
  it('groups each answer, failures first, counts them, and says what changes', () => {
    const results = [
      r('/Service/demo/web', { outcome: 'unchanged' }),
      r('apps/Deployment/demo/web', { outcome: 'configured', changed: ['spec.replicas'] }),
      r('/ConfigMap/demo/new', { outcome: 'created' }),
      r('/ConfigMap/demo/old', { action: 'prune', code: 'Pruned', outcome: 'pruned' }),
      r('/Secret/demo/kept', { action: 'prune', code: 'PruneSkipped', message: 'ignored (requires pruning)' }),
      r('/ConfigMap/demo/bad', { code: 'SyncFailed', message: 'ConfigMap "bad" is invalid' }),
      r('example.com/Widget/demo/w', { code: 'Pending' }),
    ]
    const groups = previewGroups(results)
    expect(groups.map((g) => `${g.title} (${g.resources.length})`)).toEqual(['Would fail (1)', 'Created (1)', 'Configured (1)', 'Would be pruned (1)', 'Not in Git, kept (prune is off) (1)', 'Unchanged (1)', 'Not checked by the dry run (1)'])
    expect(results.map(answerOf)).toEqual(['unchanged', 'configured: spec.replicas', 'created', 'would be pruned', 'ignored (requires pruning)', 'ConfigMap "bad" is invalid', 'not checked'])
  })

  it('leaves out empty groups', () => {
    expect(previewGroups([r('/Service/demo/web', { outcome: 'unchanged' })]).map((g) => g.id)).toEqual(['unchanged'])
    expect(previewGroups([])).toEqual([])
  })
})
