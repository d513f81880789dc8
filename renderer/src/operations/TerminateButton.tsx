import { useState } from 'react'
import { Modal } from '../ui/Modal'

interface Props {
  /** The app whose operation it stops (named in the question). */
  app: string
  /** An operation runs: only then can it be terminated. */
  running: boolean
  onTerminate(): void
  className?: string
  /** Keep the button's place while nothing runs (hidden and disabled) so the row never shifts. */
  reserve?: boolean
}

/**
 * Terminate, asked first as Argo CD's UI asks it ("Are you sure you want to terminate the
 * operation?"): a sync stopped halfway leaves the cluster between two states. Cancel, Esc or the
 * operation ending on its own close the question without terminating anything.
 */
export function TerminateButton(props: Props) {
  const [asking, setAsking] = useState(false)
  const hidden = props.reserve && !props.running
  return (
    <>
      <button className={props.className} onClick={() => setAsking(true)} disabled={!props.running} aria-hidden={hidden || undefined}>
        Terminate
      </button>
      {asking && props.running && (
        <Modal
          kind="alert"
          title={`Terminate the operation of ${props.app}`}
          description="Are you sure you want to terminate the operation? Resources already synced stay as they are; the rest are not synced."
          onClose={() => setAsking(false)}
          actions={
            <button
              className="danger"
              onClick={() => {
                setAsking(false)
                props.onTerminate()
              }}
            >
              Terminate
            </button>
          }
        />
      )}
    </>
  )
}
