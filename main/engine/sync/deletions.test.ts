import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDeskStore } from '../store/desk-store'
import { deletionConditions, deletionOf, deletionState, refuseIfDeleting, saveDeletion } from './deletions'

const record = (phase: 'Deleting' | 'Failed', pid = process.pid) => ({ app: 'shop', cascade: 'foreground' as const, context: 'prod', startedAt: '2026-12-06T00:00:00Z', phase, consent: { resources: true }, pid, ...(phase === 'Failed' ? { error: 'still waiting for /Service/ns/web' } : {}) })

describe('a deletion under way', () => {
  it('refuses every operation for its app, saying what to do', () => {
    const store = openDeskStore(mkdtempSync(join(tmpdir(), 'gitops-desk-deletions-')))
    expect(() => refuseIfDeleting(store, 'shop', 'sync')).not.toThrow()
    saveDeletion(store, record('Deleting'))
    expect(() => refuseIfDeleting(store, 'shop', 'sync')).toThrow('shop is being deleted: no sync may start; wait for the deletion to finish')
    expect(() => refuseIfDeleting(store, 'other', 'sync')).not.toThrow()
    expect(deletionConditions(deletionOf(store, 'shop'))).toEqual([])
    saveDeletion(store, record('Failed'))
    expect(() => refuseIfDeleting(store, 'shop', 'rollback')).toThrow(/no rollback may start; its deletion stopped \(still waiting for \/Service\/ns\/web\): retry it \(gitops-desk app retry-delete shop\) or cancel it/)
    expect(deletionConditions(deletionOf(store, 'shop'))).toEqual([{ type: 'DeletionError', message: expect.stringMatching(/^the deletion of the app from prod could not finish: still waiting/) }])
    expect(deletionState(deletionOf(store, 'shop'))).not.toHaveProperty('consent')
  })

  it('whose process died is a stopped one, to retry or cancel', () => {
    const store = openDeskStore(mkdtempSync(join(tmpdir(), 'gitops-desk-deletions-')))
    saveDeletion(store, record('Deleting', 2 ** 22 + 12345)) // above Linux's pid_max: no such process
    expect(deletionOf(store, 'shop')).toMatchObject({ phase: 'Failed', error: expect.stringMatching(/^interrupted/) })
  })
})
