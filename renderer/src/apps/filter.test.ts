import { describe, expect, it } from 'vitest'
import type { AppSummary } from '../../../shared/api'
import { emptyFilter, filterApps } from './filter'

const app = (name: string, sync: 'Synced' | 'OutOfSync', more: Partial<AppSummary> = {}): AppSummary => ({
  name,
  project: 'default',
  repoURL: 'https://git/apps',
  path: name,
  targetRevision: 'HEAD',
  destination: 'kind-dev',
  namespace: name,
  operationRunning: false,
  cascade: 'none',
  status: { name, context: 'kind-dev', sync, revision: 'abc', health: 'Healthy', healthMessage: '', conditions: [], reconciledAt: '', autoSync: false, rollbackAllowed: true, pruneAllNeedsConsent: false, needsAttention: sync !== 'Synced' },
  ...more,
})

describe('filterApps', () => {
  const apps = [app('shop', 'OutOfSync'), app('blog', 'Synced'), app('shop-api', 'Synced', { project: 'team' })]

  it('matches every word of the search anywhere in name, repo, path or destination', () => {
    expect(filterApps(apps, { ...emptyFilter, text: 'shop' }, new Set()).map((a) => a.name)).toEqual(['shop', 'shop-api'])
    expect(filterApps(apps, { ...emptyFilter, text: 'shop api' }, new Set()).map((a) => a.name)).toEqual(['shop-api'])
  })

  it('combines filters, and favourites', () => {
    expect(filterApps(apps, { ...emptyFilter, sync: 'Synced', project: 'default' }, new Set()).map((a) => a.name)).toEqual(['blog'])
    expect(filterApps(apps, { ...emptyFilter, favouritesOnly: true }, new Set(['blog'])).map((a) => a.name)).toEqual(['blog'])
  })
})
