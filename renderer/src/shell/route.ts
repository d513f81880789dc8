/** The tabs of the resource panel, in its order. */
export const resourceTabs = ['summary', 'live', 'desired', 'diff', 'events', 'logs'] as const
export type ResourceTab = (typeof resourceTabs)[number]

/**
 * Where the app is: each page and its hash (#/apps/<name>, #/diff/<name>/<key>, …), so a reload or a link opens the same page.
 * An app page with a resource panel open says which resource and tab: #/apps/<name>?resource=<key>&tab=<tab>.
 */
export type Route = { page: 'list' } | { page: 'app'; name: string; resource?: string; tab?: ResourceTab } | { page: 'diff'; name: string; key?: string } | { page: 'new'; example?: boolean } | { page: 'edit'; name: string } | { page: 'settings' } | { page: 'appsets' } | { page: 'clusters' }

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?')
  const [page, name, key] = path.split('/').map(decodeURIComponent)
  if (page === 'apps' && name) return appRoute(name, new URLSearchParams(query))
  if (page === 'diff' && name) return key ? { page: 'diff', name, key } : { page: 'diff', name }
  if (page === 'edit' && name) return { page: 'edit', name }
  if (page === 'new') return name === 'example' ? { page: 'new', example: true } : { page: 'new' }
  if (page === 'settings') return { page: 'settings' }
  if (page === 'appsets') return { page: 'appsets' }
  if (page === 'clusters') return { page: 'clusters' }
  return { page: 'list' }
}

export function hashOf(route: Route): string {
  switch (route.page) {
    case 'app': {
      const query = new URLSearchParams()
      if (route.resource) query.set('resource', route.resource)
      if (route.resource && route.tab) query.set('tab', route.tab)
      return `#/apps/${encodeURIComponent(route.name)}${query.size ? `?${query.toString()}` : ''}`
    }
    case 'diff':
      return `#/diff/${encodeURIComponent(route.name)}${route.key ? `/${encodeURIComponent(route.key)}` : ''}`
    case 'edit':
      return `#/edit/${encodeURIComponent(route.name)}`
    case 'new':
      return route.example ? '#/new/example' : '#/new'
    case 'settings':
      return '#/settings'
    case 'appsets':
      return '#/appsets'
    case 'clusters':
      return '#/clusters'
    default:
      return '#/'
  }
}

/** An app page, with its resource panel and tab when the hash names them (an unknown tab opens the panel on Summary). */
function appRoute(name: string, query: URLSearchParams): Route {
  const resource = query.get('resource')
  if (!resource) return { page: 'app', name }
  const tab = resourceTabs.find((t) => t === query.get('tab'))
  return tab ? { page: 'app', name, resource, tab } : { page: 'app', name, resource }
}
