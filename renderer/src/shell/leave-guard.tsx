import { useEffect } from 'react'
import { Modal } from '../ui/Modal'

/** What on screen has unsaved edits (one editor at a time), or null. */
let unsaved: string | null = null

/** While `dirty`, leaving the page asks first (in the app, not window.confirm): `what` names the editor. */
export function useUnsavedEdits(what: string, dirty: boolean) {
  useEffect(() => {
    if (!dirty) return
    unsaved = what
    return () => void (unsaved === what && (unsaved = null))
  }, [what, dirty])
}

export const unsavedEdits = () => unsaved
/** The edits were saved or are given up: leaving asks nothing any more (before the editor re-renders). */
export const forgetUnsavedEdits = () => void (unsaved = null)

/** Asks whether to leave an editor with unsaved edits; Stay (or Esc) keeps the page and its edits, Leave gives them up. */
export function LeaveDialog({ what, onLeave, onStay }: { what: string; onLeave(): void; onStay(): void }) {
  const leave = () => {
    forgetUnsavedEdits()
    onLeave()
  }
  return (
    <Modal
      kind="alert"
      title="Leave without saving?"
      description={`${what} has edits that are not saved; leaving discards them.`}
      onClose={onStay}
      cancelLabel="Stay"
      actions={
        <button type="button" className="danger" onClick={leave}>
          Leave
        </button>
      }
    />
  )
}
