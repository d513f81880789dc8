import { useCallback, useEffect, useRef, useState } from 'react'
import type { GitopsApi, MenuAction } from '../../shared/api'
import { AppDetails, type ScreenCommands } from './app-details/AppDetails'
import { AppEditor } from './apps/AppEditor'
import { AppList } from './apps/AppList'
import { DiffView } from './diff/DiffView'
import { SettingsPage } from './settings/SettingsPage'
import { AppSetsPage } from './appsets/AppSetsPage'
import { ClustersPage } from './clusters/ClustersPage'
import { TopBar } from './shell/TopBar'
import { StatusBar } from './shell/StatusBar'
import { errorText } from './state/errors'
import { emptyFilter, type AppFilter } from './apps/filter'
import { useDesk } from './state/use-desk'
import { useShortcuts } from './state/use-shortcuts'
import { hashOf, parseRoute, type Route } from './shell/route'

export function App({ api }: { api: GitopsApi }) {
  const [route, setRouteState] = useState<Route>(() => parseRoute(window.location.hash))
  const [filter, setFilter] = useState<AppFilter>(emptyFilter)
  const [favourites, setFavourites] = useState<Set<string>>(() => new Set(JSON.parse(localStorage.getItem('gitops-desk.favourites') ?? '[]') as string[]))
  const [notice, setNotice] = useState<string | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const clusterRef = useRef<HTMLButtonElement>(null)

  /** Opens a page; `replace` changes the current history entry instead (a panel's tab: Back leaves the panel, not each tab). */
  const go = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    if (options.replace) window.history.replaceState(null, '', hashOf(next))
    else window.location.hash = hashOf(next)
    setRouteState(next)
  }, [])
  useEffect(() => {
    const onHash = () => setRouteState(parseRoute(window.location.hash))
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])

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
      else if (action === 'switch-cluster') clusterRef.current?.focus()
      else if (action === 'new-app') go({ page: 'new' })
      else if (action === 'sync') onScreen((c) => c.sync())
      else if (action === 'refresh' || action === 'hard-refresh') onScreen((c) => c.refresh(action === 'hard-refresh'))
    },
    [go, onScreen],
  )
  const desk = useDesk(api, onMenu)
  const { state } = desk

  // The theme follows the OS unless settings pick one.
  useEffect(() => {
    const theme = state.settings?.theme ?? 'system'
    if (theme === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme
  }, [state.settings?.theme])

  useShortcuts({ routeRef, go, onScreen, searchRef, clusterRef })

  const switchCluster = async (name: string) => {
    try {
      await api.useCluster(name)
      setNotice(`Active cluster: ${name}`)
      await Promise.all([desk.reloadClusters(), desk.reloadApps()])
    } catch (e) {
      setNotice(errorText(e))
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
        onSwitch={(name) => void switchCluster(name)}
        search={filter.text}
        onSearch={(text) => {
          setFilter((f) => ({ ...f, text }))
          if (route.page !== 'list') go({ page: 'list' })
        }}
        onHome={() => go({ page: 'list' })}
        onSettings={() => go({ page: 'settings' })}
        onAppSets={() => go({ page: 'appsets' })}
        onClusters={() => go({ page: 'clusters' })}
        onNewApp={() => go({ page: 'new' })}
        searchRef={searchRef}
        clusterRef={clusterRef}
      />
      <main className="content">
        {state.error && (
          <p role="alert" className="error">
            {state.error}
          </p>
        )}
        {route.page === 'list' && (
          <AppList
            apps={state.apps}
            clusters={state.clusters}
            filter={filter}
            onFilter={setFilter}
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
            onShowApps={(context) => {
              setFilter({ ...emptyFilter, cluster: context })
              go({ page: 'list' })
            }}
            onOpenApp={(name) => go({ page: 'app', name })}
          />
        )}
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
    </div>
  )
}
