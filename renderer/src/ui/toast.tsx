import * as Toast from '@radix-ui/react-toast'
import { X } from 'lucide-react'
import { memo, useEffect, useState } from 'react'

/**
 * One toast for results (Radix Toast: announced politely, or assertively for errors; F8 reaches
 * the region; Esc or the close button dismisses). `notify` may be called from anywhere in the
 * renderer; the one <Toaster/> in App shows it. A toast adds to a screen's own result text, it
 * never replaces an error a user must read.
 */
export type ToastKind = 'success' | 'error' | 'info'
export interface ToastNote {
  title: string
  body?: string
  kind: ToastKind
}
interface Shown extends ToastNote {
  id: number
}

let show: ((note: Shown) => void) | null = null
let nextId = 0

export function notify(note: ToastNote): void {
  show?.({ ...note, id: ++nextId })
}

/** How many toasts stay on screen at once: the oldest goes first. */
const maxShown = 4

// Memoised: it has no props, and the shell renders again on every key typed in the search.
export const Toaster = memo(function Toaster() {
  const [notes, setNotes] = useState<Shown[]>([])
  useEffect(() => {
    show = (note) => setNotes((shown) => [...shown.slice(-(maxShown - 1)), note])
    return () => {
      show = null
    }
  }, [])
  const dismiss = (id: number) => setNotes((shown) => shown.filter((n) => n.id !== id))
  return (
    <Toast.Provider swipeDirection="right" duration={6000} label="Notification">
      {notes.map((n) => (
        <Toast.Root key={n.id} className={`toast toast-${n.kind}`} type={n.kind === 'error' ? 'foreground' : 'background'} duration={n.kind === 'error' ? 12_000 : undefined} onOpenChange={(open) => open || dismiss(n.id)}>
          <div className="toast-text">
            <Toast.Title className="toast-title">{n.title}</Toast.Title>
            {n.body && <Toast.Description className="toast-body">{n.body}</Toast.Description>}
          </div>
          <Toast.Close className="quiet toast-close" aria-label="Dismiss">
            <X size={14} aria-hidden="true" />
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className="toast-viewport" />
    </Toast.Provider>
  )
})
