import { describe, expect, it } from 'vitest'
import { optionOf } from './sync-options'

describe('optionOf', () => {
  it('reads an option case-insensitively in its value, the last one winning (resource over app)', () => {
    expect(optionOf(['ServerSideApply=true', 'Validate=false', 'ServerSideApply=False'], 'ServerSideApply')).toBe('false')
    expect(optionOf(['Validate=false'], 'Replace')).toBeUndefined()
    expect(optionOf(['PrunePropagationPolicy=background'], 'PrunePropagationPolicy')).toBe('background')
  })
})
