import { describe, expect, it } from 'vitest'
import { age, duration, since } from './format'

const now = Date.parse('2026-03-01T12:00:00Z')
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString()

describe('times as the views write them', () => {
  it.each([
    [0, '0s'],
    [119, '119s'],
    [120, '2m'],
    [7199, '120m'],
    [7200, '2h'],
    [172_799, '48h'],
    [172_800, '2d'],
  ])('an age of %i seconds reads %s (as kubectl writes it)', (seconds, text) => {
    expect(age(ago(seconds), now)).toBe(text)
  })

  it.each([
    [45, '45s ago'],
    [90, '2m ago'],
    [5400, '2h ago'],
    [129_600, '2d ago'],
  ])('a last sync %i seconds ago reads %s', (seconds, text) => {
    expect(since(ago(seconds), now)).toBe(text)
  })

  it('writes nothing for an unknown time (a dash in the list), and no negative age for a clock ahead', () => {
    expect(age(undefined, now)).toBe('')
    expect(since(undefined, now)).toBe('—')
    expect(age(ago(-30), now)).toBe('0s')
    expect(since(ago(-30), now)).toBe('0s ago')
  })

  it.each([
    [800, '0.8s'],
    [9_949, '9.9s'],
    [42_000, '42s'],
    [184_000, '3m 4s'],
    [3_720_000, '1h 2m'],
  ])('an operation of %i ms took %s', (ms, text) => {
    expect(duration(ago(ms / 1000), new Date(now).toISOString())).toBe(text)
  })

  it('a duration whose times cannot be read is a dash', () => {
    expect(duration('', 'x')).toBe('—')
  })
})
