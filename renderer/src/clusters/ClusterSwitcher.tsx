import { memo } from 'react'
import { ChevronsUpDown, Lock } from 'lucide-react'
import type { ClusterInfo } from '../../../shared/api'
import { reachabilityOf } from './palette-entries'

interface Props {
  clusters: ClusterInfo[]
  /** Opens the command palette, where a context is chosen. */
  onOpen(): void
}

/** The active context as a screen reader hears it: its name and every mark the button shows. */
export const contextLabel = (c: ClusterInfo) => `${c.name}${c.protected ? ' (protected)' : ''}${c.imported ? ' (imported)' : ''}${reachabilityOf(c) === 'unreachable' ? ' — unreachable' : ''}`

/**
 * The always-visible current-context button: it opens the command palette (as `k` does). Its
 * width is fixed (styles.css): a long name is cut with an ellipsis and its marks are icons, so the
 * bar never moves when the context, its protection or its reachability changes.
 */
// Memoised: its props stay the same while the search is typed (the shell renders again per key).
export const ClusterSwitcher = memo(function ClusterSwitcher(props: Props) {
  const active = props.clusters.find((c) => c.active)
  const label = active ? contextLabel(active) : props.clusters.length === 0 ? 'No kubeconfig contexts' : 'No cluster chosen'
  const reachability = active ? reachabilityOf(active) : undefined
  return (
    <button
      type="button"
      className="cluster-switcher"
      aria-haspopup="dialog"
      aria-label={`Cluster: ${label}`}
      title={active && reachability === 'unreachable' ? `${active.name}: ${active.reason ?? 'unreachable'}` : active?.server}
      disabled={props.clusters.length === 0}
      onClick={props.onOpen}
    >
      <span className={`dot ${reachability === 'reachable' ? 'ok' : reachability === 'unreachable' ? 'down' : 'none'}`} aria-hidden="true" />
      <span className="cluster-switcher-name">{active?.name ?? label}</span>
      {active?.protected && <Lock size={13} className="warning" aria-hidden="true" />}
      <kbd className="cluster-switcher-key" aria-hidden="true">
        k
      </kbd>
      <ChevronsUpDown size={14} aria-hidden="true" />
    </button>
  )
})
