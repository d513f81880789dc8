import { useState, type KeyboardEvent } from 'react'

/**
 * Esc inside an inline panel of the app page (Sync options, Delete) closes that panel, as Esc
 * closes a dialog, and the focus goes back to what opened it. The key is the panel's: the page's
 * Esc (back to the list) does not also act, wherever the focus is in the panel.
 */
export function useEscapeCloses(close: () => void): (e: KeyboardEvent) => void {
  // What had the focus when the panel opened: its button in the app header, usually.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null))
  return (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return
    e.preventDefault()
    close()
    if (opener?.isConnected) opener.focus()
  }
}
