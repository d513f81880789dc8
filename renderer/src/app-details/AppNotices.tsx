import type { ReactNode } from 'react'
import type { ClusterInfo, GitopsApi } from '../../../shared/api'
import { ErrorAlert } from '../ui/ErrorAlert'
import { SyncWindowNotice } from '../projects/SyncWindowNotice'
import { ClusterUnreachable } from './AppNotes'

interface Props {
  api: GitopsApi
  app: string
  /** The app was deleted elsewhere (the CLI, another window) while its page is open. */
  gone: boolean
  /** What the page is doing now ("Starting the sync…"). */
  busy: string | null
  error: string | null
  /** What a resource command said. */
  notice: string | null
  context: ClusterInfo | undefined
  reconciledAt: string | undefined
}

/**
 * The app page's notices, in one area of fixed height under the header: a notice that comes or
 * goes never moves the Sync panel or the tree under the pointer (they scroll inside it when many).
 */
export function AppNotices(props: Props) {
  return (
    <div className="app-notices">
      {props.gone && (
        <p role="alert" className="error">
          Application {props.app} no longer exists: it was deleted elsewhere. Nothing here can sync, refresh or delete it.
        </p>
      )}
      {props.busy && <Status>{props.busy}</Status>}
      <ErrorAlert error={props.error} />
      <SyncWindowNotice api={props.api} app={props.app} changed={props.reconciledAt} />
      <ClusterUnreachable context={props.context} />
      {props.notice && <Status>{props.notice}</Status>}
    </div>
  )
}

function Status({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="muted">
      {children}
    </p>
  )
}
