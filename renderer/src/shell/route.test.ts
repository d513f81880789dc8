import { describe, expect, it } from 'vitest'
import { hashOf, parseRoute, type Route } from './route'

describe('routes and their hashes', () => {
  it.each<Route>([
    { page: 'list' },
    { page: 'app', name: 'guestbook' },
    { page: 'diff', name: 'guestbook' },
    { page: 'diff', name: 'guestbook', key: 'apps/Deployment/default/web' },
    { page: 'new' },
    { page: 'new', example: true },
    { page: 'edit', name: 'guestbook' },
    { page: 'settings' },
    { page: 'appsets' },
    { page: 'clusters' },
    { page: 'projects' },
    { page: 'projects', name: 'team a' },
    { page: 'repos' },
  ])('%o survives a reload (its hash reads back as the same page)', (route) => {
    expect(parseRoute(hashOf(route))).toEqual(route)
  })

  it('keeps a resource key with slashes whole in one hash segment', () => {
    expect(hashOf({ page: 'diff', name: 'my app', key: '/Service/default/web' })).toBe('#/diff/my%20app/%2FService%2Fdefault%2Fweb')
  })

  it('opens the app list for an unknown page or an app without a name', () => {
    expect(parseRoute('#/nowhere')).toEqual({ page: 'list' })
    expect(parseRoute('#/apps/')).toEqual({ page: 'list' })
    expect(parseRoute('')).toEqual({ page: 'list' })
  })
})
