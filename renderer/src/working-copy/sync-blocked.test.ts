import { describe, expect, it } from 'vitest'
import type { WorkingCopyState } from '../../../shared/model'
import { syncBlockedReason } from './sync-blocked'

const state = (patch: Partial<WorkingCopyState>): WorkingCopyState => ({ app: 'a', dir: '/src/repo', revision: 'local:abc', files: [], diff: { status: 'OutOfSync', context: 'dev', revision: 'local:abc', resources: [] }, error: null, rendering: false, updatedAt: '2026-12-07T00:00:00Z', ...patch })

describe('Sync working copy', () => {
  it('is blocked, saying why, while the working copy fails to render (even beside the last good diff)', () => {
    expect(syncBlockedReason(state({}))).toBeNull()
    expect(syncBlockedReason(state({ error: { message: 'missing-file.yaml: no such file', where: 'app/kustomization.yaml' } }))).toBe('The working copy fails to render (app/kustomization.yaml: missing-file.yaml: no such file): fix it to sync')
    expect(syncBlockedReason(state({ diff: null, rendering: true }))).toBe('The working copy is rendering')
  })
})
