import { describe, expect, it } from 'vitest'
import { wholeNumberProblem } from './number-problem'

describe('wholeNumberProblem', () => {
  it.each([
    ['0', 'Enter a whole number from 1 to 3600: 0 is too small.'],
    ['-5', 'Enter a whole number from 1 to 3600: -5 is too small.'],
    ['99999', 'Enter a whole number from 1 to 3600: 99999 is too large.'],
    ['2.5', 'Enter a whole number from 1 to 3600, not 2.5.'],
    ['', 'Enter a whole number from 1 to 3600.'],
  ])('refuses %j', (text, message) => expect(wholeNumberProblem(text, 1, 3600)).toBe(message))

  it('accepts a whole number within the bounds', () => {
    expect(wholeNumberProblem('1', 1, 3600)).toBeNull()
    expect(wholeNumberProblem('3600', 1, 3600)).toBeNull()
    expect(wholeNumberProblem('100000', 10)).toBeNull()
  })
})
