import type { CompareSide } from '../../../shared/model'
import { sortColumns, type AppSort, type SortColumn } from '../apps/app-sort'
import { defaultResourceView, isResourceView, type ResourceViewName } from '../resources/resource-views'

/** The tabs of the resource panel, in its order. */
export const resourceTabs = ['summary', 'rollout', 'live', 'desired', 'diff', 'events', 'logs', 'shell', 'ports'] as const
export type ResourceTab = (typeof resourceTabs)[number]

/**
 * Where the app is: each page and its hash (#/apps/<name>, #/diff/<name>/<key>, …), so a reload or a link opens the same page.
 * An app page says its resource view unless it is the tree (#/apps/<name>?view=network) and, with a resource
 * panel open, which resource and tab: #/apps/<name>?resource=<key>&tab=<tab>.
 * The list carries its filters and sort: #/?sync=OutOfSync&sort=name:asc.
 */
export type Route = { page: 'list'; params?: ListParams } | AppRoute | { page: 'diff'; name: string; key?: string } | { page: 'compare'; left: CompareSide; right?: CompareSide } | { page: 'new'; example?: boolean } | { page: 'edit'; name: string } | { page: 'settings' } | { page: 'appsets' } | { page: 'clusters' } | { page: 'projects'; name?: string } | { page: 'repos' }

export interface AppRoute {
  page: 'app'
  name: string
  view?: ResourceViewName
  resource?: string
  tab?: ResourceTab
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split(/\?(.*)/s)
  const [page, name, key] = path.split('/').map(decodeSegment)
  if (page === 'apps' && name) return appRoute(name, new URLSearchParams(search))
  if (page === 'diff' && name) return key ? { page: 'diff', name, key } : { page: 'diff', name }
  if (page === 'compare' && name) return compareRoute(name, new URLSearchParams(search))
  if (page === 'edit' && name) return { page: 'edit', name }
  if (page === 'new') return name === 'example' ? { page: 'new', example: true } : { page: 'new' }
  if (page === 'settings') return { page: 'settings' }
  if (page === 'appsets') return { page: 'appsets' }
  if (page === 'clusters') return { page: 'clusters' }
  if (page === 'projects') return name ? { page: 'projects', name } : { page: 'projects' }
  if (page === 'repos') return { page: 'repos' }
  const params = !page ? parseListParams(search) : undefined
  return params ? { page: 'list', params } : { page: 'list' }
}

/** A segment of the hash as written; a malformed escape (a hand-typed or cut link: %E0%A4%A) is kept as typed, not thrown on. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function hashOf(route: Route): string {
  switch (route.page) {
    case 'app': {
      const query = new URLSearchParams()
      if (route.view && route.view !== defaultResourceView) query.set('view', route.view)
      if (route.resource) query.set('resource', route.resource)
      if (route.resource && route.tab) query.set('tab', route.tab)
      return `#/apps/${encodeURIComponent(route.name)}${query.size ? `?${query.toString()}` : ''}`
    }
    case 'diff':
      return `#/diff/${encodeURIComponent(route.name)}${route.key ? `/${encodeURIComponent(route.key)}` : ''}`
    case 'compare': {
      const query = new URLSearchParams({ left: sideSpec(route.left) })
      if (route.right) {
        query.set('right', route.right.app)
        query.set('rightAt', sideSpec(route.right))
      }
      return `#/compare/${encodeURIComponent(route.left.app)}?${query.toString()}`
    }
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
      return `#/${route.params ? listSearch(route.params) : ''}`
  }
}

/** The list's filters and sort, as its URL carries them: #/?sync=OutOfSync&health=Degraded&q=web&sort=name:asc. */
export interface ListParams {
  text?: string
  sync?: string
  health?: string
  cluster?: string
  namespace?: string
  project?: string
  repo?: string
  /** `local`, or an Argo CD instance (argocd@ground-1). */
  instance?: string
  autoSync?: 'on' | 'off'
  favouritesOnly?: true
  sort?: AppSort
}

