import type { RefObject } from 'react'
import * as Menu from '@radix-ui/react-dropdown-menu'
import type { ClusterInfo } from '../../../shared/api'

interface Props {
  clusters: ClusterInfo[]
  onSwitch(name: string): void
  triggerRef: RefObject<HTMLButtonElement | null>
}

const nameOf = (c: ClusterInfo) => `${c.name}${c.protected ? ' (protected)' : ''}${c.imported ? ' (imported)' : ''}${c.reachable ? '' : ' — unreachable'}`

/**
 * The always-visible cluster switcher: a menu of kubeconfig contexts (Radix). Arrow keys only
 * move the highlight; a context is chosen by Enter or a click, never by an arrow key or Space.
 * Switching changes what you look at; it re-targets nothing in a cluster.
 */
export function ClusterSwitcher(props: Props) {
  const active = props.clusters.find((c) => c.active)
  const label = active ? nameOf(active) : props.clusters.length === 0 ? 'No kubeconfig contexts' : 'No cluster chosen'
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <button className="cluster-switcher" ref={props.triggerRef} aria-label={`Cluster: ${label}`} title={active && !active.reachable ? `${active.name}: ${active.reason ?? 'unreachable'}` : active?.server} disabled={props.clusters.length === 0}>
          <span className={`dot ${active ? (active.reachable ? 'ok' : 'down') : 'none'}`} aria-hidden="true" />
          <span className="cluster-switcher-name">{label}</span>
          <span aria-hidden="true">▾</span>
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu-content cluster-menu" align="start" sideOffset={4}>
          <Menu.Label className="menu-note">Switching changes what you look at. Apps in a cluster are re-targeted only when you sync them.</Menu.Label>
          <Menu.RadioGroup value={active?.name ?? ''} onValueChange={(name) => name !== active?.name && props.onSwitch(name)}>
            {props.clusters.map((c) => (
              <Menu.RadioItem
                key={c.name}
                value={c.name}
                className="menu-item"
                // Space would also choose (Radix treats it as a selection key): only Enter or a click does.
                onKeyDown={(e) => e.key === ' ' && e.preventDefault()}
              >
                <span className={`dot ${c.reachable ? 'ok' : 'down'}`} aria-hidden="true" />
                {nameOf(c)}
                <Menu.ItemIndicator className="menu-check">✓</Menu.ItemIndicator>
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  )
}
