/** Where the app is: each page and its hash (#/apps/<name>, #/diff/<name>/<key>, …), so a reload or a link opens the same page. */
export type Route = { page: 'list' } | { page: 'app'; name: string } | { page: 'diff'; name: string; key?: string } | { page: 'new'; example?: boolean } | { page: 'edit'; name: string } | { page: 'settings' } | { page: 'appsets' } | { page: 'clusters' } | { page: 'projects'; name?: string } | { page: 'repos' }

export function parseRoute(hash: string): Route {
  const [page, name, key] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent)
  if (page === 'apps' && name) return { page: 'app', name }
  if (page === 'diff' && name) return key ? { page: 'diff', name, key } : { page: 'diff', name }
  if (page === 'edit' && name) return { page: 'edit', name }
  if (page === 'new') return name === 'example' ? { page: 'new', example: true } : { page: 'new' }
  if (page === 'settings') return { page: 'settings' }
  if (page === 'appsets') return { page: 'appsets' }
  if (page === 'clusters') return { page: 'clusters' }
  if (page === 'projects') return name ? { page: 'projects', name } : { page: 'projects' }
  if (page === 'repos') return { page: 'repos' }
  return { page: 'list' }
}

export function hashOf(route: Route): string {
  switch (route.page) {
    case 'app':
      return `#/apps/${encodeURIComponent(route.name)}`
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
    case 'projects':
      return route.name ? `#/projects/${encodeURIComponent(route.name)}` : '#/projects'
    case 'repos':
      return '#/repos'
    default:
      return '#/'
  }
}
