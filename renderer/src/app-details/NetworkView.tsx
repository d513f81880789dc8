import type { TreeNode } from '../../../shared/api'
import { healthIcons, kindIcon } from '../ui/icons'
import { ResourceFilters } from '../resources/ResourceFilters'
import type { ResourceFilter } from '../resources/resource-filter'
import { filterNetwork, networkGraph, networkNodes } from './network-graph'

const tileWidth = 260
const tileHeight = 56
const rowGap = 14
const columnGap = 90

/**
 * The app's traffic (Argo CD's Network view): Ingresses → Services → Pods, left to right, with
 * the external addresses of Ingresses and LoadBalancer/NodePort Services; a click opens a panel.
 * The tree's filters (name or kind, kind, sync, health) narrow the tiles, as they do the tree.
 */
export function NetworkView(props: { app: string; nodes: TreeNode[]; onOpen(key: string): void; filter: ResourceFilter; onFilter(filter: ResourceFilter): void }) {
  const whole = networkGraph(props.nodes)
  const tiles = networkNodes(whole)
  if (tiles.length === 0) return <p className="muted">No Ingresses, Services or Pods.</p>
  return (
    <>
      <ResourceFilters nodes={tiles} filter={props.filter} onChange={props.onFilter} />
      <NetworkCanvas app={props.app} nodes={props.nodes} graph={filterNetwork(whole, props.filter)} onOpen={props.onOpen} />
    </>
  )
}

function NetworkCanvas(props: { app: string; nodes: TreeNode[]; graph: ReturnType<typeof networkGraph>; onOpen(key: string): void }) {
  const { graph } = props
  const columns = [graph.columns.ingresses, graph.columns.services, graph.columns.pods].filter((c) => c.length > 0)
  if (columns.length === 0) return <p className="muted">No resource matches the filters.</p>
  const tallest = Math.max(...columns.map((c) => c.length)) * (tileHeight + rowGap) - rowGap
  const placed = new Map<string, { x: number; y: number }>()
  columns.forEach((column, i) => {
    const top = (tallest - (column.length * (tileHeight + rowGap) - rowGap)) / 2
    column.forEach((n, row) => placed.set(n.key, { x: i * (tileWidth + columnGap), y: top + row * (tileHeight + rowGap) }))
  })
  const width = columns.length * (tileWidth + columnGap) - columnGap
  return (
    <div className="network-view" data-testid="network-view">
      <div className="network-canvas" style={{ width, height: tallest }}>
        <svg width={width} height={tallest} role="img" aria-label={`Network of ${props.app}: ${graph.edges.length} connections`}>
          {graph.edges.map((e) => {
            const from = placed.get(e.from)
            const to = placed.get(e.to)
            if (!from || !to) return null
            const x1 = from.x + tileWidth
            const y1 = from.y + tileHeight / 2
            const y2 = to.y + tileHeight / 2
            const mid = (x1 + to.x) / 2
            return <path key={`${e.from}>${e.to}`} className="graph-edge" data-edge={`${e.from}>${e.to}`} d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${to.x},${y2}`} />
          })}
        </svg>
        {[...placed].map(([key, at]) => {
          const node = props.nodes.find((n) => n.key === key)!
          return <NetworkTile key={key} node={node} x={at.x} y={at.y} onOpen={props.onOpen} />
        })}
      </div>
      <ul className="visually-hidden" aria-label="Connections">
        {graph.edges.map((e) => (
          <li key={`${e.from}>${e.to}`}>{`${label(props.nodes, e.from)} → ${label(props.nodes, e.to)}`}</li>
        ))}
      </ul>
    </div>
  )
}

const label = (nodes: TreeNode[], key: string) => {
  const n = nodes.find((x) => x.key === key)
  return n ? `${n.kind} ${n.name}` : key
}

function NetworkTile({ node, x, y, onOpen }: { node: TreeNode; x: number; y: number; onOpen(key: string): void }) {
  const Icon = kindIcon(node.kind)
  const Health = node.health ? healthIcons[node.health] : undefined
  const external = node.service?.external ?? node.ingress?.external ?? []
  const detail = node.ingress ? [...node.ingress.hosts, ...external].join(', ') : node.service ? [node.service.type, ...external].join(' · ') : node.pod ? `${node.pod.phase} · ${node.pod.ready}/${node.pod.containers} ready` : ''
  return (
    <button
      className={`graph-node network-node health-${node.health ?? 'none'}`}
      style={{ left: x, top: y, width: tileWidth, height: tileHeight }}
      data-network-node={node.key}
      onClick={() => onOpen(node.key)}
      aria-label={`${node.kind} ${node.name}: ${node.health ?? 'no health'}${detail ? `, ${detail}` : ''}`}
      title={`${node.kind}/${node.name}`}
    >
      <span className="graph-icon">
        <Icon size={22} aria-hidden="true" strokeWidth={1.75} />
      </span>
      <span className="graph-text">
        <span className="graph-kind">{node.kind}</span>
        <span className="graph-name">{node.name}</span>
        {detail && <span className="graph-kind network-detail">{detail}</span>}
      </span>
      <span className="graph-status">{Health && <Health size={14} aria-hidden="true" className={`health-icon health-${node.health}`} />}</span>
    </button>
  )
}
