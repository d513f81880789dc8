import type { RefObject } from 'react'
import type { ClusterInfo } from '../../../shared/api'

interface Props {
  clusters: ClusterInfo[]
  onSwitch(name: string): void
  search: string
  onSearch(text: string): void
  onHome(): void
  onSettings(): void
  onAppSets(): void
  onClusters(): void
  onNewApp(): void
  searchRef: RefObject<HTMLInputElement | null>
  clusterRef: RefObject<HTMLSelectElement | null>
}

/** The brand, the always-visible cluster switcher, the search box and the main actions. */
export function TopBar(props: Props) {
  const active = props.clusters.find((c) => c.active)
  return (
    <header className="topbar" role="banner">
      <button className="brand link" onClick={props.onHome}>
        GitOps Desk
      </button>
      <label className="cluster-switcher" title={active && !active.reachable ? `${active.name}: ${active.reason ?? 'unreachable'}` : active?.server}>
        <span className={`dot ${active ? (active.reachable ? 'ok' : 'down') : 'none'}`} role="img" aria-label={active ? `${active.name} ${active.reachable ? 'reachable' : 'unreachable'}` : 'no cluster'} />
        <select aria-label="Cluster" ref={props.clusterRef} value={active?.name ?? ''} onChange={(e) => props.onSwitch(e.target.value)}>
          {props.clusters.length === 0 && <option value="">No kubeconfig contexts</option>}
          {props.clusters.map((c) => (
            <option key={c.name} value={c.name}>
              {c.reachable ? '●' : '○'} {c.name}
              {c.protected ? ' (protected)' : ''}
              {c.imported ? ' (imported)' : ''}
              {c.reachable ? '' : ' — unreachable'}
            </option>
          ))}
        </select>
      </label>
      <input className="search" type="search" placeholder="Search apps  ( / )" aria-label="Search applications" value={props.search} ref={props.searchRef} onChange={(e) => props.onSearch(e.target.value)} />
      <span className="spacer" />
      <button onClick={props.onNewApp}>New app</button>
      <button onClick={props.onClusters}>Clusters</button>
      <button onClick={props.onAppSets}>ApplicationSets</button>
      <button onClick={props.onSettings}>Settings</button>
    </header>
  )
}
