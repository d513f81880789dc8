import type { AppSummary } from '../../../shared/api'
import { plural } from '../ui/plural'

interface Props {
  selected: AppSummary[]
  /** What the last command started or failed, if any. */
  result: string | null
  onSync(): void
  onRefresh(): void
  onClear(): void
}

/** The commands on the selected apps; always there (disabled with nothing selected), so the list below never moves. */
export function BulkBar(props: Props) {
  const none = props.selected.length === 0
  return (
    <div className="bulk-bar" role="group" aria-label="Selected applications">
      <span className="muted">{none ? 'Select apps to sync or refresh them together' : `${plural(props.selected.length, 'app')} selected`}</span>
      <button onClick={props.onSync} disabled={none}>
        Sync selected
      </button>
      <button onClick={props.onRefresh} disabled={none}>
        Refresh selected
      </button>
      <button className="link" onClick={props.onClear} disabled={none}>
        Clear selection
      </button>
      <span className="muted" role="status" aria-label="Result of the last command">
        {props.result}
      </span>
    </div>
  )
}
