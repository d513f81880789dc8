import { describe, expect, it } from 'vitest'
import { isActive, parseDuration, windowBlock, windowProblem, type SyncWindowSpec } from './sync-windows'

const target = { app: 'shop', namespace: 'prod', server: 'https://10.0.0.1', cluster: 'prod-eu' }
const at = (iso: string) => new Date(iso)
// Every day 22:00–23:00 UTC.
const nightly = (kind: 'allow' | 'deny', more: Partial<SyncWindowSpec> = {}): SyncWindowSpec => ({ kind, schedule: '0 22 * * *', duration: '1h', applications: ['*'], ...more })

describe('sync windows', () => {
  it('parses Go durations and rejects others', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000)
    expect(parseDuration('45s')).toBe(45_000)
    expect(parseDuration('1 hour')).toBeNull()
    expect(windowProblem({ schedule: '0 22 * * *', duration: 'soon' })).toEqual({ field: 'duration', message: expect.stringMatching(/not a duration/) })
    expect(windowProblem({ schedule: 'at night', duration: '1h' })?.field).toBe('schedule')
  })

  it('is active from each scheduled start for its duration, in its time zone', () => {
    expect(isActive(nightly('deny'), at('2026-11-24T22:30:00Z'))).toBe(true)
    expect(isActive(nightly('deny'), at('2026-11-24T22:00:00Z'))).toBe(true)
    expect(isActive(nightly('deny'), at('2026-11-24T23:00:00Z'))).toBe(false)
    expect(isActive(nightly('deny'), at('2026-11-24T12:00:00Z'))).toBe(false)
    // 22:00 in Berlin (UTC+1 in November) is 21:00 UTC.
    expect(isActive(nightly('deny', { timeZone: 'Europe/Berlin' }), at('2026-11-24T21:30:00Z'))).toBe(true)
  })

  it('stays active in the last second before its next start (a window every minute is always on)', () => {
    const always = nightly('deny', { schedule: '* * * * *' })
    for (const iso of ['2026-11-24T12:00:59.500Z', '2026-11-24T12:00:59.999Z', '2026-11-24T12:01:00.000Z', '2026-11-24T12:01:00.400Z']) expect(isActive(always, at(iso)), iso).toBe(true)
    expect(isActive(nightly('deny'), at('2026-11-24T21:59:59.500Z'))).toBe(false)
    expect(isActive(nightly('deny'), at('2026-11-24T22:59:59.500Z'))).toBe(true)
  })

  it('an active deny window blocks, unless the sync is manual and the window allows manual syncs', () => {
    const inside = at('2026-11-24T22:10:00Z')
    expect(windowBlock([nightly('deny')], target, inside, false)).toMatch(/blocked by the active deny window "0 22 \* \* \*" for 1h/)
    expect(windowBlock([nightly('deny')], target, inside, true)).toMatch(/blocked/)
    expect(windowBlock([nightly('deny', { manualSync: true })], target, inside, true)).toBeNull()
    expect(windowBlock([nightly('deny')], target, at('2026-11-24T10:00:00Z'), false)).toBeNull()
  })

  it('allow windows permit only while active; a deny window wins over an allow window', () => {
    expect(windowBlock([nightly('allow')], target, at('2026-11-24T22:10:00Z'), false)).toBeNull()
    expect(windowBlock([nightly('allow')], target, at('2026-11-24T10:00:00Z'), false)).toMatch(/outside every allow window/)
    expect(windowBlock([nightly('allow', { manualSync: true })], target, at('2026-11-24T10:00:00Z'), true)).toBeNull()
    expect(windowBlock([nightly('allow'), nightly('deny')], target, at('2026-11-24T22:10:00Z'), false)).toMatch(/deny/)
  })

  it('applies only to matching apps, namespaces or clusters', () => {
    const inside = at('2026-11-24T22:10:00Z')
    expect(windowBlock([nightly('deny', { applications: ['other-*'] })], target, inside, false)).toBeNull()
    expect(windowBlock([nightly('deny', { applications: [], namespaces: ['prod'] })], target, inside, false)).toMatch(/blocked/)
    expect(windowBlock([nightly('deny', { applications: [], clusters: ['prod-*'] })], target, inside, false)).toMatch(/blocked/)
    expect(windowBlock([nightly('deny', { applications: [], clusters: ['https://10.0.0.1'] })], target, inside, false)).toMatch(/blocked/)
  })
})