/** Each plain filter and its URL key. */
const listKeys = { text: 'q', sync: 'sync', health: 'health', cluster: 'cluster', namespace: 'namespace', project: 'project', repo: 'repo', instance: 'instance' } as const

/** The list's params from the part of the hash after `?`; undefined when none is set. Unknown keys and values are left out. */
export function parseListParams(search: string): ListParams | undefined {
  const query = new URLSearchParams(search)
  const params: ListParams = {}
  for (const [field, key] of Object.entries(listKeys) as [keyof typeof listKeys, string][]) {
    const value = query.get(key)
    if (value) params[field] = value
  }
  const autoSync = query.get('auto')
  if (autoSync === 'on' || autoSync === 'off') params.autoSync = autoSync
  if (query.get('fav') === '1') params.favouritesOnly = true
  const [column, direction] = (query.get('sort') ?? '').split(':')
  if (sortColumns.includes(column as SortColumn) && (direction === 'asc' || direction === 'desc')) params.sort = { column: column as SortColumn, desc: direction === 'desc' }
  return Object.keys(params).length ? params : undefined
}

/** `?key=value&…` for the params that are set (empty when none), in a fixed order so equal params give equal hashes. */
export function listSearch(params: ListParams): string {
  const query = new URLSearchParams()
  for (const [field, key] of Object.entries(listKeys) as [keyof typeof listKeys, string][]) if (params[field]) query.set(key, params[field])
  if (params.autoSync) query.set('auto', params.autoSync)
  if (params.favouritesOnly) query.set('fav', '1')
  if (params.sort) query.set('sort', `${params.sort.column}:${params.sort.desc ? 'desc' : 'asc'}`)
  const text = query.toString()
  return text ? `?${text}` : ''
}

/**
 * An app page, with its view (an unknown one is the tree) and its resource panel and tab when the
 * hash names them (an unknown tab opens the panel on Summary).
 */
function appRoute(name: string, query: URLSearchParams): AppRoute {
  const view = query.get('view')
  const route: AppRoute = isResourceView(view) && view !== defaultResourceView ? { page: 'app', name, view } : { page: 'app', name }
  const resource = query.get('resource')
  if (!resource) return route
  const tab = resourceTabs.find((t) => t === query.get('tab'))
  return tab ? { ...route, resource, tab } : { ...route, resource }
}

/** The view an app page shows: the one its URL names, else the tree. */
export const viewOf = (route: AppRoute): ResourceViewName => route.view ?? defaultResourceView

/** The same app page in another view (its panel stays open); the tree is the URL without a view. */
export function withView(route: AppRoute, view: ResourceViewName): AppRoute {
  const rest: AppRoute = { ...route }
  delete rest.view
  return view === defaultResourceView ? rest : { ...rest, view }
}

/**
 * Where a navigation lands: an app opened from another page (the list, the palette, a link)
 * opens in the view chosen last; within one app page the URL's view is kept as it is.
 */
export function openingApp(current: Route, next: Route, remembered: ResourceViewName): Route {
  if (next.page !== 'app' || next.view || (current.page === 'app' && current.name === next.name)) return next
  return withView(next, remembered)
}

/** What a compare side is in the URL: `live`, `git` (the app's targetRevision) or `@REV`. */
function sideSpec(side: CompareSide): string {
  return side.live ? 'live' : side.revision ? `@${side.revision}` : 'git'
}

function sideOf(app: string, spec: string | null): CompareSide {
  if (spec === 'live') return { app, live: true }
  if (spec?.startsWith('@') && spec.length > 1) return { app, revision: spec.slice(1) }
  return { app }
}

/** A side-by-side compare: #/compare/<app>?left=live&right=<app2>&rightAt=live (no right yet: the picker alone). */
function compareRoute(name: string, query: URLSearchParams): Route {
  const left = sideOf(name, query.get('left'))
  const right = query.get('right')
  return right ? { page: 'compare', left, right: sideOf(right, query.get('rightAt')) } : { page: 'compare', left }
}
