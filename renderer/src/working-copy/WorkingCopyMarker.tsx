import type { GitopsApi } from '../../../shared/api'
import { useWorkingCopy } from './use-working-copy'

/**
 * The app page's sign that a working copy is in use (the diff page shows it, not Git): the same
 * words as the diff page's bar, a link there. Nothing while the app compares with Git.
 */
export function WorkingCopyMarker({ api, app, onOpen }: { api: GitopsApi; app: string; onOpen(): void }) {
  const state = useWorkingCopy(api, app).state
  if (!state) return null
  const files = state.files.length
  return (
    <button className="working-copy-marker quiet" onClick={onOpen} title={`${state.dir} at ${state.revision}: ${files} uncommitted file${files === 1 ? '' : 's'}. Open the diff`}>
      working copy (uncommitted)
    </button>
  )
}
