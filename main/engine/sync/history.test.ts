import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Application } from '../model/app-schema'
import { openDeskStore } from '../store/desk-store'
import { historyOf, recordHistory, resultsOf } from './history'

const guestbook = Application.parse({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'guestbook' },
  spec: { source: { repoURL: 'https://example.com/r.git', path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'g' } },
})

describe('history of syncs', () => {
  it("keeps each resource's result of the sync (kind/name, action, code, message), read back after re-opening", () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-history-'))
    const state = {
      resources: [
        { key: '/Service/g/web', phase: 'Sync' as const, wave: 0, action: 'apply' as const, code: 'Synced' as const, message: 'service/web created' },
        { key: 'apps/Deployment/g/web', phase: 'Sync' as const, wave: 1, action: 'apply' as const, code: 'Synced' as const, message: 'deployment.apps/web configured' },
      ],
    }
    recordHistory(openDeskStore(dir), guestbook, { revisions: ['abc1234'], startedAt: new Date(), context: 'dev', resources: resultsOf(state) })
    const [entry] = historyOf(openDeskStore(dir), 'guestbook')
    expect(entry?.resources).toEqual([
      { key: '/Service/g/web', action: 'apply', code: 'Synced', message: 'service/web created' },
      { key: 'apps/Deployment/g/web', action: 'apply', code: 'Synced', message: 'deployment.apps/web configured' },
    ])
  })

  it('an entry written before results were recorded reads back without them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-history-'))
    recordHistory(openDeskStore(dir), guestbook, { revisions: ['abc1234'], startedAt: new Date(), context: 'dev' })
    expect(historyOf(openDeskStore(dir), 'guestbook')[0]).not.toHaveProperty('resources')
  })
})
