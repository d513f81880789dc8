import { describe, expect, it } from 'vitest'
import type { AppSummary } from '../../../shared/api'
import type { HealthStatus, SyncStatus } from '../../../shared/statuses'
import { compareBy, sortApps, type AppSort, type SortColumn } from './app-sort'
import { appMatcher, emptyFilter, filterOf, paramsOf, type AppFilter } from './filter'
import { selectedShown, withAllShown, withSelected } from './selection'

const app = (name: string, sync: SyncStatus | null, health: HealthStatus = 'Healthy', more: { finishedAt?: string; context?: string; repoURL?: string; revision?: string } = {}): AppSummary => ({
  name,
  project: 'default',
  repoURL: more.repoURL ?? 'https://git/apps',
  path: name,
  targetRevision: 'HEAD',
  destination: 'kind-dev',
  namespace: name,
  operationRunning: false,
  cascade: 'none',
  status:
    sync === null
      ? null
      : { name, context: more.context ?? 'kind-dev', sync, revision: more.revision ?? 'abc', health, healthMessage: '', conditions: [], reconciledAt: '', autoSync: false, rollbackAllowed: true, pruneAllNeedsConsent: false, needsAttention: false, ...(more.finishedAt ? { lastSync: { id: 1, revision: 'abc', finishedAt: more.finishedAt, user: 'me' } } : {}) },
})

/** The apps in the order the list shows them for a column's sort. */
const tableOrder = (apps: AppSummary[], column: SortColumn, desc = false) => sortApps(apps, { column, desc }).map((a) => a.name)

describe('sorting the app list', () => {
  const apps = [app('app-10', 'Synced', 'Degraded', { finishedAt: '2026-01-02T00:00:00Z' }), app('App-2', 'OutOfSync', 'Healthy'), app('app-1', null), app('web', 'Synced', 'Progressing', { finishedAt: '2026-01-01T00:00:00Z', context: 'a-cluster' })]

  it('orders names as people read them: case aside, app-2 before app-10', () => {
    expect(tableOrder(apps, 'name')).toEqual(['app-1', 'App-2', 'app-10', 'web'])
    expect(tableOrder(apps, 'name', true)).toEqual(['web', 'app-10', 'App-2', 'app-1'])
  })

  it('orders sync and health by their status lists (Synced first, health best first), an app not compared yet as Unknown, ties by name', () => {
    expect(tableOrder(apps, 'sync')).toEqual(['app-10', 'web', 'App-2', 'app-1'])
    expect(tableOrder(apps, 'health')).toEqual(['App-2', 'web', 'app-10', 'app-1'])
  })

  it('orders the last sync oldest first with never-synced apps before any, and the destination by context', () => {
    expect(tableOrder(apps, 'lastSync')).toEqual(['app-1', 'App-2', 'web', 'app-10'])
    expect(tableOrder(apps, 'lastSync', true)).toEqual(['app-10', 'web', 'App-2', 'app-1'])
    expect(tableOrder(apps, 'destination')[0]).toBe('web')
  })

  it('orders repositories, then paths, and revisions', () => {
    const more = [app('b', 'Synced', 'Healthy', { repoURL: 'https://git/zz', revision: '111' }), app('a', 'Synced', 'Healthy', { repoURL: 'https://git/aa', revision: 'fff' })]
    expect(tableOrder(more, 'repo')).toEqual(['a', 'b'])
    expect(tableOrder(more, 'revision')).toEqual(['b', 'a'])
    expect(compareBy.repo(app('x', 'Synced'), app('y', 'Synced'))).toBeLessThan(0)
  })
})

describe('the list: sorted, then filtered, and its selection', () => {
  const apps = Array.from({ length: 12 }, (_, i) => app(`app-${i}`, i % 3 ? 'Synced' : 'OutOfSync'))
  const shown = (sort: AppSort | undefined, filter: Partial<AppFilter>) => sortApps(apps, sort).filter(appMatcher({ ...emptyFilter, ...filter }, new Set()))

  it('shows the matching apps in the sort order', () => {
    expect(shown({ column: 'name', desc: true }, { text: 'app-1' }).map((a) => a.name)).toEqual(['app-11', 'app-10', 'app-1'])
    expect(shown({ column: 'name', desc: true }, { sync: 'OutOfSync' }).map((a) => a.name)).toEqual(['app-9', 'app-6', 'app-3', 'app-0'])
    expect(sortApps(apps, undefined)).toBe(apps)
  })

  it('"select all" selects the shown apps only; the bulk commands act on the selected apps that are shown', () => {
    const some = shown(undefined, { text: 'app-1' })
    let selection = withAllShown(new Set(['app-5']), some, true)
    expect([...selection].sort()).toEqual(['app-1', 'app-10', 'app-11', 'app-5'])
    expect(selectedShown(selection, some, apps)).toMatchObject({ all: true, some: true })
    expect(selectedShown(selection, shown(undefined, { text: 'app-11' }), apps).apps.map((a) => a.name)).toEqual(['app-11'])
    // In the apps' own order, whatever the sort.
    expect(selectedShown(selection, shown({ column: 'name', desc: true }, { text: 'app-1' }), apps).apps.map((a) => a.name)).toEqual(['app-1', 'app-10', 'app-11'])
    selection = withSelected(selection, 'app-10', false)
    expect(selectedShown(selection, some, apps)).toMatchObject({ all: false, some: true })
    expect([...withAllShown(selection, some, false)]).toEqual(['app-5'])
    expect(withSelected(selection, 'app-5', true)).toBe(selection)
  })
})

describe('a filter and sort as URL params', () => {
  it('keeps only what is set, and reads back as the same filter', () => {
    const filter = { ...filterOf(undefined), sync: 'OutOfSync', text: 'web', favouritesOnly: true }
    const params = paramsOf(filter, { column: 'health', desc: true })
    expect(params).toEqual({ sync: 'OutOfSync', text: 'web', favouritesOnly: true, sort: { column: 'health', desc: true } })
    expect(filterOf(params)).toEqual(filter)
    expect(paramsOf(filterOf(undefined), undefined)).toBeUndefined()
  })
})
