import { describe, expect, it } from 'vitest'
import type { Operation } from '../../../shared/api'
import { pickOperation } from './pick-operation'

const op = (id: string, startedAt: string, phase: Operation['phase'] = 'Running'): Operation => ({ id, app: 'guestbook', kind: 'sync', initiator: 'user', dryRun: false, context: 'kind-a', revision: '', attempts: 1, startedAt, phase, message: '', resources: [], applied: [] })

describe('which operation the details view shows', () => {
  it('takes the event’s copy of the operation it loaded (the events are newer)', () => {
    const loaded = op('1', '2026-01-01T00:00:00Z')
    const fromEvents = op('1', '2026-01-01T00:00:00Z', 'Succeeded')
    expect(pickOperation(fromEvents, loaded)).toBe(fromEvents)
  })

  it('takes whichever of two different operations started later', () => {
    const older = op('1', '2026-01-01T00:00:00Z', 'Failed')
    const newer = op('2', '2026-01-01T00:05:00Z')
    expect(pickOperation(older, newer)).toBe(newer)
    expect(pickOperation(newer, older)).toBe(newer)
  })

  it('takes the one there is, or none', () => {
    const one = op('1', '2026-01-01T00:00:00Z')
    expect(pickOperation(undefined, one)).toBe(one)
    expect(pickOperation(one, null)).toBe(one)
    expect(pickOperation(undefined, null)).toBeNull()
  })
})
