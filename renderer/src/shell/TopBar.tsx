import type { RefObject } from 'react'
import type { ClusterInfo } from '../../../shared/api'
import { ClusterSwitcher } from '../clusters/ClusterSwitcher'

interface Props {
  clusters: ClusterInfo[]
  /** Opens the command palette (the cluster switcher). */
  onPalette(): void
  search: string
  onSearch(text: string): void
  onHome(): void
  onSettings(): void
  onAppSets(): void
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
      <input className="search" type="search" placeholder="Search apps  ( / )" aria-label="Search applications" value={props.search} ref={props.searchRef} onChange={(e) => props.onSearch(e.target.value)} />
      <span className="spacer" />
      <button onClick={props.onNewApp}>New app</button>
      <button onClick={props.onClusters}>Clusters</button>
      <button onClick={props.onAppSets}>ApplicationSets</button>
      <button onClick={props.onSettings}>Settings</button>
    </header>
  )
}
