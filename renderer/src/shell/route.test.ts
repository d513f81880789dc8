import { describe, expect, it } from 'vitest'
import { hashOf, parseRoute, type Route } from './route'

describe('routes and their hashes', () => {
  it.each<Route>([
    { page: 'list' },
    { page: 'list', params: { sync: 'OutOfSync', health: 'Degraded', text: 'web', sort: { column: 'name', desc: false } } },
    { page: 'list', params: { cluster: 'kind-dev', namespace: 'shop', project: 'team', repo: 'https://git/apps?x=1&y=2', autoSync: 'off', favouritesOnly: true, sort: { column: 'lastSync', desc: true } } },
    { page: 'app', name: 'guestbook' },
    { page: 'app', name: 'guestbook', resource: 'apps/Deployment/default/web' },
    { page: 'app', name: 'guestbook', resource: '/Service/default/web', tab: 'diff' },
    { page: 'app', name: 'my app', resource: '/ConfigMap/ns/a&b=c?d#e', tab: 'logs' },
    { page: 'diff', name: 'guestbook' },
    { page: 'diff', name: 'guestbook', key: 'apps/Deployment/default/web' },
    { page: 'compare', left: { app: 'guestbook' } },
    { page: 'compare', left: { app: 'gb-1', live: true }, right: { app: 'gb-2', live: true } },
    { page: 'compare', left: { app: 'gb', revision: 'HEAD' }, right: { app: 'gb', revision: 'release/v1.2.0' } },
    { page: 'compare', left: { app: 'gb' }, right: { app: 'gb-prod' } },
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

  it('opens a link with a malformed escape (cut or hand-typed) on the page it names instead of throwing (a blank window)', () => {
    expect(parseRoute('#/apps/web%E0%A4%A')).toEqual({ page: 'app', name: 'web%E0%A4%A' })
    expect(parseRoute('#/diff/web/%2FService%2Fdefault%2Fweb%')).toEqual({ page: 'diff', name: 'web', key: '%2FService%2Fdefault%2Fweb%' })
    expect(parseRoute('#/projects/%')).toEqual({ page: 'projects', name: '%' })
  })

  it('keeps a resource key with slashes whole in one hash segment', () => {
    expect(hashOf({ page: 'diff', name: 'my app', key: '/Service/default/web' })).toBe('#/diff/my%20app/%2FService%2Fdefault%2Fweb')
  })

  it('opens the app list for an unknown page or an app without a name', () => {
    expect(parseRoute('#/nowhere')).toEqual({ page: 'list' })
    expect(parseRoute('#/apps/')).toEqual({ page: 'list' })
    expect(parseRoute('')).toEqual({ page: 'list' })
  })

  it('reads the list filters and sort from the hash, as a pasted link carries them', () => {
    expect(parseRoute('#/?sync=OutOfSync&health=Degraded&q=web&sort=name:asc')).toEqual({ page: 'list', params: { sync: 'OutOfSync', health: 'Degraded', text: 'web', sort: { column: 'name', desc: false } } })
    expect(parseRoute('#?q=my%20app&auto=on')).toEqual({ page: 'list', params: { text: 'my app', autoSync: 'on' } })
  })

  it('writes the list params in one order and leaves out what is not set, so a plain list stays #/', () => {
    expect(hashOf({ page: 'list', params: { text: 'web', sort: { column: 'sync', desc: true }, sync: 'OutOfSync' } })).toBe('#/?q=web&sync=OutOfSync&sort=sync%3Adesc')
    expect(hashOf({ page: 'list', params: {} })).toBe('#/')
    expect(hashOf({ page: 'list' })).toBe('#/')
  })

  it('leaves out an unknown sort column or direction, an unknown auto-sync value and empty values', () => {
    expect(parseRoute('#/?sort=owner:asc&q=web')).toEqual({ page: 'list', params: { text: 'web' } })
    expect(parseRoute('#/?sort=name:up')).toEqual({ page: 'list' })
    expect(parseRoute('#/?auto=maybe&sync=&fav=yes&colour=red')).toEqual({ page: 'list' })
  })

  it('keeps the path of another page when its hash has a query', () => {
    expect(parseRoute('#/apps/guestbook?tab=history')).toEqual({ page: 'app', name: 'guestbook' })
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
