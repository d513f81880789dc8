import { useEffect, type RefObject } from 'react'
import type { Route } from '../shell/route'
import type { ScreenCommands } from '../app-details/AppDetails'
import { focusPathOf, shortcutMayAct } from './shortcut-focus'

interface Shortcuts {
  routeRef: RefObject<Route>
  go(next: Route): void
  onScreen(run: (commands: ScreenCommands) => void): void
  searchRef: RefObject<HTMLInputElement | null>
  /** Opens the command palette (the cluster switcher). */
  onPalette(): void
}

/** The single-key shortcuts of the whole window. */
export function useShortcuts({ routeRef, go, onScreen, searchRef, onPalette }: Shortcuts): void {
  // Keyboard: / search, r refresh, s sync, d diff, k the palette (switch cluster), n new app, Esc back to the list.
  // Only when no editor, field, menu, dialog or the resource panel has focus (shortcut-focus):
  // a key typed there belongs there.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || !shortcutMayAct(focusPathOf(e.target instanceof Element ? e.target : document.activeElement))) return
      const current = routeRef.current
      const onApp = current.page === 'app'
      const command: (() => void) | undefined =
        e.key === '/' ? () => searchRef.current?.focus()
        : e.key === 'k' ? onPalette
        : e.key === 'n' ? () => go({ page: 'new' })
        : onApp && e.key === 'r' ? () => onScreen((c) => c.refresh(false))
        : onApp && e.key === 's' ? () => onScreen((c) => c.sync())
        : onApp && e.key === 'd' ? () => go({ page: 'diff', name: current.name })
        : e.key === 'Escape' && current.page !== 'list' ? () => go({ page: 'list' })
        : undefined
      if (!command) return
      // The key is the command's: it does not also land in a field the command focuses (a
      // protected context's confirmation after `s`, the search box after `/`).
      e.preventDefault()
      command()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [go, onScreen, routeRef, searchRef, onPalette])
}
