import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { GitopsApi } from '../../../shared/api'
import type { BundledCustomization } from '../../../shared/model'
import { errorText } from '../state/errors'
import { bundledCountText, filterBundledKinds, shownKey } from './bundled-kinds'

/**
 * The kinds Argo CD ships health checks and actions for (its resource_customizations, bundled at
 * the version the app pins), searchable by group/Kind. A few hundred rows: virtualized.
 */
export function BundledKinds({ api, onMessage }: { api: GitopsApi; onMessage(m: { kind: 'error' | 'ok'; text: string }): void }) {
  const [bundled, setBundled] = useState<{ version: string; kinds: BundledCustomization[] } | null>(null)
  const [search, setSearch] = useState('')
  useEffect(() => {
    let cancelled = false
    api.bundledCustomizations().then(
      (b) => !cancelled && setBundled(b),
      (e: unknown) => !cancelled && onMessage({ kind: 'error', text: errorText(e) }),
    )
    return () => {
      cancelled = true
    }
  }, [api, onMessage])
  const visible = useMemo(() => filterBundledKinds(bundled?.kinds ?? [], search), [bundled, search])
  if (!bundled) return null
  return (
    <section className="bundled-kinds" aria-labelledby="bundled-kinds-title">
      <h2 id="bundled-kinds-title">Argo CD&apos;s health checks and actions ({bundled.version})</h2>
      <p className="muted">
        Argo CD {bundled.version}&apos;s own Lua scripts (its resource_customizations), bundled with GitOps Desk. A kind&apos;s health comes from your argocd-cm first, then from these, then from the compiled rules for built-in kinds. <span data-testid="bundled-counts">{bundledCountText(bundled.kinds)}</span>.
      </p>
      <div className="filters">
        <label className="filter">
          <span>Search kinds</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="group/Kind, e.g. rollout" />
        </label>
        <span className="muted" role="status" aria-label="Shown kinds">
          {visible.length} of {bundled.kinds.length}
        </span>
      </div>
      <KindRows kinds={visible} />
    </section>
  )
}

function KindRows({ kinds }: { kinds: BundledCustomization[] }) {
  const scroller = useRef<HTMLDivElement>(null)
  const rows = useVirtualizer({ count: kinds.length, getScrollElement: () => scroller.current, estimateSize: () => 32, overscan: 10 })
  if (kinds.length === 0) return <p className="muted">No bundled kind matches.</p>
  return (
    <div className="table bundled-table" role="table" aria-label="Argo CD's bundled kinds" aria-rowcount={kinds.length + 1}>
      <div className="row head" role="row">
        {['Kind', 'Health check', 'Actions'].map((h) => (
          <span role="columnheader" key={h}>
            {h}
          </span>
        ))}
      </div>
      {/* Focusable so the list scrolls from the keyboard too. */}
      <div className="bundled-rows" ref={scroller} role="rowgroup" tabIndex={0} aria-label="bundled kinds, scrollable">
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {rows.getVirtualItems().map((item) => {
            const k = kinds[item.index]!
            return (
              <div key={k.key} className="row" role="row" aria-rowindex={item.index + 2} data-kind={k.key} style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, width: '100%' }}>
                <span role="cell" className="mono" title={k.key}>
                  {shownKey(k.key)}
                </span>
                <span role="cell">{k.health ? 'health' : '—'}</span>
                <span role="cell" title={k.actions.join(', ')}>
                  {k.actions.join(', ') || '—'}
                </span>
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}

