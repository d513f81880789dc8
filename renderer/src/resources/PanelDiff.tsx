import { useEffect, useState } from 'react'
import type { GitopsApi, ResourceDetails, ResourceDiff } from '../../../shared/api'
import { errorText } from '../state/errors'
import { ResourceDiffPane } from '../diff/ResourceDiffPane'
import { ErrorAlert } from '../ui/ErrorAlert'

/**
 * The panel's Diff tab: live against desired in the same Monaco diff as the diff page (collapsed
 * unchanged regions, side by side or inline), sized to the panel. A resource with nothing in Git
 * to compare with (owned by another, or extra) says so instead.
 */
export function PanelDiff({ api, app, details, onOpen }: { api: GitopsApi; app: string; details: ResourceDetails; onOpen(): void }) {
  const [diff, setDiff] = useState<ResourceDiff | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [inline, setInline] = useState(false)
  const [collapse, setCollapse] = useState(true)
  // The live object changed (a sync, an edit): compare again.
  const { key, managed, live } = details
  useEffect(() => {
    if (!managed) return
    let cancelled = false
    setDiff(null)
    setError(null)
    api.diffResource(app, key).then(
      (d) => !cancelled && setDiff(d),
      (e: unknown) => !cancelled && setError(errorText(e)),
    )
    return () => void (cancelled = true)
  }, [api, app, key, managed, live])
  if (!managed) {
    const owner = details.owners.map((o) => `${o.kind} ${o.name}`).join(', ')
    return <p className="muted" data-testid="panel-diff-none">No desired state: {owner ? `owned by ${owner}` : 'made in the cluster'}, not in Git, so there is nothing to compare (Argo CD does not diff it either).</p>
  }
  if (error) return <ErrorAlert error={error} />
  if (!diff) return <p role="status">Comparing…</p>
  return (
    <div className="panel-diff" data-testid="panel-diff">
      <p className="panel-diff-note">
        {details.desired === null ? <span data-testid="panel-diff-none">Not in Git (an extra resource): no desired state, the right side is empty. </span> : details.live === null ? <span>Not in the cluster yet (Missing): the left side is empty. </span> : null}
        <button className="link" onClick={onOpen}>
          Open in the diff view
        </button>
      </p>
      <ResourceDiffPane diff={diff} inline={inline} collapse={collapse} onInline={setInline} onCollapse={setCollapse} />
    </div>
  )
}
