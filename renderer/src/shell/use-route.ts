import { startTransition, useCallback, useEffect, useRef, useState } from 'react'
import { rememberedResourceView } from '../resources/resource-views'
import { unsavedEdits } from './leave-guard'
import { hashOf, openingApp, parseRoute, type ListParams, type Route } from './route'

/** How long the search may rest before its URL is written: one history write per pause, not per key. */
const typingUrlDelayMs = 250

export interface RouteState {
  route: Route
  /** Opens a page; `replace` changes the current history entry instead (a panel's tab: Back leaves the panel, not each tab). */
  go(wanted: Route, options?: { replace?: boolean }): void
  /** A filter or sort change: a new history entry, except while typing the search (one entry for the whole word, written when typing pauses). */
  setList(params: ListParams | undefined, typing?: boolean): void
  /** The list's params: the list's own on the list, else the list as last seen. */
  listParams: ListParams | undefined
  /** Writes a pending search URL now (Enter in the search: the URL says what was searched). */
  flushUrl(): void
  /** A page left with unsaved edits waits for the user (LeaveDialog): what has them, and where the user was going. */
  leaving: { what: string; to: Route } | null
  /** Stay: the page and its edits are kept. */
  stay(): void
}

/**
 * The page and its URL. The list's filters and sort live in its URL. The list as last seen is
 * remembered: going back to it (the brand, Esc, a page's Back) shows it so, and its URL says so.
 * While the search is typed the screen follows each key and the URL follows when typing pauses
 * (history.replaceState costs about 2 ms a key with 1,000 apps on screen); any navigation, a
 * reload or leaving the page writes it first, so Back, a reload and a copied URL keep the search.
 */
export function useRoute(): RouteState {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash))
  const lastList = useRef(route.page === 'list' ? route.params : undefined)
  const shownPage = useRef(route.page)
  /**
   * Another page is a transition: its code may still be loading (shell/pages.ts), and React keeps
   * this page on screen until it is there rather than showing an empty page (whose replacement
   * React would hold back up to 300 ms). A change on the same page (a filter, a tab) is at once.
   */
  const setRouteState = useCallback((next: Route) => {
    const other = next.page !== shownPage.current
    shownPage.current = next.page
    if (other) startTransition(() => setRoute(next))
    else setRoute(next)
  }, [])
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; hash: string } | null>(null)

  const flushUrl = useCallback(() => {
    const waiting = pending.current
    if (!waiting) return
    clearTimeout(waiting.timer)
    pending.current = null
    window.history.replaceState(window.history.state, '', waiting.hash)
  }, [])
  const [leaving, setLeaving] = useState<{ what: string; to: Route } | null>(null)
  const shown = useRef(route)
  shown.current = route
  const go = useCallback(
    (wanted: Route, options: { replace?: boolean } = {}) => {
      flushUrl()
      const listed: Route = wanted.page === 'list' && !('params' in wanted) && lastList.current ? { page: 'list', params: lastList.current } : wanted
      // An app opened from elsewhere (the list, the palette) opens in the resource view chosen last.
      const next = openingApp(parseRoute(window.location.hash), listed, rememberedResourceView())
      // An editor with unsaved edits is left only once the user says so (LeaveDialog).
      const what = unsavedEdits()
      if (what && hashOf(next) !== window.location.hash) return setLeaving({ what, to: next })
      if (next.page === 'list') lastList.current = next.params
      if (options.replace) window.history.replaceState(null, '', hashOf(next))
      else window.location.hash = hashOf(next)
      setRouteState(next)
    },
    [flushUrl, setRouteState],
  )
  const setList = useCallback(
    (params: ListParams | undefined, typing = false) => {
      const next: Route = params ? { page: 'list', params } : { page: 'list', params: {} }
      if (!typing || parseRoute(window.location.hash).page !== 'list') return go(next)
      lastList.current = params
      if (pending.current) clearTimeout(pending.current.timer)
      pending.current = { hash: hashOf(next), timer: setTimeout(flushUrl, typingUrlDelayMs) }
      setRouteState(next)
    },
    [go, flushUrl, setRouteState],
  )

  useEffect(() => {
    // Back or Forward: the entry moved to says what is shown; a search URL not yet written is dropped, not written over it.
    const onHash = () => {
      if (pending.current) clearTimeout(pending.current.timer)
      pending.current = null
      const next = parseRoute(window.location.hash)
      // Back, Forward or a typed URL away from unsaved edits: the page stays (its URL too) until the user says.
      const what = unsavedEdits()
      if (what && hashOf(next) !== hashOf(shown.current)) return (window.history.replaceState(null, '', hashOf(shown.current)), setLeaving({ what, to: next }))
      if (next.page === 'list') lastList.current = next.params
      setRouteState(next)
    }
    window.addEventListener('hashchange', onHash)
    window.addEventListener('pagehide', flushUrl)
    return () => {
      window.removeEventListener('hashchange', onHash)
      window.removeEventListener('pagehide', flushUrl)
      flushUrl()
    }
  }, [flushUrl, setRouteState])

  const stay = useCallback(() => setLeaving(null), [])
  return { route, go, setList, listParams: route.page === 'list' ? route.params : lastList.current, flushUrl, leaving, stay }
}
