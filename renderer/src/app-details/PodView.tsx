import { Server } from 'lucide-react'
import type { TreeNode } from '../../../shared/api'
import { HealthBadge } from '../ui/Badges'
import { podGroups, type PodTile } from './pod-groups'

/**
 * The app's pods by the node they run on (Argo CD's Pod view): each pod a tile coloured by its
 * health, with its phase, container readiness and owner; a click opens its resource panel.
 */
export function PodView(props: { nodes: TreeNode[]; onOpen(key: string): void }) {
  const groups = podGroups(props.nodes)
  if (groups.length === 0) return <p className="muted">No pods.</p>
  return (
    <div className="pod-view" data-testid="pod-view">
      {groups.map((g) => {
        const title = g.node ?? 'Unscheduled'
        return (
          <section key={title} className="pod-node" aria-label={g.node ? `Node ${g.node}` : 'Unscheduled pods'}>
            <h3 className="pod-node-head">
              <Server size={16} aria-hidden="true" /> {g.node ? title : <em>{title}</em>}
              <span className="muted small">
                {g.pods.length} {g.pods.length === 1 ? 'pod' : 'pods'}
              </span>
            </h3>
            <ul className="pod-tiles">
              {g.pods.map((p) => (
                <li key={p.node.key}>
                  <PodTileButton tile={p} onOpen={props.onOpen} />
                </li>
              ))}
            </ul>
          </section>
        )
      })}
    </div>
  )
}

function PodTileButton({ tile, onOpen }: { tile: PodTile; onOpen(key: string): void }) {
  const { node, owner, top } = tile
  const info = node.pod
  const readiness = info ? `${info.ready}/${info.containers}` : '?'
  const ownedBy = owner ? `${owner.kind}/${owner.name}` : 'no owner'
  return (
    <button
      className={`pod-tile health-${node.health ?? 'none'}`}
      data-pod={node.key}
      onClick={() => onOpen(node.key)}
      aria-label={`Pod ${node.name}: ${info?.phase ?? 'unknown phase'}, ${readiness} containers ready, owned by ${ownedBy}`}
      title={node.healthMessage ? `${node.name}: ${node.healthMessage}` : node.name}
    >
      <span className="pod-tile-name">{node.name}</span>
      <span className="pod-tile-line">
        <HealthBadge status={node.health} message={node.healthMessage} />
        <span className="muted small">{info?.phase ?? 'Unknown'}</span>
        <span className="small" title="Containers ready">
          {readiness} ready
        </span>
      </span>
      <span className="pod-tile-owner muted small" title={top && top !== owner ? `${ownedBy} · ${top.kind}/${top.name}` : ownedBy}>
        {ownedBy}
        {top && top !== owner ? ` · ${top.kind}/${top.name}` : ''}
      </span>
    </button>
  )
}
