import { describe, expect, it } from 'vitest'
import { hashOf, parseRoute, type Route } from './route'

describe('routes and their hashes', () => {
  it.each<Route>([
    { page: 'list' },
    { page: 'app', name: 'guestbook' },
    { page: 'app', name: 'guestbook', resource: 'apps/Deployment/default/web' },
    { page: 'app', name: 'guestbook', resource: '/Service/default/web', tab: 'diff' },
    { page: 'app', name: 'my app', resource: '/ConfigMap/ns/a&b=c?d#e', tab: 'logs' },
    { page: 'diff', name: 'guestbook' },
    { page: 'diff', name: 'guestbook', key: 'apps/Deployment/default/web' },
    { page: 'new' },
    { page: 'new', example: true },
    { page: 'edit', name: 'guestbook' },
    { page: 'settings' },
    { page: 'appsets' },
    { page: 'clusters' },
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

  it('a resource link names the app, the resource and the tab in the hash', () => {
    expect(hashOf({ page: 'app', name: 'guestbook', resource: 'apps/Deployment/default/web', tab: 'events' })).toBe('#/apps/guestbook?resource=apps%2FDeployment%2Fdefault%2Fweb&tab=events')
    expect(parseRoute('#/apps/guestbook?resource=%2FService%2Fdefault%2Fweb&tab=live')).toEqual({ page: 'app', name: 'guestbook', resource: '/Service/default/web', tab: 'live' })
  })

  it('an unknown tab opens the panel on its first tab; a tab without a resource opens the app alone', () => {
    expect(parseRoute('#/apps/guestbook?resource=%2FService%2Fdefault%2Fweb&tab=nope')).toEqual({ page: 'app', name: 'guestbook', resource: '/Service/default/web' })
    expect(parseRoute('#/apps/guestbook?tab=diff')).toEqual({ page: 'app', name: 'guestbook' })
    expect(hashOf({ page: 'app', name: 'guestbook', tab: 'diff' })).toBe('#/apps/guestbook')
  })
})
