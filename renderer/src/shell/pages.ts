import { lazy } from 'react'

/**
 * The pages besides the list, each a chunk of its own loaded when first opened: the list's first
 * render (the page most launches show) parses and runs none of their code, nor the libraries
 * only they use (the bundle is not minified). App.tsx shows them inside a Suspense boundary, and
 * opening another page is a transition (use-route.ts): a page still loading never shows empty.
 */
const appPage = () => import('../app-details/AppDetails')
const diffPage = () => import('../diff/DiffView')
const palette = () => import('../clusters/CommandPalette')

export const AppDetails = lazy(() => appPage().then((m) => ({ default: m.AppDetails })))
export const ArgoAppDetails = lazy(() => import('../app-details/argocd/ArgoAppDetails').then((m) => ({ default: m.ArgoAppDetails })))
export const AppEditor = lazy(() => import('../apps/AppEditor').then((m) => ({ default: m.AppEditor })))
export const DiffView = lazy(() => diffPage().then((m) => ({ default: m.DiffView })))
export const CompareView = lazy(() => import('../diff/CompareView').then((m) => ({ default: m.CompareView })))
export const SettingsPage = lazy(() => import('../settings/SettingsPage').then((m) => ({ default: m.SettingsPage })))
export const AppSetsPage = lazy(() => import('../appsets/AppSetsPage').then((m) => ({ default: m.AppSetsPage })))
export const ClustersPage = lazy(() => import('../clusters/ClustersPage').then((m) => ({ default: m.ClustersPage })))
export const ProjectsPage = lazy(() => import('../projects/ProjectsPage').then((m) => ({ default: m.ProjectsPage })))
export const ReposPage = lazy(() => import('../repos/ReposPage').then((m) => ({ default: m.ReposPage })))
export const CommandPalette = lazy(() => palette().then((m) => ({ default: m.CommandPalette })))

let preloaded = false
/**
 * Loads the code of the pages opened from the list (an app, its diff) and of the palette (`k`) the next time the window is
 * idle, once: their first open then waits for no chunk (~60-90 ms through the web harness).
 */
export function preloadAppPages(): void {
  if (preloaded) return
  preloaded = true
  const load = () => void Promise.all([appPage(), diffPage(), palette()]).catch(() => undefined)
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(load, { timeout: 5000 })
  else setTimeout(load, 1000)
}
