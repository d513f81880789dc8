import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { GitopsApi, MenuAction } from '../../shared/api'
import { AppDetails, type ScreenCommands } from './app-details/AppDetails'
import { AppEditor } from './apps/AppEditor'
import { AppList } from './apps/AppList'
import { DiffView } from './diff/DiffView'
import { SettingsPage } from './settings/SettingsPage'
import { AppSetsPage } from './appsets/AppSetsPage'
import { ClustersPage } from './clusters/ClustersPage'
import { ProjectsPage } from './projects/ProjectsPage'
import { ReposPage } from './repos/ReposPage'
import { CommandPalette } from './clusters/CommandPalette'
import { TopBar } from './shell/TopBar'
import { StatusBar } from './shell/StatusBar'
import { errorText } from './state/errors'
import { filterApps, filterOf, paramsOf } from './apps/filter'
import { useDesk } from './state/use-desk'
import { useShortcuts } from './state/use-shortcuts'
import { hashOf, parseRoute, type ListParams, type Route } from './shell/route'
import { notify, Toaster } from './ui/toast'
import { LeaveDialog, unsavedEdits } from './shell/leave-guard'

export function App({ api }: { api: GitopsApi }) {
  const [route, setRouteState] = useState<Route>(() => parseRoute(window.location.hash))
  const [favourites, setFavourites] = useState<Set<string>>(() => new Set(JSON.parse(localStorage.getItem('gitops-desk.favourites') ?? '[]') as string[]))
  const [notice, setNotice] = useState<string | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  // The command palette (`k`, the context button, the menu's Switch Cluster): open or not.
  const [palette, setPalette] = useState(false)
  const openPalette = useCallback(() => setPalette(true), [])

  // The list's filters and sort live in its URL. The list as last seen is remembered: going back
  // to it (the brand, Esc, a page's Back) shows it so, and its URL says so.
  const lastList = useRef(route.page === 'list' ? route.params : undefined)
  /** Opens a page; `replace` changes the current history entry instead (a panel's tab: Back leaves the panel, not each tab). */
  const [leaving, setLeaving] = useState<{ what: string; to: Route } | null>(null)
  const go = useCallback((wanted: Route, options: { replace?: boolean } = {}) => {
    const next: Route = wanted.page === 'list' && !('params' in wanted) && lastList.current ? { page: 'list', params: lastList.current } : wanted
    // An editor with unsaved edits is left only once the user says so (LeaveDialog below).
    const what = unsavedEdits()
    if (what && hashOf(next) !== window.location.hash) return setLeaving({ what, to: next })
    if (next.page === 'list') lastList.current = next.params
    if (options.replace) window.history.replaceState(null, '', hashOf(next))
    else window.location.hash = hashOf(next)
    setRouteState(next)
  }, [])
  /** A filter or sort change: a new history entry, except while typing the search (one entry for the whole word). */
  const setList = (params: ListParams | undefined, typing = false) => {
    const next: Route = params ? { page: 'list', params } : { page: 'list', params: {} }
    if (!typing || route.page !== 'list') return go(next)
    lastList.current = params
    window.history.replaceState(window.history.state, '', hashOf(next))
    setRouteState(next)
  }
  const shown = useRef(route)
  shown.current = route
  const listParams = route.page === 'list' ? route.params : lastList.current
  const filter = useMemo(() => filterOf(listParams), [listParams])
  useEffect(() => {
    const onHash = () => {
      const next = parseRoute(window.location.hash)
      // Back, Forward or a typed URL away from unsaved edits: the page stays (its URL too) until the user says.
      const what = unsavedEdits()
      if (what && hashOf(next) !== hashOf(shown.current)) return (window.history.replaceState(null, '', hashOf(shown.current)), setLeaving({ what, to: next }))
      if (next.page === 'list') lastList.current = next.params
      setRouteState(next)
    }
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])

  // A new page opens at its top: the main area would otherwise keep the last page's scroll (New
  // app opened under its own title). A panel, tab or filter on the same page keeps its place.
  const content = useRef<HTMLElement>(null)
  const page = route.page === 'app' || route.page === 'diff' || route.page === 'edit' ? `${route.page}/${route.name}` : route.page
  useEffect(() => {
    content.current?.scrollTo(0, 0)
  }, [page])

  const routeRef = useRef(route)
  useEffect(() => {
    routeRef.current = route
  }, [route])

  // Commands are calls, never state: a key press or a menu item runs the command of the view on
  // screen at that moment, for the app it shows. Nothing is remembered for a later mount.
  const screen = useRef<ScreenCommands | null>(null)
  const registerCommands = useCallback((commands: ScreenCommands) => {
    screen.current = commands
    return () => {
      if (screen.current === commands) screen.current = null
    }
  }, [])
  const onScreen = useCallback((run: (commands: ScreenCommands) => void) => {
    const current = routeRef.current
    const commands = screen.current
    if (current.page === 'app' && commands?.app === current.name) run(commands)
  }, [])

  const onMenu = useCallback(
    (action: MenuAction, app?: string) => {
      if (action === 'open-app' && app) go({ page: 'app', name: app })
      else if (action === 'find') searchRef.current?.focus()
      else if (action === 'switch-cluster') openPalette()
      else if (action === 'new-app') go({ page: 'new' })
      else if (action === 'sync') onScreen((c) => c.sync())
      else if (action === 'refresh' || action === 'hard-refresh') onScreen((c) => c.refresh(action === 'hard-refresh'))
    },
    [go, onScreen, openPalette],
  )
  const desk = useDesk(api, onMenu)
  const { state } = desk

  // The theme follows the OS unless settings pick one.
  useEffect(() => {
    const theme = state.settings?.theme ?? 'system'
    if (theme === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme
  }, [state.settings?.theme])

  useShortcuts({ routeRef, go, onScreen, searchRef, onPalette: openPalette })

  const switchCluster = async (name: string) => {
    try {
      await api.useCluster(name)
      setNotice(`Active cluster: ${name}`)
      notify({ title: `Switched to ${name}`, kind: 'success' })
      await Promise.all([desk.reloadClusters(), desk.reloadApps()])
    } catch (e) {
      setNotice(errorText(e))
      notify({ title: `Could not switch to ${name}`, kind: 'error' })
    }
  }
  const toggleFavourite = (name: string) =>
    setFavourites((f) => {
      const next = new Set(f)
      if (!next.delete(name)) next.add(name)
      localStorage.setItem('gitops-desk.favourites', JSON.stringify([...next]))
      return next
    })

  return (
    <div className="shell">
      <TopBar
        clusters={state.clusters}
        onPalette={openPalette}
        search={filter.text}
        onSearch={(text) => setList(paramsOf({ ...filter, text }, listParams?.sort), true)}
        onSearchEnter={() => {
          // Enter opens the app when the search leaves exactly one.
          const matches = filterApps(state.apps, filter, favourites)
          if (matches.length === 1) go({ page: 'app', name: matches[0]!.name })
        }}
        onHome={() => go({ page: 'list' })}
        onSettings={() => go({ page: 'settings' })}
        onAppSets={() => go({ page: 'appsets' })}
        onClusters={() => go({ page: 'clusters' })}
        onProjects={() => go({ page: 'projects' })}
        onRepos={() => go({ page: 'repos' })}
        onNewApp={() => go({ page: 'new' })}
        searchRef={searchRef}
      />
      <main className="content" ref={content}>
        {state.error && (
          <p role="alert" className="error">
            {state.error}
          </p>
        )}
        {route.page === 'list' && (
          <AppList
            api={api}
            apps={state.apps}
            clusters={state.clusters}
            filter={filter}
            onFilter={(next) => setList(paramsOf(next, listParams?.sort))}
            sort={listParams?.sort}
            onSort={(sort) => setList(paramsOf(filter, sort))}
            favourites={favourites}
            onToggleFavourite={toggleFavourite}
            onOpen={(name) => go({ page: 'app', name })}
            onNewApp={(example) => go(example ? { page: 'new', example: true } : { page: 'new' })}
            loaded={state.loaded}
          />
        )}
        {route.page === 'app' && (
          <AppDetails
            key={route.name}
            api={api}
            name={route.name}
            clusters={state.clusters}
            operation={state.operations[route.name]}
            liveStatus={state.statuses[route.name]}
            liveTree={state.trees[route.name]}
            gone={state.removed.has(route.name)}
            panel={route.resource ? { resource: route.resource, tab: route.tab ?? 'summary' } : null}
            onPanel={(panel, replace) => go(panel ? { page: 'app', name: route.name, resource: panel.resource, tab: panel.tab } : { page: 'app', name: route.name }, { replace })}
            onDiff={(key) => go(key ? { page: 'diff', name: route.name, key } : { page: 'diff', name: route.name })}
            onEdit={() => go({ page: 'edit', name: route.name })}
            onDeleted={() => {
              void desk.reloadApps()
              go({ page: 'list' })
            }}
            registerCommands={registerCommands}
          />
        )}
        {route.page === 'diff' && <DiffView key={`${route.name}/${route.key ?? ''}`} api={api} name={route.name} initialKey={route.key} clusters={state.clusters} onBack={() => go({ page: 'app', name: route.name })} />}
        {(route.page === 'new' || route.page === 'edit') && (
          <AppEditor
            key={route.page === 'edit' ? route.name : 'new'}
            api={api}
            clusters={state.clusters}
            name={route.page === 'edit' ? route.name : undefined}
            example={route.page === 'new' && !!route.example}
            onSaved={(name) => {
              void desk.reloadApps()
              go({ page: 'app', name })
            }}
            onCancel={() => go({ page: 'list' })}
          />
        )}
        {route.page === 'clusters' && (
          <ClustersPage
            clusters={state.clusters}
            apps={state.apps}
            onSwitch={(name) => void switchCluster(name)}
            onShowApps={(context) => go({ page: 'list', params: { cluster: context } })}
            onOpenApp={(name) => go({ page: 'app', name })}
          />
        )}
        {route.page === 'projects' && <ProjectsPage api={api} apps={state.apps} selected={route.name} onSelect={(name) => go(name ? { page: 'projects', name } : { page: 'projects' })} onOpenApp={(name) => go({ page: 'app', name })} />}
        {route.page === 'repos' && <ReposPage api={api} apps={state.apps} onOpenApp={(name) => go({ page: 'app', name })} onSettings={() => go({ page: 'settings' })} />}
        {route.page === 'appsets' && <AppSetsPage api={api} onOpenApp={(name) => go({ page: 'app', name })} />}
        {route.page === 'settings' && (
          <SettingsPage
            api={api}
            clusters={state.clusters}
            onClustersChanged={() => void desk.reloadClusters()}
            onSettings={(settings) => desk.setState((s) => ({ ...s, settings }))}
          />
        )}
      </main>
      <StatusBar api={api} notice={notice} apps={state.apps} />
      <Toaster />
      {leaving && <LeaveDialog what={leaving.what} onStay={() => setLeaving(null)} onLeave={() => (setLeaving(null), go(leaving.to))} />}
      {palette && <CommandPalette clusters={state.clusters} apps={state.apps} onClose={() => setPalette(false)} onSwitch={(name) => void switchCluster(name)} onOpenApp={(name) => go({ page: 'app', name })} />}
    </div>
  )
}
