import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { GitopsApi, MenuAction } from '../../shared/api'
import type { ScreenCommands } from './app-details/AppDetails'
import { AppList } from './apps/AppList'
import { isArgoAppId } from '../../shared/argocd-model'
import { AppDetails, ArgoAppDetails, AppEditor, AppSetsPage, ClustersPage, CommandPalette, CompareView, DiffView, preloadAppPages, ProjectsPage, ReposPage, SettingsPage } from './shell/pages'
import { appSetSiblings } from './diff/compare-pairs'
import { TopBar } from './shell/TopBar'
import { StatusBar } from './shell/StatusBar'
import { errorText } from './state/errors'
import { filterApps, filterOf, paramsOf } from './apps/filter'
import { useDesk } from './state/use-desk'
import { useShortcuts } from './state/use-shortcuts'
import { viewOf, withView } from './shell/route'
import { rememberResourceView } from './resources/resource-views'
import { useRoute } from './shell/use-route'
import { notify, Toaster } from './ui/toast'
import { LeaveDialog } from './shell/leave-guard'

export function App({ api }: { api: GitopsApi }) {
  const { route, go, setList, listParams, flushUrl, leaving, stay } = useRoute()
  const [favourites, setFavourites] = useState<Set<string>>(() => new Set(JSON.parse(localStorage.getItem('gitops-desk.favourites') ?? '[]') as string[]))
  const [notice, setNotice] = useState<string | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  // The command palette (`k`, the context button, the menu's Switch Cluster): open or not.
  const [palette, setPalette] = useState(false)
  const openPalette = useCallback(() => setPalette(true), [])
  const filter = useMemo(() => filterOf(listParams), [listParams])

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
  // Argo CD instances' apps beside the local ones (named argocd@…; their status is Argo CD's).
  const allApps = useMemo(() => (state.argoApps.length ? [...state.apps, ...state.argoApps] : state.apps), [state.apps, state.argoApps])

  // Once the apps are shown, the app page's and the diff's code load while the window is idle.
  useEffect(() => {
    if (state.loaded) preloadAppPages()
  }, [state.loaded])

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
          flushUrl()
          // Enter opens the app when the search leaves exactly one.
          const matches = filterApps(allApps, filter, favourites)
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
        <Suspense fallback={null}>
          {state.error && (
            <p role="alert" className="error">
              {state.error}
            </p>
          )}
          {route.page === 'list' && (
            <AppList
              api={api}
              apps={allApps}
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
          {route.page === 'app' && isArgoAppId(route.name) && (
            <ArgoAppDetails
              key={route.name}
              api={api}
              id={route.name}
              clusters={state.clusters}
              live={state.argo[route.name]}
              listed={state.argoApps.some((a) => a.name === route.name)}
              onManagedLocally={(name) => {
                void desk.reloadApps()
                go({ page: 'app', name })
              }}
              onDeleted={() => go({ page: 'list' })}
              panel={route.resource ? { resource: route.resource, tab: route.tab ?? 'summary' } : null}
              onPanel={(panel, replace) => go({ page: 'app', name: route.name, ...panel }, { replace })}
            />
          )}
          {route.page === 'app' && !isArgoAppId(route.name) && (
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
              onPanel={(panel, replace) => go({ ...withView({ page: 'app', name: route.name }, viewOf(route)), ...panel }, { replace })}
              view={viewOf(route)}
              onView={(view) => {
                rememberResourceView(view)
                go(withView(route, view))
              }}
              onDiff={(key) => go(key ? { page: 'diff', name: route.name, key } : { page: 'diff', name: route.name })}
              compare={{ pairs: appSetSiblings(state.apps, route.name).map((a) => a.name), open: (pair) => go(pair ? { page: 'compare', left: { app: route.name, live: true }, right: { app: pair, live: true } } : { page: 'compare', left: { app: route.name } }) }}
              onEdit={() => go({ page: 'edit', name: route.name })}
              onDeleted={() => {
                void desk.reloadApps()
                go({ page: 'list' })
              }}
              registerCommands={registerCommands}
            />
          )}
          {route.page === 'diff' && <DiffView key={`${route.name}/${route.key ?? ''}`} api={api} name={route.name} initialKey={route.key} clusters={state.clusters} onBack={() => go({ page: 'app', name: route.name })} />}
          {route.page === 'compare' && <CompareView api={api} apps={state.apps} left={route.left} right={route.right} onCompare={(left, right) => go({ page: 'compare', left, right })} onBack={() => go({ page: 'app', name: route.left.app })} />}
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
              api={api}
              clusters={state.clusters}
              apps={allApps}
              onShowInstance={(instance) => go({ page: 'list', params: { instance } })}
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
        </Suspense>
      </main>
      <StatusBar api={api} notice={notice} apps={allApps} />
      <Toaster />
      {leaving && <LeaveDialog what={leaving.what} onStay={stay} onLeave={() => (stay(), go(leaving.to))} />}
      <Suspense fallback={null}>
        {palette && <CommandPalette clusters={state.clusters} apps={allApps} onClose={() => setPalette(false)} onSwitch={(name) => void switchCluster(name)} onOpenApp={(name) => go({ page: 'app', name })} />}
      </Suspense>
    </div>
  )
}
