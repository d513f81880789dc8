import { useMemo, useRef, useState } from 'react'
import type { HealthStatus, ResourceSyncStatus, TreeNode } from '../../../shared/api'
import { layoutGraph, nodeHeight, nodeWidth, type GraphFilters, type PlacedNode } from './graph-layout'
import { healthIcons, kindIcon, syncIcons } from '../ui/icons'
import { healthStatuses as healthValues, resourceSyncStatuses as syncValues } from '../../../shared/statuses'

/**
 * The app as Argo CD draws it: the app, its resources and what they own, left to right, with kind
 * icons and each node's health and sync. Pan by dragging, zoom with the wheel or the buttons;
 * filters by kind, health and sync keep the matching nodes and their path. Only the nodes in view
 * are drawn, so a 2,000-node app stays smooth.
 */
export function AppGraph(props: { app: string; health: HealthStatus | null; sync?: ResourceSyncStatus | undefined; nodes: TreeNode[]; onOpen(key: string): void }) {
  const [filters, setFilters] = useState<GraphFilters>({ kinds: new Set(), health: new Set(), sync: new Set() })
  const layout = useMemo(() => layoutGraph({ name: props.app, health: props.health, status: props.sync }, props.nodes, filters), [props.app, props.health, props.sync, props.nodes, filters])
  const kinds = useMemo(() => [...new Set(props.nodes.map((n) => n.kind))].sort(), [props.nodes])
  const [view, setView] = useState({ x: 16, y: 16, scale: 1 })
  const viewport = useRef<HTMLDivElement>(null)
  const drag = useRef<{ x: number; y: number; startX: number; startY: number } | null>(null)
  const size = { width: viewport.current?.clientWidth ?? 1200, height: viewport.current?.clientHeight ?? 600 }
  // Nodes outside the visible rectangle (with a margin) are not in the DOM.
  const margin = 200
  const visible = (n: PlacedNode) => {
    const left = n.x * view.scale + view.x
    const top = n.y * view.scale + view.y
    return left + nodeWidth * view.scale > -margin && left < size.width + margin && top + nodeHeight * view.scale > -margin && top < size.height + margin
  }
  const shown = layout.nodes.filter(visible)
  const shownKeys = new Set(shown.map((n) => n.key))
  const edges = layout.edges.filter((e) => shownKeys.has(e.from.key) || shownKeys.has(e.to.key))
  const toggle = (which: keyof GraphFilters, value: string) =>
    setFilters((f) => {
      const next = new Set(f[which])
      if (next.has(value)) next.delete(value)
      else next.add(value)
      return { ...f, [which]: next }
    })
  const zoom = (factor: number) => setView((v) => ({ ...v, scale: Math.min(2, Math.max(0.1, v.scale * factor)) }))
  const fit = () => {
    const el = viewport.current
    if (!el) return
    const scale = Math.min(1, Math.max(0.1, Math.min(el.clientWidth / (layout.width + 32), el.clientHeight / (layout.height + 32))))
    setView({ x: 16, y: 16, scale })
  }

  return (
    <div className="graph">
      <div className="graph-filters" role="group" aria-label="Graph filters">
        <FilterGroup label="Kind" values={kinds} selected={filters.kinds} onToggle={(v) => toggle('kinds', v)} />
        <FilterGroup label="Health" values={healthValues} selected={filters.health} onToggle={(v) => toggle('health', v)} />
        <FilterGroup label="Sync" values={syncValues} selected={filters.sync} onToggle={(v) => toggle('sync', v)} />
        <span className="spacer" />
        <button className="quiet" onClick={() => zoom(1.25)} aria-label="Zoom in">+</button>
        <button className="quiet" onClick={() => zoom(0.8)} aria-label="Zoom out">−</button>
        <button className="quiet" onClick={fit}>Fit</button>
        <span className="muted small">{layout.nodes.length} nodes</span>
      </div>
      <div
        className="graph-viewport"
        ref={viewport}
        // As tall as the graph needs at first (a small app leaves no empty canvas), at most 640px.
        style={{ height: Math.min(640, Math.max(220, layout.height + 48)) }}
        data-testid="graph"
        onWheel={(e) => {
          const factor = e.deltaY < 0 ? 1.1 : 0.9
          const rect = e.currentTarget.getBoundingClientRect()
          const px = e.clientX - rect.left
          const py = e.clientY - rect.top
          setView((v) => {
            const scale = Math.min(2, Math.max(0.1, v.scale * factor))
            return { scale, x: px - ((px - v.x) * scale) / v.scale, y: py - ((py - v.y) * scale) / v.scale }
          })
        }}
        onPointerDown={(e) => {
          if ((e.target as Element).closest('[data-node]')) return
          drag.current = { x: e.clientX, y: e.clientY, startX: view.x, startY: view.y }
          e.currentTarget.setPointerCapture(e.pointerId)
        }}
        onPointerMove={(e) => {
          const d = drag.current
          if (d) setView((v) => ({ ...v, x: d.startX + e.clientX - d.x, y: d.startY + e.clientY - d.y }))
        }}
        onPointerUp={() => (drag.current = null)}
      >
        <svg width="100%" height="100%" role="img" aria-label={`Resource graph of ${props.app}: ${layout.nodes.length} nodes`}>
          <g transform={`translate(${view.x},${view.y}) scale(${view.scale})`}>
            {edges.map((e) => {
              const x1 = e.from.x + nodeWidth
              const y1 = e.from.y + nodeHeight / 2
              const x2 = e.to.x
              const y2 = e.to.y + nodeHeight / 2
              const mid = (x1 + x2) / 2
              return <path key={`${e.from.key}>${e.to.key}`} className="graph-edge" d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`} />
            })}
          </g>
        </svg>
        <div className="graph-nodes" style={{ transform: `translate(${view.x}px,${view.y}px) scale(${view.scale})` }}>
          {shown.map((n) => (
            <GraphNode key={n.key} node={n} isApp={n.key.startsWith('app:')} onOpen={props.onOpen} />
          ))}
        </div>
      </div>
    </div>
  )
}

function GraphNode({ node, isApp, onOpen }: { node: PlacedNode; isApp: boolean; onOpen(key: string): void }) {
  const Icon = kindIcon(node.kind)
  const Health = node.health ? healthIcons[node.health] : undefined
  const Sync = node.status ? syncIcons[node.status] : undefined
  return (
    <button
      className={`graph-node health-${node.health ?? 'none'} ${node.onPath ? 'on-path' : ''} ${isApp ? 'app-node' : ''}`}
      style={{ left: node.x, top: node.y, width: nodeWidth, height: nodeHeight }}
      data-node={node.key}
      data-health={node.health ?? ''}
      disabled={isApp}
      onClick={() => onOpen(node.key)}
      aria-label={`${node.kind} ${node.name}: ${node.health ?? 'no health'}${node.status ? `, ${node.status}` : ''}`}
      title={node.healthMessage ? `${node.kind}/${node.name}: ${node.healthMessage}` : `${node.kind}/${node.name}`}
    >
      <span className="graph-icon">
        <Icon size={22} aria-hidden="true" strokeWidth={1.75} data-kind-icon={node.kind} />
      </span>
      <span className="graph-text">
        <span className="graph-kind">{node.kind}</span>
        <span className="graph-name">{node.name}</span>
      </span>
      <span className="graph-status">
        {Health && <Health size={14} aria-hidden="true" className={`health-icon health-${node.health}`} />}
        {Sync && <Sync size={14} aria-hidden="true" className={`sync-icon sync-${node.status}`} />}
      </span>
    </button>
  )
}

function FilterGroup({ label, values, selected, onToggle }: { label: string; values: readonly string[]; selected: Set<string>; onToggle(v: string): void }) {
  return (
    <details className="filter-group">
      <summary>
        {label}
        {selected.size > 0 ? ` (${selected.size})` : ''}
      </summary>
      <div className="filter-options">
        {values.map((v) => (
          <label key={v}>
            <input type="checkbox" checked={selected.has(v)} onChange={() => onToggle(v)} /> {v}
          </label>
        ))}
      </div>
    </details>
  )
}
