import { describe, expect, it } from 'vitest'
import { historyMark } from './history-mark'

describe('historyMark', () => {
  it('the newest finished sync is deployed; an older one offers a rollback', () => {
    expect(historyMark({ id: 2 }, 2)).toBe('deployed')
    expect(historyMark({ id: 1 }, 2)).toBe('rollback')
  })

  it('the newest sync a crash interrupted is not called deployed', () => {
    expect(historyMark({ id: 2, interrupted: { operation: 'op', applied: ['/ConfigMap/ns/early'] } }, 2)).toBe('interrupted')
  })
})
