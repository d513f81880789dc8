import { createTable, getCoreRowModel, type TableState } from '@tanstack/react-table'
import { describe, expect, it } from 'vitest'
import type { AppSummary } from '../../../shared/api'
import type { HealthStatus, SyncStatus } from '../../../shared/statuses'
import { appColumns } from './app-columns'
import { compareBy, sortApps, type AppSort, type SortColumn } from './app-sort'
import { appMatcher, emptyFilter, filterOf, paramsOf } from './filter'
import { shownRowModel, type Shows } from './shown-rows'

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

/** The list's table as AppList builds it: the apps sorted, then the shown ones (filter.ts) as its filtered rows. */
const listTable = (apps: AppSummary[], sort: AppSort | undefined, shows: Shows = { shows: () => true }) => {
  const table = createTable<AppSummary>({ data: sortApps(apps, sort), columns: appColumns, getRowId: (a) => a.name, manualSorting: true, getCoreRowModel: getCoreRowModel(), getFilteredRowModel: shownRowModel, state: {}, onStateChange: () => undefined, renderFallbackValue: null })
  let state: TableState = { ...table.initialState, sorting: sort ? [{ id: sort.column, desc: sort.desc }] : [], globalFilter: shows }
  table.setOptions((options) => ({ ...options, state, onStateChange: (updater) => void (state = typeof updater === 'function' ? updater(state) : updater, table.setOptions((o) => ({ ...o, state }))) }))
  return table
}
/** The apps in the order the list's table shows them. */
const tableOrder = (apps: AppSummary[], column: SortColumn, desc = false) =>
  listTable(apps, { column, desc })
    .getRowModel()
    .rows.map((r) => r.id)

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

describe('the list table: sorted, then filtered', () => {
  const apps = Array.from({ length: 12 }, (_, i) => app(`app-${i}`, i % 3 ? 'Synced' : 'OutOfSync'))

  it('shows the matching apps in the sort order, the same row objects whatever the search', () => {
    const table = listTable(apps, { column: 'name', desc: true })
    const rowOf = (id: string) => table.getRowModel().rowsById[id]
    const before = rowOf('app-10')
    table.setGlobalFilter({ shows: appMatcher({ ...emptyFilter, text: 'app-1' }, new Set()) })
    expect(table.getRowModel().rows.map((r) => r.id)).toEqual(['app-11', 'app-10', 'app-1'])
    expect(rowOf('app-10')).toBe(before)
    table.setGlobalFilter({ shows: appMatcher({ ...emptyFilter, sync: 'OutOfSync' }, new Set()) })
    expect(table.getRowModel().rows.map((r) => r.id)).toEqual(['app-9', 'app-6', 'app-3', 'app-0'])
  })

  it('"select all" selects the shown apps only, and the selected rows are the shown ones', () => {
    const table = listTable(apps, undefined, { shows: appMatcher({ ...emptyFilter, text: 'app-1' }, new Set()) })
    table.toggleAllRowsSelected(true)
    expect(table.getIsAllRowsSelected()).toBe(true)
    expect(table.getFilteredSelectedRowModel().rows.map((r) => r.id)).toEqual(['app-1', 'app-10', 'app-11'])
    table.setGlobalFilter({ shows: appMatcher({ ...emptyFilter, text: 'app-11' }, new Set()) })
    expect(table.getFilteredSelectedRowModel().rows.map((r) => r.id)).toEqual(['app-11'])
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
