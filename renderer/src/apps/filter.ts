import type { AppSummary } from '../../../shared/api'
import type { ListParams } from '../shell/route'
import type { AppSort } from './app-sort'

export interface AppFilter {
  text: string
  sync: string
  health: string
  cluster: string
  namespace: string
  project: string
  repo: string
  /** '' all, 'local' the desk's own apps, else one Argo CD instance's. */
  instance: string
  autoSync: 'any' | 'on' | 'off'
  favouritesOnly: boolean
}

export const emptyFilter: AppFilter = { text: '', sync: '', health: '', cluster: '', namespace: '', project: '', repo: '', instance: '', autoSync: 'any', favouritesOnly: false }

/** The apps that pass every filter; the text matches name, repo, path, destination or namespace. Pure. */
export const filterApps = (apps: AppSummary[], filter: AppFilter, favourites: ReadonlySet<string>): AppSummary[] => apps.filter(appMatcher(filter, favourites))

/** What the search looks in, per app summary (a new summary, as a status event makes, is read again). */
const haystacks = new WeakMap<AppSummary, string>()
const haystackOf = (a: AppSummary): string => {
  let text = haystacks.get(a)
  if (text === undefined) haystacks.set(a, (text = `${a.name} ${a.repoURL} ${a.path} ${a.destination} ${a.namespace} ${a.project}`.toLowerCase()))
  return text
}

/** Whether an app passes every filter (filterApps' test, for one app). */
export function appMatcher(filter: AppFilter, favourites: ReadonlySet<string>): (app: AppSummary) => boolean {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean)
  return (a) => {
    if (filter.sync && (a.status?.sync ?? 'Unknown') !== filter.sync) return false
    if (filter.health && (a.status?.health ?? 'Unknown') !== filter.health) return false
    if (filter.cluster && (a.status?.context ?? a.destination) !== filter.cluster) return false
    if (filter.namespace && a.namespace !== filter.namespace) return false
    if (filter.project && a.project !== filter.project) return false
    if (filter.repo && a.repoURL !== filter.repo) return false
    if (filter.instance && (a.argocd?.instance ?? 'local') !== filter.instance) return false
    if (filter.autoSync !== 'any' && (a.status?.autoSync ?? false) !== (filter.autoSync === 'on')) return false
    if (filter.favouritesOnly && !favourites.has(a.name)) return false
    if (words.length === 0) return true
    const haystack = haystackOf(a)
    return words.every((w) => haystack.includes(w))
  }
}

/** The distinct values of a field, sorted, for a filter's choices. */
export const choices = (apps: AppSummary[], pick: (a: AppSummary) => string | undefined): string[] => [...new Set(apps.map(pick).filter((v): v is string => !!v))].sort()

/** The filter a list URL's params describe (what they leave out is not filtered). */
export const filterOf = (params: ListParams | undefined): AppFilter => {
  const { sort: _sort, favouritesOnly, autoSync, ...fields } = params ?? {}
  return { ...emptyFilter, ...fields, autoSync: autoSync ?? 'any', favouritesOnly: !!favouritesOnly }
}

/** The URL params of a filter and a sort: only what is set, undefined when nothing is. */
export function paramsOf(filter: AppFilter, sort: AppSort | undefined): ListParams | undefined {
  const params: ListParams = {}
  for (const field of ['text', 'sync', 'health', 'cluster', 'namespace', 'project', 'repo', 'instance'] as const) if (filter[field]) params[field] = filter[field]
  if (filter.autoSync !== 'any') params.autoSync = filter.autoSync
  if (filter.favouritesOnly) params.favouritesOnly = true
  if (sort) params.sort = sort
  return Object.keys(params).length ? params : undefined
}
