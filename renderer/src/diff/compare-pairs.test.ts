import { describe, expect, it } from 'vitest'
import type { AppSummary } from '../../../shared/model'
import { appSetSiblings, sideTitle } from './compare-pairs'

const app = (name: string, appset?: string) => ({ name, ...(appset ? { appset } : {}) }) as AppSummary

describe('compare pairs', () => {
  it("offers the other apps of the app's ApplicationSet, by name; none for an app of its own", () => {
    const apps = [app('gb-ground-2', 'gb'), app('other-ground-1', 'other'), app('gb-ground-1', 'gb'), app('solo'), app('gb-ground-3', 'gb')]
    expect(appSetSiblings(apps, 'gb-ground-1').map((a) => a.name)).toEqual(['gb-ground-2', 'gb-ground-3'])
    expect(appSetSiblings(apps, 'solo')).toEqual([])
    expect(appSetSiblings(apps, 'missing')).toEqual([])
  })

  it('names a side as the picker shows it', () => {
    expect(sideTitle({ app: 'gb', live: true })).toBe('gb (live)')
    expect(sideTitle({ app: 'gb', revision: 'v1.2.0' })).toBe('gb at v1.2.0')
    expect(sideTitle({ app: 'gb' })).toBe('gb (Git)')
  })
})
