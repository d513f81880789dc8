import type { RefObject } from 'react'
import type { ClusterInfo } from '../../../shared/api'
import { ClusterSwitcher } from '../clusters/ClusterSwitcher'

interface Props {
  clusters: ClusterInfo[]
  /** Opens the command palette (the cluster switcher). */
  onPalette(): void
  search: string
  onSearch(text: string): void
  /** Enter in the search box. */
  onSearchEnter(): void
  onHome(): void
  onSettings(): void
  onAppSets(): void
  onProjects(): void
  onRepos(): void
  onClusters(): void
  onNewApp(): void
  searchRef: RefObject<HTMLInputElement | null>
}

/** The brand, the always-visible cluster switcher, the search box and the main actions. */
export function TopBar(props: Props) {
  return (
    <header className="topbar" role="banner">
      <button className="brand link" onClick={props.onHome}>
        GitOps Desk
      </button>
      <ClusterSwitcher clusters={props.clusters} onOpen={props.onPalette} />
      <input className="search" type="search" placeholder="Search apps  ( / )" aria-label="Search applications" value={props.search} ref={props.searchRef} onChange={(e) => props.onSearch(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && props.onSearchEnter()} />
      <span className="spacer" />
      <button onClick={props.onNewApp}>New app</button>
      <button className="quiet" onClick={props.onClusters}>Clusters</button>
      <button className="quiet" onClick={props.onAppSets}>ApplicationSets</button>
      <button className="quiet" onClick={props.onProjects}>Projects</button>
      <button className="quiet" onClick={props.onRepos}>Repositories</button>
      <button className="quiet" onClick={props.onSettings}>Settings</button>
    </header>
  )
}
