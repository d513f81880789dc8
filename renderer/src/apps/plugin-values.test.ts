import { describe, expect, it } from 'vitest'
import { parsed, shown } from './plugin-values'

describe('plugin parameter values in their fields', () => {
  it('reads a typed array and map as comma-separated items, trimmed, empty items dropped', () => {
    expect(parsed('images', 'array', ' a:1, b:2 ,, ')).toEqual({ name: 'images', array: ['a:1', 'b:2'] })
    expect(parsed('labels', 'map', 'team = core, url=http://x?a=b')).toEqual({ name: 'labels', map: { team: 'core', url: 'http://x?a=b' } })
  })

  it('keeps a string as typed', () => {
    expect(parsed('message', 'string', ' hello, world ')).toEqual({ name: 'message', string: ' hello, world ' })
    expect(parsed('message', undefined, 'x')).toEqual({ name: 'message', string: 'x' })
  })

  it('shows a value the way it is typed back in', () => {
    expect(shown(undefined)).toBe('')
    expect(shown({ name: 'm', string: 'hi' })).toBe('hi')
    expect(shown({ name: 'a', array: ['a', 'b'] })).toBe('a, b')
    expect(shown({ name: 'm', map: { team: 'core', tier: 'web' } })).toBe('team=core, tier=web')
    expect(parsed('m', 'map', shown({ name: 'm', map: { team: 'core', tier: 'web' } }))).toEqual({ name: 'm', map: { team: 'core', tier: 'web' } })
  })
})
