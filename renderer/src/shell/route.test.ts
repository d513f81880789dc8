import { describe, expect, it } from 'vitest'
import { hashOf, openingApp, parseRoute, viewOf, withView, type Route } from './route'

describe('routes and their hashes', () => {
  it.each<Route>([
    { page: 'list' },
    { page: 'list', params: { sync: 'OutOfSync', health: 'Degraded', text: 'web', sort: { column: 'name', desc: false } } },
    { page: 'list', params: { cluster: 'kind-dev', namespace: 'shop', project: 'team', repo: 'https://git/apps?x=1&y=2', autoSync: 'off', favouritesOnly: true, sort: { column: 'lastSync', desc: true } } },
    { page: 'app', name: 'guestbook' },
    { page: 'app', name: 'guestbook', resource: 'apps/Deployment/default/web' },
    { page: 'app', name: 'guestbook', resource: '/Service/default/web', tab: 'diff' },
    { page: 'app', name: 'my app', resource: '/ConfigMap/ns/a&b=c?d#e', tab: 'logs' },
    { page: 'app', name: 'guestbook', view: 'network' },
    { page: 'app', name: 'guestbook', view: 'pods', resource: '/Service/default/web', tab: 'events' },
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

  it('an app page names its resource view in the hash, except the tree; an unknown view is the tree', () => {
    expect(hashOf({ page: 'app', name: 'guestbook', view: 'network' })).toBe('#/apps/guestbook?view=network')
    expect(parseRoute('#/apps/guestbook?view=network')).toEqual({ page: 'app', name: 'guestbook', view: 'network' })
    expect(hashOf({ page: 'app', name: 'guestbook', view: 'tree' })).toBe('#/apps/guestbook')
    expect(parseRoute('#/apps/guestbook?view=tree')).toEqual({ page: 'app', name: 'guestbook' })
    expect(parseRoute('#/apps/guestbook?view=sideways')).toEqual({ page: 'app', name: 'guestbook' })
    expect(viewOf({ page: 'app', name: 'guestbook' })).toBe('tree')
  })

  it('another view keeps the open panel; the tree drops the view from the URL', () => {
    const panel: Route = { page: 'app', name: 'gb', view: 'pods', resource: '/Service/ns/web', tab: 'live' }
    expect(withView({ page: 'app', name: 'gb', view: 'pods', resource: '/Service/ns/web', tab: 'live' }, 'network')).toEqual({ ...panel, view: 'network' })
    expect(withView({ page: 'app', name: 'gb', view: 'pods' }, 'tree')).toEqual({ page: 'app', name: 'gb' })
  })

  it('an app opened from another page opens in the view chosen last; within the app page the URL decides', () => {
    expect(openingApp({ page: 'list' }, { page: 'app', name: 'gb' }, 'network')).toEqual({ page: 'app', name: 'gb', view: 'network' })
    expect(openingApp({ page: 'app', name: 'other', view: 'pods' }, { page: 'app', name: 'gb' }, 'graph')).toEqual({ page: 'app', name: 'gb', view: 'graph' })
    expect(openingApp({ page: 'app', name: 'gb' }, { page: 'app', name: 'gb', resource: 'k' }, 'network')).toEqual({ page: 'app', name: 'gb', resource: 'k' })
    expect(openingApp({ page: 'list' }, { page: 'app', name: 'gb', view: 'pods' }, 'network')).toEqual({ page: 'app', name: 'gb', view: 'pods' })
    expect(openingApp({ page: 'list' }, { page: 'app', name: 'gb' }, 'tree')).toEqual({ page: 'app', name: 'gb' })
    expect(openingApp({ page: 'app', name: 'gb' }, { page: 'list' }, 'network')).toEqual({ page: 'list' })
  })
})
