import type { AppSummary } from '../../../shared/api'

export interface AppFilter {
  text: string
  sync: string
  health: string
  cluster: string
  namespace: string
  project: string
  repo: string
  autoSync: 'any' | 'on' | 'off'
  favouritesOnly: boolean
}

export const emptyFilter: AppFilter = { text: '', sync: '', health: '', cluster: '', namespace: '', project: '', repo: '', autoSync: 'any', favouritesOnly: false }

/** The apps that pass every filter; the text matches name, repo, path, destination or namespace. Pure. */
export function filterApps(apps: AppSummary[], filter: AppFilter, favourites: ReadonlySet<string>): AppSummary[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean)
  return apps.filter((a) => {
    if (filter.sync && (a.status?.sync ?? 'Unknown') !== filter.sync) return false
    if (filter.health && (a.status?.health ?? 'Unknown') !== filter.health) return false
    if (filter.cluster && (a.status?.context ?? a.destination) !== filter.cluster) return false
    if (filter.namespace && a.namespace !== filter.namespace) return false
    if (filter.project && a.project !== filter.project) return false
    if (filter.repo && a.repoURL !== filter.repo) return false
    if (filter.autoSync !== 'any' && (a.status?.autoSync ?? false) !== (filter.autoSync === 'on')) return false
    if (filter.favouritesOnly && !favourites.has(a.name)) return false
    if (words.length === 0) return true
    const haystack = `${a.name} ${a.repoURL} ${a.path} ${a.destination} ${a.namespace} ${a.project}`.toLowerCase()
    return words.every((w) => haystack.includes(w))
  })
}

/** The distinct values of a field, sorted, for a filter's choices. */
export const choices = (apps: AppSummary[], pick: (a: AppSummary) => string | undefined): string[] => [...new Set(apps.map(pick).filter((v): v is string => !!v))].sort()
